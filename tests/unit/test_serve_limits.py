"""Issue 24 items 4 and 5: `planner serve` on loopback by default, with a session cap, a size
cap and its children ended with it; bad hosts and busy ports exit 2 with one line.

Against a real server on 127.0.0.1 (every wait bounded)."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from testdata import run_cli

from planner.cli._web import check_host

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(c) for c in text]
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize(
    ("host", "needle"), [("", "--host: empty"), ("a b", "--host: cannot resolve 'a b'")]
)
def test_bad_hosts_exit_2_with_one_line(capsys, host, needle):
    code, _, err = run_cli(capsys, "serve", "--host", host)
    assert code == 2 and needle in err and err.count("\n") == 1  # was 70 for 'a b'


def test_loopback_is_told_from_every_interface():
    assert check_host("127.0.0.1", 80) and check_host("localhost", 80)
    assert not check_host("0.0.0.0", 80)


def test_a_port_in_use_exits_2_with_one_line(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = run_cli(capsys, "serve", "--port", str(port))
    assert code == 2 and f"--port {port}: cannot listen" in err and err.count("\n") == 1


@pytest.mark.slow  # starts a server and two planner children (~5 s)
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_sessions_and_sizes_are_capped_and_children_end_with_the_server(tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve", "--port", str(port), "--max-sessions", "2",
         "--max-width", "100", "--max-height", "40"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        asyncio.run(_sessions(port, proc.pid))
        proc.send_signal(signal.SIGINT)
        kids = _children(proc.pid) if proc.poll() is None else []
        proc.wait(timeout=30)
        end = time.monotonic() + 10
        while any(_alive(k) for k in kids) and time.monotonic() < end:
            time.sleep(0.2)
        assert not [k for k in kids if _alive(k)], "a child outlived the server"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


async def _sessions(port: int, server_pid: int) -> None:
    url = f"http://127.0.0.1:{port}/ws?width=5000&height=5000"
    async with aiohttp.ClientSession() as client:
        first = await client.ws_connect(url)
        second = await client.ws_connect(url)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(url)
        assert refused.value.status == 503  # the third session is refused
        kids: list[int] = []
        for _ in range(100):  # the children start: at most 10 s
            kids = _children(server_pid)
            if len(kids) == 2:
                break
            await asyncio.sleep(0.1)
        assert len(kids) == 2  # one process per session (the shell exec's the planner)
        for kid in kids:
            env = dict(
                item.split("=", 1)
                for item in Path(f"/proc/{kid}/environ").read_text().split("\0")
                if "=" in item
            )
            assert (env["COLUMNS"], env["ROWS"]) == ("100", "40")  # not 5000 x 5000
        await first.send_json(["resize", {"width": 9000, "height": 9000}])
        await second.close()
        await first.close()
