"""``planner mirage``: the metric view of Schaeffer et al. 2023 for an answer length."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli._args import law_arg, whole_arg

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner mirage`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    m = sub.add_parser(
        "mirage",
        help="exact match vs token edit distance across compute",
        description="The same per-token improvement under two metrics (Schaeffer et al. 2023).",
    )
    m.set_defaults(func=run)
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


def run(args: argparse.Namespace) -> None:
    """Run ``planner mirage`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.defaults import DEFAULT_LAW
    from planner.report import _listings as listings
    from planner.report import _plan as report
    from planner.tasks._metric_view import mirage

    result = mirage(args.answer_tokens, law=args.law or DEFAULT_LAW)
    if args.json:
        from planner.io._json import json_text

        print(json_text(result.model_dump(mode="json")))
        return
    print(f"answer of {result.answer_tokens} tokens, law {result.law}: {result.method}")
    print(report.format_table(*listings.mirage_rows(result)))
    print(
        "emergence score (Schaeffer et al. Eq. 1): exact match "
        f"{result.emergence_score_exact_match:.3g}, token edit distance "
        f"{result.emergence_score_edit_distance:.3g} (Eq. 1 is scale-free, so edit "
        "distance, linear in L, scores the same for every L; exact match grows with L)"
    )
