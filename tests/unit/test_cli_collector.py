"""The garbage collector and the CLI's start-up (issue 23 item 3).

A brief command runs with the cyclic collector paused and restores it. The program (the
``planner`` script, ``python -m planner``) prints and exits exactly as :func:`main` does; after
a brief command with no exit handler and no other thread it ends the process at once
(``os._exit``), otherwise it freezes what it leaves and exits as usual.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from planner.cli import _fit, _laws
from planner.cli._main import BRIEF_COMMANDS, main
from planner.cli._parser import COMMANDS


def test_brief_commands_are_commands_and_the_long_ones_are_not_brief():
    assert set(BRIEF_COMMANDS) <= set(COMMANDS)
    assert not {"fit", "sweep", "figure", "serve"} & BRIEF_COMMANDS


@pytest.mark.parametrize(("module", "argv", "paused"), [
    (_laws, ["laws"], True),
    (_fit, ["fit", "runs.csv"], False),
])  # fmt: skip
@pytest.mark.parametrize("enabled_before", [True, False])
def test_a_brief_command_runs_with_the_collector_paused_and_restores_it(
    monkeypatch, module, argv, paused, enabled_before
):
    seen = []
    monkeypatch.setattr(module, "run", lambda args: seen.append(gc.isenabled()))
    was = gc.isenabled()
    try:
        (gc.enable if enabled_before else gc.disable)()
        assert main(argv) == 0
        assert seen == [enabled_before and not paused]
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was else gc.disable)()


def test_the_collector_is_restored_when_a_brief_command_fails(capsys):
    assert gc.isenabled()
    assert main(["plan", "-3"]) == 2
    assert gc.isenabled()


def _program(*argv, before=""):
    """Run ``program()`` in a fresh interpreter; ``after`` is printed if it returns."""
    code = (
        "import gc, sys\n"
        f"{before}\n"
        "from planner.cli._main import program\n"
        f"sys.argv = ['planner', *{list(argv)!r}]\n"
        "code = program()\n"
        "print('after', gc.get_freeze_count() > 0, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_a_brief_program_prints_what_main_prints_and_ends_the_process_at_once(capsys):
    done = _program("plan", "1e22", "--json")
    assert main(["plan", "1e22", "--json"]) == 0
    out, _ = capsys.readouterr()
    assert done.returncode == 0 and json.loads(done.stdout) == json.loads(out)
    assert done.stdout == out
    assert "after" not in done.stderr  # os._exit: program() never returned


def test_the_program_exits_with_mains_code_and_one_line():
    done = _program("plan", "-3")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [done.stderr.splitlines()[0]]
    assert done.stderr.startswith("planner: error:")
    module = subprocess.run(
        [sys.executable, "-m", "planner", "plan", "-3"], capture_output=True, text=True
    )
    assert module.returncode == 2 and module.stderr == done.stderr


def test_a_long_command_returns_and_freezes_what_it_leaves(tmp_path):
    done = _program("fit", str(tmp_path / "missing.csv"))
    assert done.returncode == 2 and done.stderr.startswith("planner: error:")
    assert done.stderr.splitlines()[-1] == "after True"


@pytest.mark.parametrize("before", [
    "import atexit; atexit.register(print, 'handler ran', file=sys.stderr)",
    "import threading, time; threading.Thread(target=time.sleep, args=(0.3,)).start()",
])  # fmt: skip
def test_an_exit_handler_or_a_running_thread_keeps_the_usual_exit(before):
    done = _program("plan", "1e22", "--json", before=before)
    assert done.returncode == 0 and json.loads(done.stdout)["law"] == "besiroglu2024"
    assert "after True" in done.stderr
    assert ("handler ran" in done.stderr) is ("atexit" in before)


def test_a_reader_that_stops_early_ends_the_program_quietly_with_code_zero():
    """73 KB of JSON into a pipe closed after one byte: the flush meets EPIPE."""
    script = (
        f"{sys.executable!r} -m planner plan 1e24 --json | head -c 1 >/dev/null; "
        "echo ${PIPESTATUS[0]}"
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "0" and done.stderr == ""


@pytest.mark.parametrize(("argv", "unbuffered"), [
    (["laws"], False),  # fits the buffer: fails when the program flushes before it ends
    (["plan", "1e22", "--json"], False),  # 70 KB, past the buffer: fails in the print
    (["laws"], True),  # every print written at once: fails in the print
])  # fmt: skip
def test_output_that_cannot_be_written_is_one_line_and_code_74(argv, unbuffered):
    """A full disk (/dev/full) is never a silent success, wherever the write fails."""
    import os

    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "planner", *argv],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
    assert done.returncode == 74, done.stderr
    assert done.stderr.splitlines() == [
        "planner: error: cannot write the output: [Errno 28] No space left on device"
    ]
