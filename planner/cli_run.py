"""The ``planner run`` command and the run block of ``planner plan``.

Thin shells over :func:`planner.runsheet.run_sheet`, split from :mod:`planner.cli` by concern.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from planner.cli_parser import UsageError

if TYPE_CHECKING:
    from planner.models import Plan
    from planner.runsheet import EnergyOptions, RunSheet

__all__ = ["energy_options", "plan_run", "run_command"]


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
    from planner.runsheet import EnergyOptions

    given = {
        "board_power_w": args.power_w,
        "server_overhead": args.overhead,
        "pue": args.pue,
        "grid_kg_co2_per_kwh": args.grid,
        "energy_price_per_kwh": args.energy_price,
    }
    return EnergyOptions(**{k: v for k, v in given.items() if v is not None})


def _seq_len(args: argparse.Namespace) -> int:
    from planner.runsheet import DEFAULT_SEQ_LEN

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
    from planner.run_report import plan_run_sheet

    return plan_run_sheet(
        p,
        seq_len=args.seq_len,
        micro_batch=args.micro_batch,
        days=args.days,
        energy=energy_options(args),
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
    from planner import report, run_report
    from planner.defaults import DEFAULT_ACCELERATOR, DEFAULT_MFU
    from planner.layout import LayoutChoice
    from planner.runsheet import run_sheet
    from planner.units import parse_quantity

    if args.gpus is not None and args.days is not None:
        raise UsageError("--gpus and --days: give one (the days give the GPUs, or the reverse)")
    sheet = run_sheet(
        parse_quantity(args.params, name="--params"),
        parse_quantity(args.tokens, name="--tokens"),
        accelerator=args.gpu or DEFAULT_ACCELERATOR,
        n_gpus=args.gpus,
        days=args.days,
        mfu=DEFAULT_MFU if args.mfu is None else args.mfu,
        price_per_gpu_hour=args.price,
        seq_len=_seq_len(args),
        micro_batch=args.micro_batch,
        energy=energy_options(args),
        choice=LayoutChoice(
            tp=args.tp, pp=args.pp, zero_stage=args.zero, recompute=args.recompute
        ),
    )
    if args.json:
        print(json.dumps(run_report.run_json(sheet), indent=2))
        return
    print(report.format_table(None, [list(r) for r in run_report.run_rows(sheet)]))
    for line in sheet.warnings:
        print(f"note: {line}")
