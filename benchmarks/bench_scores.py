"""Task score curves: calibrate on the ObsScaling table and validate leave-one-family-out.

First compares the candidate forms of planner.scores._forms.FIT_FORMS held out (on MMLU unless
--forms-on names other tasks). Then fits each task's shipped curve (planner.scores._curves) to the 148
public base models of Ruan et al. 2024, then refits with each model family held out and predicts it: the mean absolute
error in points, the share of held-out scores inside their 80% interval, and the share of
held-out models called right as emerged or not. The reference measured in the same run is the
constant predictor (every held-out model gets the training families' mean score). Beside the
held-out calls: the most calls any rule monotone in N and D (per recipe) gets right on the table
itself (planner.scores._ceiling), the ceiling of what a curve of this form could call.

    python benchmarks/bench_scores.py [--write presets/scores/obsscaling2024.json]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from planner.scores._ceiling import monotone_call_ceiling
from planner.scores._curves import curve_score
from planner.scores._fit import BOOTSTRAP, OBSSCALING_TASKS, ScoreData, fit_curve, read_obsscaling
from planner.scores._forms import FIT_FORMS, SHIPPED_FORM
from planner.scores._validation import calibrate, leave_one_family_out

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "published"
CSV = DATA / "obsscaling-base-llm-eval.csv"


def _constant_mae(t: ScoreData) -> float:
    y = np.asarray(t.score)
    fam = np.asarray(t.family)
    errors = [np.abs(y[fam == f] - y[fam != f].mean()) for f in set(t.family)]
    return float(np.concatenate(errors).mean() * 100)


def _ceiling(t: ScoreData) -> str:
    chance = OBSSCALING_TASKS[t.task][1]
    if chance is None:
        return "-"
    got = monotone_call_ceiling(
        np.asarray(t.n_params), np.asarray(t.n_tokens), np.asarray(t.score), chance, t.recipes()
    )
    return f"{got.calls_right:.1%}"


def _held_out(cal, data):
    """Out of time (fit before OUT_OF_TIME_CUTOFF, score the later models) and the newer base
    models, where their files are in tests/data/published."""
    from planner.scores._validation import (
        OUT_OF_TIME_CUTOFF,
        out_of_time,
        read_newer_models,
        read_release_dates,
        score_newer,
    )

    out = []
    dates, newer = DATA / "obsscaling-release-dates.csv", DATA / "newer-base-models.csv"
    if dates.exists():
        released = read_release_dates(dates)
        for task, (_, chance, _) in OBSSCALING_TASKS.items():
            out.append(out_of_time(data[task], chance, released))
    before = []
    if newer.exists():
        curves = {c.task: c for c in cal.curve}
        for task, models in read_newer_models(newer).items():
            chance = OBSSCALING_TASKS[task][1]
            out.append(score_newer(curves[task], models, chance, data[task]))
            # the log-linear candidate (the form shipped before) on the same models, for the
            # README's comparison only: the form was chosen leave-one-family-out, not here
            loglinear = fit_curve(data[task], chance, bootstrap=BOOTSTRAP, form="loglinear")
            before.append(score_newer(loglinear, models, chance, data[task]))
    if out:
        print()
        print(
            f"held out in time (cut-off {OUT_OF_TIME_CUTOFF}, chosen before any result) and newer base models:"
        )
        print(
            f"{'task':14s} {'held out':26s} {'fitted':>6s} {'models':>6s} {'MAE':>5s} {'bias':>6s} "
            f"{'cover80':>7s} {'width':>5s} {'Brier':>6s} {'base':>6s} {'fit':>6s}"
        )
        for r in out:
            b = "-" if r.brier is None else f"{r.brier:.3f}"
            bb = "-" if r.brier_base_rate is None else f"{r.brier_base_rate:.3f}"
            bf = "-" if r.brier_fit_rate is None else f"{r.brier_fit_rate:.3f}"
            print(
                f"{r.task:14s} {r.which:26s} {r.n_fitted:6d} {r.n_models:6d} {r.mae_points:5.1f} "
                f"{r.bias_points:+6.1f} {r.coverage:7.1%} {r.median_width_points:5.1f} {b:>6s} {bb:>6s} {bf:>6s}"
            )
        print("Brier against two constants: base, the held-out models' own base rate (an oracle: 0")
        print(
            "when all of them emerged); fit, the base rate of the models the curve was fitted on."
        )
    if before:
        print("the log-linear candidate on the newer models (a comparison, not a choice):")
        for r in before:
            print(
                f"{r.task:14s} MAE {r.mae_points:5.1f} bias {r.bias_points:+6.1f} "
                f"cover80 {r.coverage:7.1%} width {r.median_width_points:5.1f}"
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", type=Path, help="write the calibration JSON here")
    parser.add_argument(
        "--forms-on", default="mmlu", help="tasks (comma-separated) to compare the forms on"
    )
    args = parser.parse_args()
    data, _ = read_obsscaling(CSV)
    print("candidate forms, leave-one-family-out (the shipped one marked *):")
    print(
        f"{'task':14s} {'form':20s} {'MAE':>5s} {'bias':>5s} {'cover80':>7s} {'width':>5s} "
        f"{'calls':>6s} {'Brier':>6s}   at 405B/15.6T, 100M/100T, the limit"
    )
    for task in args.forms_on.split(","):
        chance = OBSSCALING_TASKS[task][1]
        for form in FIT_FORMS:
            rep = leave_one_family_out(data[task], chance, form=form)
            curve = fit_curve(data[task], chance, form=form, held_out=False)
            at = [
                float(curve_score(curve, n, dd)[0])
                for n, dd in ((405e9, 15.6e12), (1e8, 1e14), (1e30, 1e30))
            ]
            calls = "-" if rep.calls_right is None else f"{rep.calls_right:.1%}"
            brier = "-" if rep.brier is None else f"{rep.brier:.3f}"
            mark = "*" if form == SHIPPED_FORM else " "
            print(
                f"{task:14s} {form + mark:20s} {rep.mae_points:5.2f} {rep.bias_points:+5.2f} "
                f"{rep.coverage:7.1%} {rep.median_width_points:5.1f} {calls:>6s} {brier:>6s}   "
                + ", ".join(f"{x:.1%}" for x in at)
            )
    print("width: the median 80% interval in points; the last three: the full fit's score.")
    print()
    cal = calibrate(CSV)
    print(
        f"{'task':14s} {'models':>6s} {'families':>8s} {'MAE':>6s} {'const':>6s} "
        f"{'cover80':>7s} {'width':>5s} {'calls':>6s} {'ceiling':>7s} {'limit':>6s}"
    )
    for curve, rep in zip(cal.curve, cal.validation, strict=True):
        calls = "-" if rep.calls_right is None else f"{rep.calls_right:.1%}"
        print(
            f"{rep.task:14s} {rep.n_models:6d} {rep.n_families:8d} {rep.mae_points:6.1f} "
            f"{_constant_mae(data[rep.task]):6.1f} {rep.coverage:7.1%} "
            f"{rep.median_width_points:5.1f} {calls:>6s} "
            f"{_ceiling(data[rep.task]):>7s} {float(curve_score(curve, 1e30, 1e30)[0]):6.1%}"
        )
    print("MAE and const in points (x100), held-out families; const: the training mean;")
    print("width: the median 80% interval (points); limit: the score as N, D -> inf.")
    print("ceiling: the best calls of any rule monotone in N and D per recipe, in-sample.")
    print()
    print("the status the planner shows, held out: models given it, and the share that emerged;")
    print("Brier: of its P(emerged), against a constant P at the held-out base rate")
    print(
        f"{'task':14s} {'emerged':>14s} {'near':>14s} {'not yet':>14s} {'Brier':>6s} {'base':>6s}"
    )
    for rep in cal.validation:
        if rep.statuses:
            cells = [
                f"{c.models:3d} {c.emerged / c.models:5.0%}" if c.models else f"{0:3d}      -"
                for c in rep.statuses
            ]
            print(
                f"{rep.task:14s} "
                + " ".join(f"{c:>14s}" for c in cells)
                + f" {rep.brier:6.3f} {rep.brier_base_rate:6.3f}"
            )
    print()
    print("over-trained held-out models (> 100 tokens per parameter):")
    print(f"{'task':14s} {'models':>6s} {'calls':>6s} {'sure misses':>11s}")
    for rep in cal.validation:
        if rep.overtrained_calls_right is not None:
            print(
                f"{rep.task:14s} {rep.overtrained_models:6d} "
                f"{rep.overtrained_calls_right:6.1%} {rep.overtrained_sure_misses:11d}"
            )
    print()
    print("like=FAMILY, each model held out of its family (families with 2+ models):")
    print(f"{'task':14s} {'models':>6s} {'MAE like':>8s} {'MAE without':>11s} {'cover80':>7s}")
    for rep in cal.like_validation:
        print(
            f"{rep.task:14s} {rep.n_models:6d} {rep.mae_points:8.1f} "
            f"{rep.mae_points_without:11.1f} {rep.coverage:7.1%}"
        )
    held = _held_out(cal, data)
    if held:
        cal = cal.model_copy(update={"held_out": tuple(held)})
    if args.write:
        import json

        data = cal.model_dump(exclude_none=True)
        data["note"] = (
            "Written by benchmarks/bench_scores.py --write; tests/golden/test_scores.py checks "
            "that the curves are the fit of tests/data/published/obsscaling-base-llm-eval.csv "
            "and that the validations (leave-one-family-out, like, out of time from "
            "obsscaling-release-dates.csv, newer-base-models.csv) are what a fresh run measures. "
            "Chance scores: "
            + "; ".join(
                f"{t} {c if c is not None else 'fitted'} ({why})"
                for t, (_, c, why) in OBSSCALING_TASKS.items()
            )
        )
        args.write.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
