"""``planner sweep``: several budgets through several laws, as a table, CSV, Markdown or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from planner.cli._args import add_hardware_options, hardware_options, law_arg

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
    w.add_argument("budgets", nargs="+", metavar="BUDGET", help="training FLOPs, e.g. 1e22 1e23")
    w.add_argument("--law", action="append", default=None, metavar="ID", type=law_arg,
                   help="a law to include (repeatable; default every law)")  # fmt: skip
    add_hardware_options(w, gpus_help="GPUs, for days", price_help="dollars per GPU-hour, for cost")
    out = w.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="print CSV")
    out.add_argument("--markdown", action="store_true", help="print a Markdown table")
    out.add_argument("--json", action="store_true", help="print JSON")


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
    from planner.io._checks import check_real
    from planner.report import _plan as report
    from planner.report import _scenarios as scenarios

    budgets = [check_real(b, "budget", low=0.0, low_open=True) for b in args.budgets]
    rows = scenarios.sweep(budgets, laws=args.law, hardware=hardware_options(args))
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    header, table = scenarios.sweep_table(rows)
    if args.csv:
        print(scenarios.to_csv(header, table), end="")
    elif args.markdown:
        print(scenarios.to_markdown(header, table), end="")
    else:
        print(report.format_table(header, table))
