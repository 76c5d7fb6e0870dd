"""The same app in a browser (issue 13 item 10): `planner serve` driven by a real headless
Chromium through Playwright.

The browser is Debian's Chromium (`apt-get install chromium`, which .ci/run does); the test is
marked `browser`, left out of the default run (a fresh machine has no Chromium) and run by
.ci/run, never skipped. textual-serve draws the terminal on a canvas (xterm.js); to read the
screen, the test keeps a handle on the page's xterm Terminal (a one-line change of the served
script, in the test's request routing only) and reads its buffer, the text the user sees.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner import plan
from planner.units import format_count

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
# Chromium as this machine's closed network needs it (no background connections, no GPU)
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
READ_SCREEN = """() => {
  const t = window.__plannerTerm;
  if (!t) return "";
  const b = t.buffer.active, out = [];
  for (let i = 0; i < b.length; i++) out.push(b.getLine(i).translateToString(true));
  return out.join("\\n");
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"planner serve exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"planner serve did not listen on {port} in {timeout} s")


def _keep_terminal(route):  # type: ignore[no-untyped-def]
    response = route.fetch()
    body, n = re.subn(
        r"this\.terminal=new (\w+)\.Terminal\(",
        r"this.terminal=window.__plannerTerm=new \1.Terminal(",
        response.text(),
    )
    assert n == 1, "textual-serve's script changed: no `this.terminal=new X.Terminal(`"
    route.fulfill(response=response, body=body)


def test_the_planner_in_a_browser_plans_a_typed_budget(tmp_path):
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "no /usr/bin/chromium: apt-get install chromium (.ci/run does)"
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port, proc)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.route("**/textual.js", _keep_terminal)
            page.goto(f"http://localhost:{port}/")
            first = format_count(plan(1e24).n_params)  # the app opens on 1e24
            page.wait_for_function(
                f"() => ({READ_SCREEN})().includes('parameters N')", timeout=60_000
            )
            assert first in page.evaluate(READ_SCREEN)
            page.focus(".xterm-helper-textarea")  # keys to the app; its focus stays on Budget
            page.keyboard.press("End")
            for _ in range(8):
                page.keyboard.press("Backspace")
            page.keyboard.type("5.76e23")
            wanted = format_count(plan(5.76e23).n_params)
            page.wait_for_function(
                f"() => ({READ_SCREEN})().includes('5.76e23 FLOPs')", timeout=30_000
            )
            screen = page.evaluate(READ_SCREEN)
            row = next(line for line in screen.splitlines() if "parameters N" in line)
            assert wanted in row, row
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _serve_and_open(tmp_path, viewport):  # type: ignore[no-untyped-def]
    """Start `planner serve`, open it in Chromium at ``viewport``; yield (page, hosts asked)."""
    import contextlib

    from playwright.sync_api import sync_playwright

    @contextlib.contextmanager
    def opened():  # type: ignore[no-untyped-def]
        assert CHROMIUM.exists(), "no /usr/bin/chromium: apt-get install chromium (.ci/run does)"
        port = _free_port()
        log = (tmp_path / "serve.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "planner", "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        hosts: set[str] = set()
        try:
            _wait_for_port(port, proc)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
                page = browser.new_page(viewport=viewport)
                page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
                page.route("**/textual.js", _keep_terminal)
                page.goto(f"http://localhost:{port}/")
                page.wait_for_function(
                    f"() => ({READ_SCREEN})().includes('parameters N')", timeout=60_000
                )
                yield page, hosts, port
                browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()

    return opened()


def test_a_phone_sees_every_tab_and_whole_values_offline(tmp_path):
    """Issue 22 item 9 (1, 2): at 390 x 844 the terminal is 43 x 46 cells of 9 x 18 px; every
    tab is on the bar, the plan's values wrap whole, and no request leaves this machine."""
    with _serve_and_open(tmp_path, {"width": 390, "height": 844}) as (page, hosts, port):
        cols, rows = page.evaluate("() => [window.__plannerTerm.cols, window.__plannerTerm.rows]")
        assert (cols, rows) == (43, 46)  # tests/tui/test_phone.py drives the app at this size
        bar = "Plan  Charts  Compare  Run  Scenarios"  # all five on one line, in the 43 columns
        page.wait_for_function(f"() => ({READ_SCREEN})().includes('{bar}')", timeout=30_000)
        screen = page.evaluate(READ_SCREEN)
        assert "1.74T" in screen and "nats/token" in screen  # the loss's unit, not "nats/toke"
        # the font too: no fonts.googleapis.com (the page names its server 127.0.0.1)
        assert hosts <= {f"localhost:{port}", f"127.0.0.1:{port}"}, hosts


def test_a_burst_of_keys_edits_in_typing_order(tmp_path):
    """Issue 22 item 9 (3): End, 8 Backspace, `3e25` at once left `25` (or nothing) before."""
    with _serve_and_open(tmp_path, {"width": 1280, "height": 800}) as (page, _, _port):
        page.focus(".xterm-helper-textarea")
        for value in ("3e25", "4e24", "5e23", "6e22", "7e21"):  # each a new plan
            page.keyboard.press("End")
            for _ in range(8):
                page.keyboard.press("Backspace")
            page.keyboard.type(value)
            shown = f"{value[0]}.00{value[1:]} FLOPs"
            page.wait_for_function(f"() => ({READ_SCREEN})().includes('{shown}')", timeout=30_000)
            lines = page.evaluate(READ_SCREEN).splitlines()
            at = next(i for i, line in enumerate(lines) if line.strip().startswith("Budget"))
            assert lines[at + 1].split()[0] == value, lines[at + 1]
