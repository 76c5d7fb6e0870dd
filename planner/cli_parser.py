"""The command line's grammar: subcommands, options and their types, one-line usage errors.

Every number option parses by the planner's one number grammar (:data:`NUMBER_GRAMMAR`);
each subcommand names the function that runs it (``set_defaults(func=...)``), so adding a
command is one parser block here and one small function in :mod:`planner.cli`.
"""

from __future__ import annotations

import argparse
import typing
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from planner.defaults import BUDGET_UNITS
from planner.errors import PlannerError
from planner.limits import GPUS_MAX, MFU_RANGE, PRICE_MAX

__all__ = [
    "EXIT_USAGE",
    "UsageError",
    "build_parser",
    "law_arg",
    "number_arg",
    "one_line",
    "whole_arg",
]


class UsageError(PlannerError):
    """A combination of options that makes no sense (exit code 2, one line)."""


EXIT_USAGE = 2


def _terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it (COLUMNS, stdout, 80)."""
    import os
    import sys

    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, without importing shutil (3.7 ms of every start) for the width."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)}\n")


def one_line(message: str) -> str:
    """One line, with any quoted value longer than 60 characters shortened."""
    import re

    def cut(match: re.Match[str]) -> str:
        inner = match.group(1)
        return f"'{inner[:50]}'... ({len(inner)} characters)" if len(inner) > 60 else match[0]

    text = re.sub(r"'([^']*)'", cut, " ".join(message.split()))
    return text if len(text) <= 400 else text[:396] + " ..."


def law_arg(text: str) -> str:
    """An argparse type: a law id or law file; an empty value is refused, never the default."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "needs a law id or a law file, got an empty value (leave --law out for the default)"
        )
    return text


def number_arg(low: float, high: float, *, low_open: bool = True) -> Callable[[str], float]:
    """An argparse type: a number by the planner's grammar, within (low, high]."""

    def parse(text: str) -> float:
        from planner.errors import InputError
        from planner.units import parse_quantity

        try:
            value = parse_quantity(text, name="value")
        except InputError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix("value: ")) from None
        if not ((value > low) if low_open else (value >= low)) or value > high:
            bracket = "(" if low_open else "["
            raise argparse.ArgumentTypeError(
                f"must be in {bracket}{low:g}, {high:g}], got {one_line(repr(text))}"
            )
        return value

    return parse


def whole_arg(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high] by the planner's grammar."""

    def parse(text: str) -> int:
        from planner.errors import InputError
        from planner.units import parse_whole

        try:
            return parse_whole(text, name="value", low=low, high=high)
        except InputError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix("value: ")) from None

    return parse


def add_hardware_options(
    p: argparse.ArgumentParser,
    *,
    gpus_help: str = "GPUs, for wall-clock days",
    price_help: str = "dollars per GPU-hour",
) -> None:
    """``--gpu``, ``--mfu``, ``--gpus`` and ``--price``: the same checks for every subcommand.

    Parameters
    ----------
    p : argparse.ArgumentParser
        The subcommand's parser (plan, compare, run, sweep).
    gpus_help, price_help : str
        What the GPU count and the price are for in this subcommand.

    Returns
    -------
    None
    """
    p.add_argument(
        "--gpu",
        default=None,
        metavar="ID",
        help="accelerator id (default h100-sxm; see `planner hardware`)",
    )
    p.add_argument(
        "--mfu",
        type=number_arg(MFU_RANGE[0], MFU_RANGE[1], low_open=False),
        default=None,
        help="model FLOPs utilisation in [0.001, 1] (default 0.40)",
    )
    p.add_argument("--gpus", type=whole_arg(1, GPUS_MAX), default=None, metavar="K", help=gpus_help)
    p.add_argument(
        "--price", type=number_arg(0, PRICE_MAX), default=None, metavar="USD", help=price_help
    )


class HardwareKwargs(typing.TypedDict, total=False):
    """The hardware keywords of :func:`planner.plan` (None: its default)."""

    accelerator: str | None
    mfu: float | None
    n_gpus: int | None
    price_per_gpu_hour: float | None


def hardware_kwargs(args: argparse.Namespace) -> HardwareKwargs:
    """The options of :func:`add_hardware_options` as :func:`planner.plan`'s keywords.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by a parser with :func:`add_hardware_options`.

    Returns
    -------
    HardwareKwargs
        ``accelerator``, ``mfu``, ``n_gpus``, ``price_per_gpu_hour`` (None: the default).
    """
    return {
        "accelerator": args.gpu,
        "mfu": args.mfu,
        "n_gpus": args.gpus,
        "price_per_gpu_hour": args.price,
    }


def _add_budget_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--unit",
        default="flops",
        choices=list(BUDGET_UNITS),
        help="unit of BUDGET (default: flops)",
    )
    add_hardware_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _add_emergence_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--tasks", action="append", default=[], metavar="FILE", help="extra task file (repeatable)"
    )
    p.add_argument(
        "--threshold",
        action="append",
        default=[],
        metavar="TASK=LOSS",
        help="your own measured threshold for TASK on the law's loss scale (repeatable)",
    )
    p.add_argument(
        "--threshold-offset",
        type=number_arg(-100, 100, low_open=False),
        default=None,
        metavar="X",
        help="offset from each threshold's loss scale to the law's, if you have measured it",
    )


def _fittable_kinds() -> list[str]:
    """The law kinds `planner fit --kind` accepts, from the kinds themselves."""
    from planner.frozen import field_default
    from planner.kinds import ScalingLaw

    members = typing.get_args(typing.get_args(ScalingLaw)[0])
    return [str(field_default(m, "kind")) for m in members if m.FIT_PARAMETERS]


def _fit_kind(text: str) -> str:
    """An argparse type: a kind that declares fit parameters.

    Checked when the option is given, so building the parser imports no law kind (numpy and
    pydantic stay unloaded for ``--help`` and the commands that need neither).
    """
    kinds = _fittable_kinds()
    if text not in kinds:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {one_line(repr(text))} (choose from {', '.join(kinds)})"
        )
    return text


Command = Callable[[argparse.Namespace], None]


def build_parser(commands: Mapping[str, Command]) -> argparse.ArgumentParser:
    """The parser of ``planner``; ``commands`` maps each subcommand to its function."""
    from planner.cli_run import (
        add_figure_parser,
        add_run_options,
        add_run_parser,
        add_serve_parser,
        add_sweep_parser,
    )
    from planner.units import NUMBER_GRAMMAR

    parser = _Parser(
        prog="planner",
        description="Compute-allocation planner for language-model pre-training. "
        "With no command, opens the terminal UI.",
        epilog=f"Numbers: {NUMBER_GRAMMAR}. Bad input exits with code 2 and one line on "
        "stderr; Ctrl-C exits with 130.",
    )
    parser.add_argument(
        "--law-file",
        action="append",
        default=[],
        metavar="PATH",
        help="with no command: a law file to offer in the terminal UI (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser(
        "plan",
        help="plan a budget, a given model, or a target loss",
        description="Plan BUDGET (FLOPs by default), or a given model (--params N --tokens D), "
        "or the least compute for --target-loss L.",
    )
    p.set_defaults(func=commands["plan"])
    p.add_argument("budget", nargs="?", help="training budget, e.g. 1e24, 5.76e23")
    p.add_argument(
        "--law",
        default=None,
        type=law_arg,
        metavar="ID|PATH",
        help="law id or law file (default besiroglu2024)",
    )
    p.add_argument("--max-params", default=None, metavar="N", help="cap on parameters, e.g. 70B")
    p.add_argument("--params", default=None, metavar="N", help="fixed parameter count")
    p.add_argument("--tokens", default=None, metavar="D", help="fixed token count")
    p.add_argument(
        "--unique-tokens", default=None, metavar="U", help="unique tokens available (repetition)"
    )
    p.add_argument(
        "--inference-tokens", default=None, metavar="T", help="expected inference tokens"
    )
    p.add_argument(
        "--target-loss", default=None, metavar="L", help="plan the least compute reaching loss L"
    )
    p.add_argument(
        "--like",
        default=None,
        metavar="FAMILY",
        help="task scores for a data recipe like FAMILY's (a family of the score calibration, "
        "e.g. qwen1.5, pythia, llama-2; an unknown name lists them)",
    )
    p.add_argument(
        "--recipe",
        default=None,
        choices=("general", "code"),
        help="the run's data recipe for the task scores: general (web text, the default) or "
        "code (mostly source code, like StarCoder); with --like, that family's",
    )
    p.add_argument(
        "--until",
        default=None,
        metavar="TASK[=SCORE]",
        help="plan the least compute at which TASK emerges (its score's 80%% lower bound "
        "reaching chance + 5 points, or its loss threshold), or with "
        "=SCORE (a fraction, e.g. mmlu=0.6) at which its score's 80%% lower bound reaches SCORE",
    )
    p.add_argument(
        "--experts",
        type=whole_arg(1, 1_000_000),
        default=None,
        metavar="E",
        help="a mixture of experts with E experts: refused with the reason, as every shipped "
        "law is dense (no MoE law's constants could be read in its source)",
    )
    p.add_argument(
        "--top-k",
        type=whole_arg(1, 1_000_000),
        default=None,
        metavar="K",
        help="experts routed per token (with --experts)",
    )
    _add_emergence_options(p)
    add_run_options(p)
    _add_budget_options(p)

    t = sub.add_parser("tasks", help="list the task-family registry")
    t.set_defaults(func=commands["tasks"])
    t.add_argument("--tasks", action="append", default=[], metavar="FILE", help="extra task file")
    t.add_argument("--json", action="store_true", help="print JSON")

    m = sub.add_parser(
        "mirage",
        help="exact match vs token edit distance across compute",
        description="The same per-token improvement under two metrics (Schaeffer et al. 2023).",
    )
    m.set_defaults(func=commands["mirage"])
    m.add_argument(
        "--answer-tokens",
        type=whole_arg(1, 10_000),
        required=True,
        metavar="L",
        help="answer length in tokens",
    )
    m.add_argument(
        "--law",
        default=None,
        type=law_arg,
        metavar="ID|PATH",
        help="law id or law file (default besiroglu2024)",
    )
    m.add_argument("--json", action="store_true", help="print one JSON object")

    f = sub.add_parser(
        "fit",
        help="fit a law to your own (N, D, loss) runs",
        description="Fit L = E + A/N^alpha + B/D^beta to RUNS.csv "
        "(Huber/LSE, Hoffmann et al. grid).",
    )
    f.set_defaults(func=commands["fit"])
    f.add_argument("runs", help="CSV with n_params, loss and n_tokens or compute_flops")
    f.add_argument("--params-col", default="n_params", metavar="NAME")
    f.add_argument("--tokens-col", default=None, metavar="NAME")
    f.add_argument("--compute-col", default=None, metavar="NAME")
    f.add_argument("--loss-col", default="loss", metavar="NAME")
    f.add_argument(
        "--kind",
        default="parametric",
        type=_fit_kind,
        metavar="KIND",
        help="law kind to fit: parametric (default; E + A/N^alpha + B/D^beta) or another kind "
        "that declares fit parameters, e.g. gadre (Gadre et al. 2024)",
    )
    f.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COL=VALUE",
        help="keep only rows whose column COL is VALUE (repeatable)",
    )
    f.add_argument(
        "--task-col",
        action="append",
        default=[],
        metavar="TASK=COLUMN",
        help="also fit TASK's score (a fraction in [0, 1] in COLUMN) as a sigmoid of the runs' "
        "loss, written with the law so that plans predict it (repeatable; e.g. "
        "hellaswag=acc_hellaswag)",
    )
    f.add_argument(
        "--max-params",
        type=number_arg(0, 1e16),
        default=None,
        metavar="N",
        help="keep only runs with at most N parameters (hold out a ladder's large runs)",
    )
    f.add_argument(
        "--drop-highest",
        type=whole_arg(0, 2**31),
        default=0,
        metavar="K",
        help="drop the K highest-loss runs",
    )
    f.add_argument(
        "--bootstrap",
        type=whole_arg(0, 1_000_000),
        default=0,
        metavar="K",
        help="bootstrap resamples",
    )
    f.add_argument(
        "--seed", type=whole_arg(0, 2**63 - 1), default=0, help="bootstrap seed, >= 0 (default 0)"
    )
    f.add_argument(
        "--level", type=number_arg(0, 0.9999), default=0.95, help="interval coverage (default 0.95)"
    )
    f.add_argument(
        "--holdout-fraction",
        type=number_arg(0, 0.9, low_open=False),
        default=0.1,
        metavar="F",
        help="share of largest-compute runs held out and predicted (default 0.1; 0 to skip)",
    )
    f.add_argument(
        "--approach2", action="store_true", help="also fit iso-FLOP profiles (Approach 2)"
    )
    f.add_argument(
        "--out",
        default=None,
        metavar="FILE",
        help="write the fit as a law file (never over RUNS; an existing file only with --force)",
    )
    f.add_argument(
        "--force",
        action="store_true",
        help="with --out: replace an existing file (its mode is kept), and write a fit "
        "flagged degenerate",
    )
    f.add_argument(
        "--replace-read-only",
        action="store_true",
        help="with --force: also replace a read-only file (refused otherwise)",
    )
    f.add_argument("--law-id", default=None, metavar="ID", help="id of the written law")
    f.add_argument("--loss-scale", default=None, metavar="ID", help="id of your loss scale")
    f.add_argument("--corpus", default=None, help="corpus the losses were measured on")
    f.add_argument("--tokenizer", default=None, help="tokenizer of the runs")
    f.add_argument(
        "--parameter-convention",
        default="total",
        choices=["total", "non-embedding"],
        help="whether N counts embeddings (default total)",
    )
    f.add_argument("--json", action="store_true", help="print one JSON object")

    add_run_parser(sub, commands)
    add_figure_parser(sub, commands)
    add_serve_parser(sub, commands)
    add_sweep_parser(sub, commands)

    c = sub.add_parser("compare", help="one budget through every law")
    c.set_defaults(func=commands["compare"])
    c.add_argument("budget", help="training budget, e.g. 1e24")
    _add_budget_options(c)

    lw = sub.add_parser("laws", help="list the law registry")
    lw.set_defaults(func=commands["laws"])
    lw.add_argument("--json", action="store_true", help="print JSON")
    hw = sub.add_parser("hardware", help="list the accelerator catalogue")
    hw.set_defaults(func=commands["hardware"])
    hw.add_argument("--json", action="store_true", help="print JSON")
    return parser
