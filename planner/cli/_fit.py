"""``planner fit``: runs in, a law (with its task curves) out.

A thin shell over :func:`planner.fit._parametric.fit_runs` / :func:`planner.fit._kinds.fit_kind` and
:func:`planner.fit._task_curves.fit_loss_curve`, split from :mod:`planner.cli._main` by concern.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli._args import UsageError, fit_kind, number_arg, one_line, whole_arg

if TYPE_CHECKING:
    from planner.fit._runs import Runs
    from planner.laws._preset import LawPreset, LossScoreCurve
    from planner.laws._published import LossScale

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner fit`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    f = sub.add_parser(
        "fit",
        help="fit a law to your own (N, D, loss) runs",
        description="Fit L = E + A/N^alpha + B/D^beta to RUNS.csv "
        "(Huber/LSE, Hoffmann et al. grid).",
    )
    f.set_defaults(func=run)
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


def run(args: argparse.Namespace) -> None:
    """``planner fit``: read the runs, fit the law (and task curves), print and write them.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``planner fit`` options.

    Returns
    -------
    None
        Prints the fit; writes the law file with ``--out``.
    """
    from planner.cli._progress import terminal_progress
    from planner.data._frozen import build, validate_id
    from planner.fit import _parametric as fitting
    from planner.fit._lawfile import fit_to_law
    from planner.fit._runs import slug
    from planner.io._files import check_output
    from planner.laws._published import LossScale
    from planner.laws._registry import validate_new_law_id
    from planner.report import _fit as fit_report

    # every argument is checked before the fit starts: a bad --out must not cost a long fit
    out = law_id = scale = None
    if args.out is not None:
        out = check_output(
            args.out,
            inputs=[args.runs],
            force=args.force,
            name="--out",
            force_hint="--force",
            replace_read_only=args.replace_read_only,
        )
        law_id = validate_new_law_id(
            args.law_id if args.law_id is not None else slug(out.name), name="--law-id"
        )
        if args.loss_scale or args.corpus or args.tokenizer:
            scale = build(
                LossScale,
                "",
                id=validate_id(args.loss_scale, name="--loss-scale")
                if args.loss_scale
                else f"user-{slug(Path(args.runs).name)}",
                corpus=args.corpus or "not stated",
                tokenizer=args.tokenizer or "not stated",
            )
    elif (
        args.law_id
        or args.loss_scale
        or args.corpus
        or args.tokenizer
        or args.force
        or args.replace_read_only
    ):
        raise UsageError(
            "--law-id, --loss-scale, --corpus, --tokenizer, --force and --replace-read-only "
            "go with --out FILE"
        )

    fitting.check_fit_options(
        bootstrap=args.bootstrap,
        seed=args.seed,
        level=args.level,
        holdout_fraction=args.holdout_fraction,
    )
    where: dict[str, str] = {}
    for item in args.where:
        col, sep, value = item.partition("=")
        if not sep or not col:
            raise UsageError(f"--where: expected COLUMN=VALUE, got {one_line(repr(item))}")
        where[col] = value
    task_cols: dict[str, str] = {}
    for item in args.task_col:
        task, sep, col = item.partition("=")
        if not sep or not task.strip() or not col.strip():
            raise UsageError(f"--task-col: expected TASK=COLUMN, got {one_line(repr(item))}")
        task_cols[validate_id(task.strip(), name="--task-col")] = col.strip()
    if args.kind != "parametric" and (args.bootstrap or args.approach2):
        raise UsageError(
            f"--kind {args.kind}: --bootstrap and --approach2 are available for the parametric "
            "kind only"
        )
    runs = fitting.read_runs(
        args.runs,
        params_col=args.params_col,
        tokens_col=args.tokens_col,
        compute_col=args.compute_col,
        loss_col=args.loss_col,
        drop_highest=args.drop_highest,
        where=where,
        max_params=args.max_params,
        task_cols=task_cols,
        progress=terminal_progress("reading the runs"),
    )
    curves = _task_curves(args, runs)
    if args.kind != "parametric":
        _fit_other_kind(args, runs, out, law_id, scale, curves)
        return

    result = fitting.fit_runs(
        runs,
        bootstrap=args.bootstrap,
        seed=args.seed,
        level=args.level,
        holdout_fraction=args.holdout_fraction,
        approach2=args.approach2,
        progress=terminal_progress("fitting" + (" and bootstrapping" if args.bootstrap else "")),
    )
    _warn(result.warnings)
    preset = None
    if out is not None and law_id is not None:
        preset = fit_to_law(
            result,
            law_id=law_id,
            loss_scale=scale,
            parameter_convention=args.parameter_convention,
            allow_degenerate=args.force,
        )
    _emit_fit(args, fit_report.fit_json(result), fit_report.render_fit(result), preset, out, curves)


def _warn(warnings: tuple[str, ...] | list[str]) -> None:
    """A fit's warnings as one stderr line (each also one line), as errors are."""
    if warnings:
        text = "; ".join(one_line(w) for w in warnings)
        print(f"planner: warning: {text}", file=sys.stderr)


def _task_curves(args: argparse.Namespace, runs: Runs) -> tuple[LossScoreCurve, ...]:
    """``--task-col``: each task's score as a sigmoid of the runs' loss (two-step method)."""
    from planner.fit._task_curves import TASK_BOOTSTRAP, fit_loss_curve

    return tuple(
        fit_loss_curve(
            task,
            runs.score_columns[task],
            runs.loss,
            values,
            bootstrap=TASK_BOOTSTRAP,
            seed=args.seed,
        )
        for task, values in runs.scores.items()
    )


def _emit_fit(
    args: argparse.Namespace,
    data: dict[str, object],
    text: str,
    preset: LawPreset | None,
    out: Path | None,
    curves: tuple[LossScoreCurve, ...],
) -> None:
    """Write the law file (with its task curves) and print the fit, as text or JSON."""
    from planner.report import _fit as fit_report

    written = None
    if preset is not None and out is not None:
        if curves:
            preset = preset.model_copy(update={"task_curve": curves})
        written = _write_law(preset, out, args)
    if curves:
        data["task_curves"] = [fit_report.task_curve_json(c) for c in curves]
        text += "\n\n" + fit_report.render_task_curves(curves)
    if args.json:
        if written:
            data["law_file"] = written
        from planner.io._json import json_text

        print(json_text(data))
        return
    print(text)
    if written:
        print(f"law file written: {written} (use: planner plan BUDGET --law {written})")


def _write_law(preset: LawPreset, out: Path, args: argparse.Namespace) -> str:
    from planner.fit._lawfile import write_law_file

    written = write_law_file(
        preset,
        out,
        inputs=[args.runs],
        force=args.force,
        name="--out",
        force_hint="--force",
        replace_read_only=args.replace_read_only,
    )
    return str(written)


def _fit_other_kind(
    args: argparse.Namespace,
    runs: Runs,
    out: Path | None,
    law_id: str | None,
    scale: LossScale | None,
    curves: tuple[LossScoreCurve, ...],
) -> None:
    """``planner fit --kind KIND`` for a kind other than the parametric one."""
    from planner.fit._kinds import fit_kind
    from planner.fit._lawfile import fit_to_law
    from planner.report import _fit as fit_report

    result = fit_kind(runs, args.kind, holdout_fraction=args.holdout_fraction)
    _warn(result.warnings)
    preset = None
    if out is not None and law_id is not None:
        preset = fit_to_law(
            result,
            law_id=law_id,
            loss_scale=scale,
            parameter_convention=args.parameter_convention,
            allow_degenerate=args.force,
        )
    data = result.model_dump(mode="json")
    _emit_fit(args, data, fit_report.render_kind_fit(result), preset, out, curves)
