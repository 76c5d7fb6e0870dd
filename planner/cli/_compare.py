"""``planner compare``: one budget through every law."""

from __future__ import annotations

import argparse
import json
from typing import Any

from planner.cli._args import add_budget_options, budget_of

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner compare`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    c = sub.add_parser("compare", help="one budget through every law")
    c.set_defaults(func=run)
    c.add_argument(
        "budget", help="training budget, e.g. 1e24, '512 H100 x 30 days', '$5M at $2/h'"
    )
    add_budget_options(c)


def run(args: argparse.Namespace) -> None:
    """Run ``planner compare`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.planning import _planning as planning
    from planner.report import _plan as report

    plans = planning.compare(budget_of(args))
    if args.json:
        print(json.dumps([p.model_dump(mode="json") for p in plans], indent=2))
        return
    from planner.report._scores import emerged_text
    from planner.units import format_flops

    print(f"every law at {format_flops(plans[0].compute_flops)} FLOPs")
    emerged = [emerged_text(p) for p in plans]
    print(report.format_table(*report.compare_rows(plans, emerged)))
    print("* non-embedding parameters; loss scales differ between rows and do not compare.")
