"""The command line's grammar: subcommands, options and their types, one-line usage errors.

Every number option parses by the planner's one number grammar (:data:`NUMBER_GRAMMAR`);
each subcommand names the function that runs it (``set_defaults(func=...)``), so adding a
command is one parser block here and one small function in :mod:`planner.cli._main`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping

from planner.cli._args import (
    Parser,
    add_budget_options,
    add_emergence_options,
    fit_kind,
    law_arg,
    number_arg,
    whole_arg,
)

__all__ = ["Command", "build_parser"]

Command = Callable[[argparse.Namespace], None]


def build_parser(commands: Mapping[str, Command]) -> argparse.ArgumentParser:
    """The parser of ``planner``; ``commands`` maps each subcommand to its function."""
    from planner.cli._run import (
        add_figure_parser,
        add_run_options,
        add_run_parser,
        add_serve_parser,
        add_sweep_parser,
    )
    from planner.units import NUMBER_GRAMMAR

    parser = Parser(
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
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

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
        help="a mixture of experts with E experts, planned with a BUDGET and an MoE law "
        "(--law ludziejewski2025-moe, krajewski2024-moe-e64 or -e16: total and active "
        "parameters and tokens); a dense law refuses it with the reason",
    )
    p.add_argument(
        "--top-k",
        type=whole_arg(1, 1_000_000),
        default=None,
        metavar="K",
        help="experts routed per token (with --experts): 1 with ludziejewski2025-moe (its "
        "default), K with krajewski2024-moe-e64/-e16 (experts = 64 or 16 x K)",
    )
    add_emergence_options(p)
    add_run_options(p)
    add_budget_options(p)

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
        type=fit_kind,
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
    add_budget_options(c)

    lw = sub.add_parser("laws", help="list the law registry")
    lw.set_defaults(func=commands["laws"])
    lw.add_argument("--json", action="store_true", help="print JSON")
    hw = sub.add_parser("hardware", help="list the accelerator catalogue")
    hw.set_defaults(func=commands["hardware"])
    hw.add_argument("--json", action="store_true", help="print JSON")
    return parser
