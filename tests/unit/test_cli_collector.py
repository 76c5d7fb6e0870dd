"""The garbage collector and the CLI's start-up (issue 23 item 3).

A brief command runs with the cyclic collector paused and restores it; the program (the
``planner`` script, ``python -m planner``) freezes what it leaves before exiting, and prints and
exits exactly as :func:`main` does.
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


def _program(*argv):
    code = (
        "import gc, sys\n"
        "from planner.cli._main import program\n"
        f"sys.argv = ['planner', *{list(argv)!r}]\n"
        "code = program()\n"
        "print(gc.get_freeze_count() > 0, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_the_program_prints_what_main_prints_then_freezes_what_it_leaves(capsys):
    done = _program("plan", "1e22", "--json")
    assert main(["plan", "1e22", "--json"]) == 0
    out, _ = capsys.readouterr()
    assert done.returncode == 0 and json.loads(done.stdout) == json.loads(out)
    assert done.stdout == out
    assert done.stderr.splitlines()[-1] == "True"


def test_the_program_exits_with_mains_code_and_one_line():
    done = _program("plan", "-3")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith("planner: error:")
    assert done.stderr.splitlines()[-1] == "True"
    module = subprocess.run(
        [sys.executable, "-m", "planner", "plan", "-3"], capture_output=True, text=True
    )
    assert module.returncode == 2 and module.stderr == done.stderr.rsplit("True\n", 1)[0]
