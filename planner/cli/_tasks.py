"""``planner tasks``: the task-family registry as a table or JSON."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner tasks`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    t = sub.add_parser("tasks", help="list the task-family registry")
    t.set_defaults(func=run)
    t.add_argument("--tasks", action="append", default=[], metavar="FILE", help="extra task file")
    t.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> None:
    """Run ``planner tasks`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.report import _listings as listings
    from planner.report import _plan as report
    from planner.tasks._emergence import list_tasks, loss_threshold_ids

    tasks = list_tasks(tuple(args.tasks))
    if args.json:
        from planner.io._json import json_text

        print(json_text([t.model_dump(mode="json") for t in tasks]))
    else:
        thresholds = loss_threshold_ids(tuple(args.tasks))
        print(report.format_table(*listings.tasks_rows(tasks, thresholds)))
