"""``planner figure``: a plan's chart as SVG, PNG or PDF for papers (matplotlib, optional)."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli._args import add_experts_options, law_arg, whole_arg
from planner.errors import PlannerWarning

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner figure`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    g = sub.add_parser(
        "figure",
        help="draw a figure of a plan (frontier, isoflop, laws, scores) to SVG/PNG/PDF",
        description="The TUI's charts as files for papers and docs, drawn by matplotlib "
        '(an optional extra: pip install ".[figures]" in the planner checkout).',
    )
    g.set_defaults(func=run)
    g.add_argument("kind", choices=("frontier", "isoflop", "laws", "scores"))
    g.add_argument("budget", nargs="?", default="1e24", help="training FLOPs (default 1e24)")
    g.add_argument(
        "--law", default=None, type=law_arg, help="law id or file (default besiroglu2024)"
    )
    add_experts_options(
        g,
        experts_help="plan a mixture of experts with an MoE law, as planner plan --experts (the "
        "title names total and active parameters)",
        top_k_help="experts routed per token (with --experts)",
    )
    g.add_argument("--out", required=True, metavar="FILE", help="FILE.svg, .png or .pdf")
    g.add_argument(
        "--dpi", type=whole_arg(50, 1200), default=200, help="dots per inch of a PNG (default 200)"
    )
    g.add_argument("--force", action="store_true", help="replace an existing file (mode kept)")
    g.add_argument(
        "--replace-read-only",
        action="store_true",
        help="with --force: also replace a read-only file (refused otherwise)",
    )


def run(args: argparse.Namespace) -> None:
    """Run ``planner figure`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    import warnings as _warnings

    from planner.defaults import DEFAULT_LAW
    from planner.io._checks import check_real
    from planner.io._files import check_output
    from planner.laws._solve import resolve_law
    from planner.planning import _planning as planning
    from planner.report._figures import figure

    budget = check_real(args.budget, "budget", low=0.0, low_open=True)
    write = {  # checked before any work; never over the law file read (--law ./law.toml)
        "inputs": [args.law] if args.law else [],
        "force": args.force,
        "name": "--out",
        "force_hint": "--force",
        "replace_read_only": args.replace_read_only,
    }
    out = check_output(args.out, **write)
    law = resolve_law(args.law or DEFAULT_LAW)
    with _warnings.catch_warnings():  # the figure says what it extrapolates in its own note
        _warnings.simplefilter("ignore", PlannerWarning)
        p = planning.plan(budget, law=law, experts=args.experts, top_k=args.top_k)
        written = figure(args.kind, p, out, dpi=args.dpi, **write)
    print(f"figure written: {written.resolve()}")
