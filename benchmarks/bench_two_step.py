"""The two-step task prediction (issue 11 item 4) checked on Gadre et al. 2024's released runs.

For each pre-training corpus of the runs (C4, RedPajama, RefinedWeb): fit the loss law and the
task curves (``planner fit --task-col``) on the runs up to 411M parameters, then predict the
1.4B and 6.9B runs' C4 validation loss and accuracies, as ``planner plan --law`` would. Prints
each prediction against the measured value; no fit saw the large runs.

    python benchmarks/bench_two_step.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from testdata import PUBLISHED

from planner.fit._two_step import two_step_check

CSV = PUBLISHED / "gadre2024-runs.csv"
TASKS = {"hellaswag": "acc_hellaswag", "arc-easy": "acc_arc_easy", "mmlu": "acc_mmlu"}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", default="parametric", help="law kind of step one")
    args = parser.parse_args()
    rows = two_step_check(CSV, TASKS, max_params=5e8, loss_col="loss_c4_val", kind=args.kind)
    print(f"step one: {args.kind} law; step two: sigmoid of the loss per task")
    print(
        f"{'corpus':12s} {'N':>6s} {'D/N':>5s} {'what':10s} {'pred':>7s} {'meas':>7s} "
        f"{'rel err':>8s}  80% interval"
    )
    for r in rows:
        interval = "-"
        if r.low is not None and r.high is not None:
            inside = "in" if r.low <= r.measured <= r.high else "OUT"
            interval = f"[{r.low:.3f}, {r.high:.3f}] {inside}"
        print(
            f"{r.group:12s} {r.n_params / 1e9:5.1f}B {r.n_tokens / r.n_params:5.0f} "
            f"{r.what:10s} {r.predicted:7.3f} {r.measured:7.3f} {r.rel_error:8.1%}  {interval}"
        )
    for what in ["loss", *TASKS]:
        mine = [r for r in rows if r.what == what]
        mean = sum(r.rel_error for r in mine) / len(mine)
        inside = [r.low <= r.measured <= r.high for r in mine if r.low is not None and r.high]
        cover = f"; in 80% interval: {sum(inside)}/{len(inside)}" if inside else ""
        print(f"{what:10s} mean relative error {mean:.1%} over {len(mine)} runs{cover}")


if __name__ == "__main__":
    main()
