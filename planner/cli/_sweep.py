"""``planner sweep``: several budgets through several laws, as a table, CSV, Markdown or JSON."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli._args import (
    UsageError,
    add_hardware_options,
    add_routing_options,
    add_unit_option,
    add_wide_option,
    budget_of,
    law_arg,
    table_width,
    wrap_prose,
)

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner sweep`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    w = sub.add_parser(
        "sweep",
        help="several budgets through several laws: N/D, emerged tasks, GPU-hours, cost, days",
        description="Budgets down, laws across (planner.report._scenarios.sweep).",
    )
    w.set_defaults(func=run)
    w.add_argument(
        "budgets",
        nargs="+",
        metavar="BUDGET",
        help="training budgets as plan reads them: 1e22 1e23 (FLOPs), '$1M at $2/h' '$5M at $2/h', "
        "'5 PF-days', '1M H100-hours'",
    )
    w.add_argument("--law", action="append", default=None, metavar="ID", type=law_arg,
                   help="a law to include (repeatable; default every law)")  # fmt: skip
    add_unit_option(w)
    add_hardware_options(w, gpus_help="GPUs, for days", price_help="dollars per GPU-hour, for cost")
    add_routing_options(w)
    out = w.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="print CSV")
    out.add_argument("--markdown", action="store_true", help="print a Markdown table")
    out.add_argument("--json", action="store_true", help="print JSON")
    add_wide_option(w)


def run(args: argparse.Namespace) -> None:
    """Run ``planner sweep`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.report import _scenarios as scenarios

    # each read as plan reads its BUDGET: a unit, GPUs, a price or days stated in the text set
    # what --unit, --gpus, --price and --gpu would, and the Budget carries them
    budgets = [budget_of(args, text) for text in args.budgets]
    moe = args.experts is not None or args.top_k is not None
    if moe:
        _left_out(args)
    rows = scenarios.sweep(
        budgets, laws=args.law, experts=args.experts, top_k=args.top_k, precision=args.precision
    )
    if args.json:
        from planner.io._json import json_text

        print(json_text([r.model_dump(mode="json") for r in rows]))
        return
    header, table = scenarios.sweep_table(rows, active=moe)
    if args.csv:
        print(scenarios.to_csv(header, table), end="")
    elif args.markdown:
        print(scenarios.to_markdown(header, table))
        print(scenarios.sweep_legend(rows))
    else:
        print(_fitted(rows, header, table, table_width(args.wide), moe))


SWEEP_DROP_ORDER = ("days", "cost", "GPU-h", "emerged", "N active")
"""The long sweep's columns hidden first when the terminal is narrow; budget, law, N and D stay."""


def _fitted(
    rows: Any, header: list[str], table: list[list[str]], width: int | None, active: bool
) -> str:
    """The wide sweep (laws across) if it fits ``width``, else one line per budget and law.

    The long layout (:func:`planner.report._scenarios.sweep_long_table`) drops whole columns
    (:data:`SWEEP_DROP_ORDER`) until it fits, and a footer line names them (issue 22 item 7).
    Under the table, what ``emerged`` counts (:func:`planner.report._scenarios.sweep_legend`),
    unless that column is hidden.
    """
    from planner.report import _plan as report
    from planner.report import _scenarios as scenarios
    from planner.report._width import fit_table, hidden_footer, table_width_of

    legend = scenarios.sweep_legend(rows)
    if width is None or table_width_of(header, table) <= width:
        return report.format_table(header, table) + "\n" + wrap_prose(legend, width)
    long_header, long_rows = scenarios.sweep_long_table(rows, active=active)
    text, hidden = fit_table(long_header, long_rows, width, SWEEP_DROP_ORDER)
    lines = [text]
    footer = hidden_footer(hidden, width)
    if footer:
        lines.append(footer)
    if "emerged" not in hidden:
        lines.append(wrap_prose(legend, width))
    return "\n".join(lines)


def _left_out(args: argparse.Namespace) -> None:
    """Refuse a law named with ``--law`` that cannot plan the routing; name those left out.

    A named law is refused with one line (exit 2); of every law, those left out are named on
    stderr.
    """
    import sys

    from planner.laws._registry import list_laws
    from planner.laws._solve import resolve_law
    from planner.planning._options import routing_refusal

    named = args.law is not None
    laws = [resolve_law(law) for law in args.law] if named else list(list_laws())
    out = []
    for law in laws:
        why = routing_refusal(law, args.experts, args.top_k)
        if why is not None and named:
            raise UsageError(f"--law {law.id}: {why}")
        if why is not None:
            out.append(law.id if why.startswith("dense only") else f"{law.id} ({why})")
    if out:
        print(f"planner: note: left out, planning no such routing: {'; '.join(out)}",
              file=sys.stderr)  # fmt: skip
