"""The ``planner run`` command and the run block of ``planner plan``.

Thin shells over :func:`planner.run._sheet.run_sheet`, split from :mod:`planner.cli._main` by
concern.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from planner.cli._args import (
    UsageError,
    add_hardware_options,
    add_moe_options,
    hardware_options,
    law_arg,
    number_arg,
    whole_arg,
)

if TYPE_CHECKING:
    from planner.planning._records import Plan
    from planner.run._sheet import EnergyOptions, RunSheet

__all__ = [
    "add_figure_parser",
    "add_run_options",
    "add_run_parser",
    "add_serve_parser",
    "add_sweep_parser",
    "energy_options",
    "plan_run",
    "run_command",
    "serve_command",
    "sweep_command",
]

Commands = Mapping[str, Callable[[argparse.Namespace], None]]


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


def add_run_parser(sub: Any, commands: Commands) -> None:
    """The ``planner run`` subcommand.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser.
    commands : mapping
        Subcommand name to function.

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
    r.set_defaults(func=commands["run"])
    r.add_argument("--params", required=True, metavar="N", help="parameters, e.g. 70B")
    r.add_argument("--tokens", required=True, metavar="D", help="training tokens, e.g. 1.4T")
    add_hardware_options(
        r,
        gpus_help="GPUs (default: whole nodes to meet --days, else 90 days)",
        price_help="dollars per GPU-hour, for the rental cost",
    )
    add_run_options(r)
    add_moe_options(r)
    r.add_argument(
        "--precision",
        choices=("bf16", "fp8"),
        default="bf16",
        help="training precision: GPU-hours and wall clock at the accelerator's cited dense "
        "peak for it (fp8: the BF16 MFU on the FP8 peak, stated; optimizer states as "
        "DeepSeek-V3 §3.3.3 keeps them: fp32 master weights, bf16 moments, FP8-cached "
        "activations)",
    )
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


def add_figure_parser(sub: Any, commands: Commands) -> None:
    """The ``planner figure`` subcommand.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser.
    commands : mapping
        Subcommand name to function.

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
    g.set_defaults(func=commands["figure"])
    g.add_argument("kind", choices=("frontier", "isoflop", "laws", "scores"))
    g.add_argument("budget", nargs="?", default="1e24", help="training FLOPs (default 1e24)")
    g.add_argument(
        "--law", default=None, type=law_arg, help="law id or file (default besiroglu2024)"
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


def add_serve_parser(sub: Any, commands: Commands) -> None:
    """The ``planner serve`` subcommand.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser.
    commands : mapping
        Subcommand name to function.

    Returns
    -------
    None
    """
    s = sub.add_parser(
        "serve",
        help="serve the terminal UI in a web browser (textual-serve)",
        description="The same app in a browser, for planning from a laptop against a shared "
        'box (an optional extra: pip install ".[web]" in the planner checkout).',
    )
    s.set_defaults(func=commands["serve"])
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default 127.0.0.1, this machine only; any other host is "
        "served with a warning)",
    )
    s.add_argument("--port", type=whole_arg(1, 65535), default=8000, help="port (default 8000)")
    s.add_argument(
        "--max-sessions",
        type=whole_arg(1, 1000),
        default=4,
        help="browser sessions at once, one planner process each (default 4)",
    )
    s.add_argument(
        "--max-width",
        type=whole_arg(20, 2000),
        default=400,
        help="terminal columns a page may ask for (default 400)",
    )
    s.add_argument(
        "--max-height",
        type=whole_arg(10, 1000),
        default=150,
        help="terminal rows a page may ask for (default 150)",
    )


def serve_command(args: argparse.Namespace) -> None:
    """``planner serve``: each browser session runs ``python -m planner`` through textual-serve.

    Parameters
    ----------
    args : argparse.Namespace
        ``host``, ``port``, ``max_sessions``, ``max_width``, ``max_height``
        (:mod:`planner.cli._serve`).

    Returns
    -------
    None
        Serves until interrupted.
    """
    from planner.cli._serve import serve

    serve(args)


def add_sweep_parser(sub: Any, commands: Commands) -> None:
    """The ``planner sweep`` subcommand.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser.
    commands : mapping
        Subcommand name to function.

    Returns
    -------
    None
    """
    w = sub.add_parser(
        "sweep",
        help="several budgets through several laws: N/D, emerged tasks, GPU-hours, cost, days",
        description="Budgets down, laws across (planner.report._scenarios.sweep).",
    )
    w.set_defaults(func=commands["sweep"])
    w.add_argument("budgets", nargs="+", metavar="BUDGET", help="training FLOPs, e.g. 1e22 1e23")
    w.add_argument("--law", action="append", default=None, metavar="ID", type=law_arg,
                   help="a law to include (repeatable; default every law)")  # fmt: skip
    add_hardware_options(w, gpus_help="GPUs, for days", price_help="dollars per GPU-hour, for cost")
    out = w.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="print CSV")
    out.add_argument("--markdown", action="store_true", help="print a Markdown table")
    out.add_argument("--json", action="store_true", help="print JSON")


def sweep_command(args: argparse.Namespace) -> None:
    """``planner sweep``: print the sweep as a table, CSV, Markdown or JSON.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options.

    Returns
    -------
    None
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


def _seq_len(args: argparse.Namespace) -> int:
    from planner.run._sheet import DEFAULT_SEQ_LEN

    return int(args.seq_len) if args.seq_len is not None else DEFAULT_SEQ_LEN


def plan_run(p: Plan, args: argparse.Namespace) -> RunSheet:
    """The run sheet of a plan with the command line's run options.

    Parameters
    ----------
    p : Plan
        The plan.
    args : argparse.Namespace
        ``planner plan`` options.

    Returns
    -------
    RunSheet
    """
    from planner.report._run import plan_run_sheet

    return plan_run_sheet(
        p,
        seq_len=args.seq_len,
        micro_batch=args.micro_batch,
        days=args.days,
        energy=energy_options(args),
        attention=args.attention,
    )


def run_command(args: argparse.Namespace) -> None:
    """``planner run``: print the run sheet of ``--params`` on ``--tokens``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options.

    Returns
    -------
    None
    """
    from planner.defaults import DEFAULT_ACCELERATOR
    from planner.report import _plan as report
    from planner.report import _run as run_report
    from planner.run._layout import LayoutChoice
    from planner.run._sheet import run_sheet
    from planner.units import parse_quantity

    if args.gpus is not None and args.days is not None:
        raise UsageError("--gpus and --days: give one (the days give the GPUs, or the reverse)")
    sheet = run_sheet(
        parse_quantity(args.params, name="--params"),
        parse_quantity(args.tokens, name="--tokens"),
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
        n_active_params=(
            None
            if args.active_params is None
            else parse_quantity(args.active_params, name="--active-params")
        ),
        experts=args.experts,
        top_k=args.top_k,
        ep=args.ep,
        **{
            key: value
            for key, value in (("lr_law", args.lr_law), ("batch_law", args.batch_law))
            if value is not None
        },
    )
    if args.json:
        print(json.dumps(run_report.run_json(sheet), indent=2))
        return
    print(report.format_table(None, [list(r) for r in run_report.run_rows(sheet)]))
    for line in sheet.warnings:
        print(f"note: {line}")
