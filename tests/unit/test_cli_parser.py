"""The parser built for one command parses, helps and refuses as the parser of every command.

``build_parser(argv)`` declares only the command ``argv`` names (issue 23 item 3: the CLI's
start-up). Whatever reaches the user must be what the full parser gives: the namespace, the
command's ``--help``, and the one-line errors with their exit code.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from planner.cli._parser import COMMANDS, build_parser


def _outcome(parser, argv):
    """(namespace or None, exit code, stdout, stderr) of parsing ``argv``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            return vars(parser.parse_args(argv)), None, out.getvalue(), err.getvalue()
        except SystemExit as exc:
            return None, exc.code, out.getvalue(), err.getvalue()


LINES = [
    ["plan", "1e24", "--json"],
    ["plan", "3e23", "--until", "mmlu=0.6", "--json", "--gpus", "64", "--mfu", "0.5"],
    ["plan", "1e24", "--experts", "64", "--top-k", "1", "--tasks", "a.toml", "--tasks", "b"],
    ["run", "--params", "70B", "--tokens", "2T", "--gpu", "h100-sxm", "--gpus", "1024"],
    [
        "run",
        "--params",
        "671B",
        "--active-params",
        "37B",
        "--experts",
        "256",
        "--top-k",
        "8",
        "--tokens",
        "14.8T",
        "--gpu",
        "h800",
        "--gpus",
        "2048",
        "--recompute",
        "full",
    ],
    ["compare", "1e24", "--unit", "pf-days"],
    ["fit", "runs.csv", "--kind", "parametric"],
    ["sweep", "1e22", "1e24"],
    ["laws", "--json"],
    ["hardware"],
    ["tasks"],
    ["mirage"],
    ["serve", "--port", "8001"],
    ["figure", "1e24"],
    # refusals: a bad number, an unknown option, a missing value, an unknown choice
    ["plan", "1e24", "--gpus", "-1"],
    ["plan", "1e24", "--bogus"],
    ["run", "--params"],
    ["plan", "1e24", "--precision", "fp4"],
    # help of a command
    ["plan", "--help"],
    ["run", "-h"],
    ["compare", "--help"],
]


@pytest.mark.parametrize("argv", LINES, ids=[" ".join(a) for a in LINES])
def test_the_parser_of_one_command_gives_what_the_full_parser_gives(argv):
    assert _outcome(build_parser(argv), argv) == _outcome(build_parser(), argv)


@pytest.mark.parametrize("argv", [["--help"], ["nosuch"], ["pla"], [], ["--law-file"]])
def test_a_first_word_that_names_no_command_declares_every_command(argv):
    """``planner --help``, a typo, nothing: the full parser, listing every command."""
    assert _outcome(build_parser(argv), argv) == _outcome(build_parser(), argv)
    assert build_parser(argv).format_help() == build_parser().format_help()
    assert all(name in build_parser(argv).format_help() for name in COMMANDS)


def test_a_first_word_that_is_no_command_builds_every_command():
    """``--law-file x plan``: the first word is an option, so every command is declared."""
    argv = ["--law-file", "x.toml", "plan", "1e24", "--json"]
    parsed, code, _, _ = _outcome(build_parser(argv), argv)
    assert code is None and parsed["law_file"] == ["x.toml"] and parsed["json"] is True
