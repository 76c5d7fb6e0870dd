"""``planner run``: the run sheet of a model.

Batch, learning rate, layout, memory per GPU, days, energy, carbon and cost.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from planner.cli._args import (
    UsageError,
    add_hardware_options,
    add_moe_options,
    add_run_options,
    energy_options,
    number_arg,
    whole_arg,
)

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner run`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    r = sub.add_parser(
        "run",
        help="the run sheet of a model: batch, learning rate, layout, memory, days, energy",
        description="Batch size and learning rate (every law of presets/hyperparams: the "
        "default and the range), the parallel layout and "
        "memory per GPU (ZeRO, Korthikanti et al. 2022), wall clock, energy, carbon and cost "
        "for N parameters on D tokens on a cluster.",
    )
    r.set_defaults(func=run)
    positive = number_arg(0, math.inf)
    r.add_argument(
        "--params", type=positive, required=True, metavar="N", help="parameters, e.g. 70B"
    )
    r.add_argument(
        "--tokens", type=positive, required=True, metavar="D", help="training tokens, e.g. 1.4T"
    )
    add_hardware_options(
        r,
        gpus_help="GPUs (default: whole nodes to meet --days, else 90 days)",
        price_help="dollars per GPU-hour, for the rental cost",
    )
    add_run_options(r)
    add_moe_options(r)
    r.add_argument(
        "--lr-law",
        default=None,
        metavar="ID",
        help="hyperparameter law for the learning rate (default deepseek2024; "
        "see presets/hyperparams)",
    )
    r.add_argument(
        "--batch-law",
        default=None,
        metavar="ID",
        help="hyperparameter law for the batch (default li2025-steplaw)",
    )
    r.add_argument(
        "--tp", type=whole_arg(1, 1024), default=None, help="fix the tensor-parallel degree"
    )
    r.add_argument("--pp", type=whole_arg(1, 100_000), default=None, help="fix the pipeline stages")
    r.add_argument(
        "--zero",
        type=whole_arg(0, 3),
        default=None,
        metavar="STAGE",
        help="fix the ZeRO stage (0-3)",
    )
    r.add_argument(
        "--recompute",
        choices=("none", "selective", "full"),
        default=None,
        help="fix the activation recomputation",
    )
    r.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> None:
    """Run ``planner run`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.defaults import DEFAULT_ACCELERATOR
    from planner.report import _plan as report
    from planner.report import _run as run_report
    from planner.run._layout import LayoutChoice
    from planner.run._sheet import run_sheet

    if args.gpus is not None and args.days is not None:
        raise UsageError("--gpus and --days: give one (the days give the GPUs, or the reverse)")
    sheet = run_sheet(
        args.params,
        args.tokens,
        accelerator=args.gpu or DEFAULT_ACCELERATOR,
        n_gpus=args.gpus,
        days=args.days,
        mfu=args.mfu,
        price_per_gpu_hour=args.price,
        attention=args.attention,
        precision=args.precision,
        seq_len=_seq_len(args) if args.experts is None else args.seq_len,
        micro_batch=args.micro_batch,
        energy=energy_options(args),
        choice=LayoutChoice(tp=args.tp, pp=args.pp, zero_stage=args.zero, recompute=args.recompute),
        n_active_params=args.active_params,
        experts=args.experts,
        top_k=args.top_k,
        ep=args.ep,
        **{
            key: value
            for key, value in (
                ("lr_law", args.lr_law),
                ("batch_law", args.batch_law),
                ("goodput", args.goodput),
            )
            if value is not None
        },
    )
    if args.json:
        from planner.io._json import json_text

        print(json_text(run_report.run_json(sheet)))
        return
    print(report.format_table(None, [list(r) for r in run_report.run_rows(sheet)]))
    for line in sheet.warnings:
        print(f"note: {line}")


def _seq_len(args: argparse.Namespace) -> int:
    from planner.run._sheet import DEFAULT_SEQ_LEN

    return int(args.seq_len) if args.seq_len is not None else DEFAULT_SEQ_LEN
