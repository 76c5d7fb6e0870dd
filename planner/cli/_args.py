"""The command line's argument types and shared option groups, and its one-line usage errors.

Every number option parses by the planner's one number grammar (:data:`NUMBER_GRAMMAR`);
each subcommand names the function that runs it (``set_defaults(func=...)``), so adding a
command is one parser block here and one small function in :mod:`planner.cli._main`.
"""

from __future__ import annotations

import argparse
import math
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from planner.defaults import BUDGET_UNITS
from planner.errors import InputError, PlannerError
from planner.limits import GOODPUT_RANGE, GPUS_MAX, MFU_RANGE, PRICE_MAX

if TYPE_CHECKING:
    from planner.planning._records import Budget, HardwareOptions
    from planner.run._sheet import EnergyOptions

__all__ = [
    "EXIT_USAGE",
    "HARDWARE_FLAGS",
    "Formatter",
    "Parser",
    "UsageError",
    "add_budget_options",
    "add_emergence_options",
    "add_hardware_options",
    "add_moe_options",
    "add_run_options",
    "add_unit_option",
    "add_wide_option",
    "budget_of",
    "energy_options",
    "fit_kind",
    "fittable_kinds",
    "hardware_options",
    "law_arg",
    "number_arg",
    "one_line",
    "table_width",
    "terminal_columns",
    "whole_arg",
    "wrap_prose",
]


class UsageError(PlannerError):
    """A combination of options that makes no sense (exit code 2, one line)."""


EXIT_USAGE = 2


def terminal_columns() -> int:
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


def table_width(wide: bool) -> int | None:
    """The width a table is fitted to (:func:`planner.report._width.fit_table`), or None for all.

    ``--wide`` prints every column. Otherwise ``COLUMNS`` when set (as rich honours it, so a
    script or test can ask for a width), else the width of the terminal on stdout; when stdout is
    not a terminal and ``COLUMNS`` is unset (a pipe, a file, a test), every column, so scripts
    read the same table as before widths were fitted (issue 22 item 7).

    Parameters
    ----------
    wide : bool
        ``--wide`` was given.

    Returns
    -------
    int or None
    """
    import os
    import sys

    if wide:
        return None
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    else:
        return columns if columns > 0 else None
    out = sys.__stdout__
    if out is None or not out.isatty():
        return None
    try:
        return os.get_terminal_size(out.fileno()).columns
    except (ValueError, OSError):
        return None


def wrap_prose(text: str, width: int | None) -> str:
    """A note under a table, wrapped at spaces to the table's width (whole when None).

    Parameters
    ----------
    text : str
        One line of prose.
    width : int or None
        From :func:`table_width`; None (a pipe, ``--wide``) leaves the line whole.

    Returns
    -------
    str
        Lines after the first indented two spaces; at least 20 columns wide.
    """
    if width is None:
        return text
    import textwrap

    return textwrap.fill(text, max(width, 20), subsequent_indent="  ")


def add_wide_option(p: argparse.ArgumentParser) -> None:
    """Add ``--wide``: print every column of a table whatever the terminal's width.

    Parameters
    ----------
    p : argparse.ArgumentParser
        A command's parser.

    Returns
    -------
    None
    """
    p.add_argument(
        "--wide",
        action="store_true",
        help="print every column (default: columns that do not fit the terminal are hidden, "
        "named in a footer line; output to a pipe or file keeps every column)",
    )


class Formatter(argparse.HelpFormatter):
    """argparse's help formatter, without importing shutil (3.7 ms of every start) for the width."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
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
    """An argparse type: a number by the planner's grammar, within (low, high] (high may be inf).

    Parsed where it enters, so a fault names the option as argparse does
    (``planner plan: error: argument --max-params: ...``), never the library's field.
    """

    def parse(text: str) -> float:
        from planner.units import parse_quantity

        try:
            value = parse_quantity(text, name="value")
        except InputError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix("value: ")) from None
        if not ((value > low) if low_open else (value >= low)) or value > high:
            bracket = "(" if low_open else "["
            rule = f"in {bracket}{low:g}, {high:g}]"
            if high == math.inf:  # as the library words it (check_real)
                rule = f"a finite number {'>' if low_open else '>='} {low:g}"
            raise argparse.ArgumentTypeError(f"must be {rule}, got {one_line(repr(text))}")
        return value

    return parse


def whole_arg(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high] by the planner's grammar."""

    def parse(text: str) -> int:
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
    """``--gpu``, ``--mfu``, ``--goodput``, ``--gpus``, ``--price``: one check per subcommand.

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
    p.add_argument(
        "--goodput",
        type=number_arg(GOODPUT_RANGE[0], GOODPUT_RANGE[1], low_open=False),
        default=None,
        help="share of the job's GPU time that trains, in [0.01, 1] (default 0.90, Llama 3 "
        "405B): GPU-hours and dollars buy peak x MFU x goodput",
    )
    p.add_argument("--gpus", type=whole_arg(1, GPUS_MAX), default=None, metavar="K", help=gpus_help)
    p.add_argument(
        "--price", type=number_arg(0, PRICE_MAX), default=None, metavar="USD", help=price_help
    )


def add_moe_options(p: argparse.ArgumentParser) -> None:
    """``--active-params``, ``--experts``, ``--top-k``, ``--ep``: a mixture of experts.

    Parameters
    ----------
    p : argparse.ArgumentParser
        The ``run`` subcommand's parser.

    Returns
    -------
    None
    """
    p.add_argument(
        "--active-params",
        type=number_arg(0, math.inf),
        default=None,
        metavar="N",
        help="a mixture of experts: parameters active per token, e.g. 37B (--params is then "
        "the total; the FLOPs count 6 x these)",
    )
    p.add_argument(
        "--experts",
        type=whole_arg(2, 1_000_000),
        default=None,
        metavar="E",
        help="routed experts per MoE layer (with --active-params and --top-k)",
    )
    p.add_argument(
        "--top-k",
        type=whole_arg(1, 1_000_000),
        default=None,
        metavar="K",
        help="routed experts chosen per token",
    )
    p.add_argument(
        "--ep",
        type=whole_arg(1, 1_000_000),
        default=None,
        metavar="E",
        help="fix the expert-parallel degree (default: searched)",
    )


def add_experts_options(p: argparse.ArgumentParser, *, experts_help: str, top_k_help: str) -> None:
    """``--experts E`` and ``--top-k K``, the routing an MoE law plans at.

    Of ``plan``, ``compare``, ``sweep`` and ``figure``, each command saying in its help what it
    does with them. ``planner run``'s ``--experts`` is another option: the architecture of a
    given model (E >= 2, with ``--active-params``; :func:`add_moe_options`).

    Parameters
    ----------
    p : argparse.ArgumentParser
        The subcommand's parser.
    experts_help, top_k_help : str
        The options' help.

    Returns
    -------
    None
    """
    p.add_argument(
        "--experts", type=whole_arg(1, 1_000_000), default=None, metavar="E", help=experts_help
    )
    p.add_argument(
        "--top-k", type=whole_arg(1, 1_000_000), default=None, metavar="K", help=top_k_help
    )


def add_routing_options(p: argparse.ArgumentParser) -> None:
    """``--experts``, ``--top-k`` and ``--precision`` of ``compare`` and ``sweep``.

    Every law that plans the routing (``planner plan --experts E --top-k K``) is planned at it;
    the GPU-hours, days and cost are counted at the precision's dense peak.

    Parameters
    ----------
    p : argparse.ArgumentParser
        The subcommand's parser.

    Returns
    -------
    None
    """
    add_experts_options(
        p,
        experts_help="a mixture of experts with E experts: the MoE laws that plan this routing, "
        "at it (total and active parameters); the other laws are marked or refused, with the "
        "reason",
        top_k_help="experts routed per token (with --experts), as for planner plan",
    )
    p.add_argument(
        "--precision",
        choices=("bf16", "fp8"),
        default="bf16",
        help="GPU-hours, days and cost at the accelerator's cited dense peak for this "
        "precision (fp8: the MFU on the FP8 peak, as planner run --precision)",
    )


def hardware_options(args: argparse.Namespace) -> HardwareOptions:
    """The options of :func:`add_hardware_options` as the one hardware record.

    Built once here, from what the user typed (each option was checked by its argument type),
    and passed inward as a value: in the :class:`~planner.planning._records.Budget` or as
    ``hardware=`` of the planning calls.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by a parser with :func:`add_hardware_options`.

    Returns
    -------
    HardwareOptions
        ``--gpu``, ``--mfu``, ``--goodput``, ``--gpus``, ``--price`` (the record's defaults
        where not given).

    Raises
    ------
    InputError
        A field the record refuses, named by its option (``--gpu: ...``).
    """
    from planner.defaults import DEFAULT_ACCELERATOR, DEFAULT_GOODPUT, DEFAULT_MFU
    from planner.planning._records import HardwareOptions

    try:
        return HardwareOptions(
            accelerator=args.gpu or DEFAULT_ACCELERATOR,
            mfu=DEFAULT_MFU if args.mfu is None else args.mfu,
            price_per_gpu_hour=args.price,
            n_gpus=args.gpus,
            goodput=DEFAULT_GOODPUT if args.goodput is None else args.goodput,
        )
    except InputError as exc:
        raise _as_option(exc) from None


HARDWARE_FLAGS = {
    "price_per_gpu_hour": "--price (dollars per GPU-hour)",
    "n_gpus": "--gpus",
    "mfu": "--mfu",
    "goodput": "--goodput",
    "accelerator": "--gpu",
}
"""The CLI option each field of the hardware record comes from, for its errors."""


def _as_option(exc: InputError) -> InputError:
    """``exc`` naming the option the user types (``--mfu``) instead of the record's field.

    The record layer names a field ``HardwareOptions.mfu`` (or ``Budget.price_per_gpu_hour``
    for a dollar budget without a price); any other error is returned as it is.
    """
    field, _, rest = str(exc).partition(": ")
    flag = HARDWARE_FLAGS.get(field.rpartition(".")[2])
    return exc if flag is None else InputError(f"{flag}: {rest}")


def add_budget_options(p: argparse.ArgumentParser) -> None:
    add_unit_option(p)
    add_hardware_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")


def add_unit_option(p: argparse.ArgumentParser) -> None:
    """Add ``--unit``: the unit of a budget that names none (FLOPs by default).

    Parameters
    ----------
    p : argparse.ArgumentParser
        A command that reads budgets with :func:`budget_of`.

    Returns
    -------
    None
    """
    p.add_argument(
        "--unit",
        default="flops",
        choices=list(BUDGET_UNITS),
        help="unit of BUDGET (default: flops)",
    )


def add_emergence_options(p: argparse.ArgumentParser) -> None:
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


def fittable_kinds() -> list[str]:
    """The law kinds `planner fit --kind` accepts, from the kinds themselves."""
    from planner.data._frozen import field_default
    from planner.laws.kinds import ScalingLaw

    members = typing.get_args(ScalingLaw)
    return [str(field_default(m, "kind")) for m in members if m.FIT_PARAMETERS]


def fit_kind(text: str) -> str:
    """An argparse type: a kind that declares fit parameters.

    Checked when the option is given, so building the parser imports no law kind (numpy and
    msgspec stay unloaded for ``--help`` and the commands that need neither).
    """
    kinds = fittable_kinds()
    if text not in kinds:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {one_line(repr(text))} (choose from {', '.join(kinds)})"
        )
    return text


def add_run_options(p: argparse.ArgumentParser) -> None:
    """Options of the run sheet, shared by ``plan`` and ``run``.

    Parameters
    ----------
    p : argparse.ArgumentParser
        The subcommand's parser.

    Returns
    -------
    None
    """
    p.add_argument(
        "--seq-len",
        type=whole_arg(1, 10_000_000),
        default=None,
        metavar="S",
        help="tokens per sequence (default 4096); with plan BUDGET also the full FLOPs count "
        "(attention, embedding, logits beside 6N) the budget is spent at",
    )
    p.add_argument(
        "--precision",
        choices=("bf16", "fp8"),
        default="bf16",
        help="training precision: GPU-hours and wall clock at the accelerator's cited dense "
        "peak for it (fp8: the BF16 MFU on the FP8 peak, stated; optimizer states as "
        "DeepSeek-V3 §3.3.3 keeps them: fp32 master weights, bf16 moments, FP8-cached "
        "activations)",
    )
    p.add_argument(
        "--micro-batch",
        type=whole_arg(1, 1_000_000),
        default=1,
        metavar="B",
        help="sequences per micro-batch (default 1)",
    )
    p.add_argument(
        "--days",
        type=number_arg(0, 1e5),
        default=None,
        metavar="T",
        help="finish within T days: the GPUs that needs",
    )
    p.add_argument(
        "--power-w",
        type=number_arg(0, 1e5),
        default=None,
        metavar="W",
        help="watts per GPU (default: the accelerator's TDP)",
    )
    p.add_argument(
        "--energy-method",
        choices=("model-card", "server-overhead"),
        default=None,
        help="model-card: GPU-hours x GPU power x PUE, as Meta's cards count it (default); "
        "server-overhead: also x --overhead (Epoch AI)",
    )
    p.add_argument(
        "--overhead",
        type=number_arg(1, 10, low_open=False),
        default=None,
        help="server power over GPU power, server-overhead method (default 1.82, Epoch AI)",
    )
    p.add_argument(
        "--attention",
        choices=("flash", "full"),
        default="flash",
        help="activation memory: flash (FlashAttention, no s^2 term; default) or full "
        "(Korthikanti et al. 2022's full form)",
    )
    p.add_argument(
        "--pue",
        type=number_arg(1, 5, low_open=False),
        default=None,
        help="data-centre PUE (default 1.14, Shehabi et al. 2024)",
    )
    p.add_argument(
        "--grid",
        type=number_arg(0, 2, low_open=False),
        default=None,
        metavar="KG_PER_KWH",
        help="grid carbon intensity (default 0.366, US 2023)",
    )
    p.add_argument(
        "--energy-price",
        type=number_arg(0, 10, low_open=False),
        default=None,
        metavar="USD_PER_KWH",
        help="electricity price (default 0.0806, US 2023)",
    )


def energy_options(args: argparse.Namespace) -> EnergyOptions:
    """The energy assumptions of the command line (cited defaults where not given).

    Parameters
    ----------
    args : argparse.Namespace
        With ``power_w``, ``overhead``, ``pue``, ``grid``, ``energy_price``.

    Returns
    -------
    EnergyOptions
    """
    from planner.run._sheet import EnergyOptions

    given = {
        "method": args.energy_method,
        "board_power_w": args.power_w,
        "server_overhead": args.overhead,
        "pue": args.pue,
        "grid_kg_co2_per_kwh": args.grid,
        "energy_price_per_kwh": args.energy_price,
    }
    return EnergyOptions(**{k: v for k, v in given.items() if v is not None})


def budget_of(args: argparse.Namespace, text: str | None = None) -> Budget:
    """The budget as typed, parsed once into a Budget that carries the hardware options.

    A budget as people state it (``512 H100 x 30 days``, ``1M H100-hours``, ``$5M at $2/h``)
    sets the accelerator, the GPU count, the price and the days as ``--gpu``, ``--gpus``,
    ``--price`` and ``--days`` would; where both are given they must agree.

    Parameters
    ----------
    args : argparse.Namespace
        With ``budget``, ``unit`` and the options of :func:`add_hardware_options` (and
        ``days`` where the command has it).
    text : str, optional
        The budget to read instead of ``args.budget`` (each of ``planner sweep``'s).

    Returns
    -------
    Budget

    Raises
    ------
    InputError
        A budget that is not a number > 0, text that contradicts an option (naming both), or
        a bad option (named as the user types it).
    """
    from planner.planning._budgets import read_budget

    flags = {"accelerator": "--gpu", "n_gpus": "--gpus", "price_per_gpu_hour": "--price"}
    try:
        return read_budget(
            args.budget if text is None else text,
            unit=args.unit,
            accelerator=args.gpu,
            mfu=args.mfu,
            n_gpus=args.gpus,
            price_per_gpu_hour=args.price,
            days=getattr(args, "days", None),
            names={**flags, "days": "--days"},
            goodput=args.goodput,
        )
    except InputError as exc:  # name the option the user types, not the library's field
        raise _as_option(exc) from None
