"""Task score curves: calibrate on the ObsScaling table and validate leave-one-family-out.

Fits each task's bounded sigmoid in ln N, ln D (planner.scores) to the 148 public base models of
Ruan et al. 2024, then refits with each model family held out and predicts it: the mean absolute
error in points, the share of held-out scores inside their 80% interval, and the share of
held-out models called right as emerged or not. The reference measured in the same run is the
constant predictor (every held-out model gets the training families' mean score). Beside the
held-out calls: the most calls any rule monotone in N and D (per recipe) gets right on the table
itself (planner.score_bounds), the ceiling of what a curve of this form could call.

    python benchmarks/bench_scores.py [--write presets/scores/obsscaling2024.json]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from planner.score_bounds import monotone_call_ceiling
from planner.score_fit import OBSSCALING_TASKS, ScoreData, calibrate, read_obsscaling

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", type=Path, help="write the calibration TOML here")
    args = parser.parse_args()
    cal = calibrate(CSV)
    data, _ = read_obsscaling(CSV)
    print(f"{'task':14s} {'models':>6s} {'families':>8s} {'MAE':>6s} {'const':>6s} "
          f"{'cover80':>7s} {'calls':>6s} {'ceiling':>7s}   a (ln N)  b (ln D)")
    for curve, rep in zip(cal.curve, cal.validation, strict=True):
        calls = "-" if rep.calls_right is None else f"{rep.calls_right:.1%}"
        print(
            f"{rep.task:14s} {rep.n_models:6d} {rep.n_families:8d} {rep.mae_points:6.1f} "
            f"{_constant_mae(data[rep.task]):6.1f} {rep.coverage:7.1%} {calls:>6s} "
            f"{_ceiling(data[rep.task]):>7s}   "
            f"{curve.a:8.3f}  {curve.b:8.3f}"
        )
    print("MAE and const in points (x100), held-out families; const: the training mean.")
    print("ceiling: the best calls of any rule monotone in N and D per recipe, in-sample.")
    print()
    print("the status the planner shows, held out: models given it, and the share that emerged;")
    print("Brier: of its P(emerged), against a constant P at the held-out base rate")
    print(f"{'task':14s} {'emerged':>14s} {'near':>14s} {'not yet':>14s} {'Brier':>6s} {'base':>6s}")
    for rep in cal.validation:
        if rep.statuses:
            cells = [
                f"{c.models:3d} {c.emerged / c.models:5.0%}" if c.models else f"{0:3d}      -"
                for c in rep.statuses
            ]
            print(
                f"{rep.task:14s} " + " ".join(f"{c:>14s}" for c in cells)
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
    if args.write:
        import json

        data = cal.model_dump(exclude_none=True)
        data["note"] = (
            "Written by benchmarks/bench_scores.py --write; tests/golden/test_scores.py checks "
            "that the curves are the fit of tests/data/published/obsscaling-base-llm-eval.csv. "
            "Chance scores: " + "; ".join(
                f"{t} {c if c is not None else 'fitted'} ({why})"
                for t, (_, c, why) in OBSSCALING_TASKS.items()
            )
        )
        args.write.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
