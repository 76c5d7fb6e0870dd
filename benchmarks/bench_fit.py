"""`planner fit` against a plain reference implementation of the published recipe, same run.

Reference: scipy L-BFGS-B from every one of Hoffmann et al.'s 4500 starts, numeric gradients,
summed Huber(1e-3) on log-sum-exp residuals (the Besiroglu et al. recipe), best result kept.
Measured: the whole `planner fit` process (start-up included) on the shared data set, the
objectives reached, and 1000 bootstrap refits.

Goal (issue 4): >= 50x faster than the reference's full grid at an equal or better objective;
1000 bootstrap refits in under 30 s on 2 cores.

    python benchmarks/bench_fit.py [--reference-starts 4500]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from planner.fit._parametric import fit_runs, hoffmann_grid, read_runs

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "chinchilla-fig4-besiroglu2024.csv"
ARGS = ["--params-col", "Model Size", "--compute-col", "Training FLOP", "--drop-highest", "5"]


def reference(runs, starts: np.ndarray) -> tuple[float, np.ndarray]:
    """The plain recipe: one scipy call per start, numeric gradients."""
    ln, ld, ll = np.log(runs.n_params), np.log(runs.n_tokens), np.log(runs.loss)

    def objective(theta: np.ndarray) -> float:
        a, b, e, alpha, beta = theta
        lse = np.logaddexp(np.logaddexp(a - alpha * ln, b - beta * ld), e)
        r = lse - ll
        ar = np.abs(r)
        return float(np.sum(np.where(ar <= 1e-3, 0.5 * r * r, 1e-3 * (ar - 0.5e-3))))

    best_f, best_x = np.inf, starts[0]
    for x0 in starts:
        res = minimize(objective, x0, method="L-BFGS-B")
        if res.fun < best_f:
            best_f, best_x = float(res.fun), res.x
    return best_f, best_x


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference-starts", type=int, default=len(hoffmann_grid()))
    args = parser.parse_args()
    runs = read_runs(DATA, params_col="Model Size", compute_col="Training FLOP", drop_highest=5)

    planner = shutil.which("planner")
    cmd = [planner] if planner else [sys.executable, "-m", "planner"]
    t0 = time.perf_counter()
    out = subprocess.run(
        [*cmd, "fit", str(DATA), *ARGS, "--json"], check=True, capture_output=True, text=True
    )
    ours_time = time.perf_counter() - t0
    ours = json.loads(out.stdout)

    starts = hoffmann_grid()[: args.reference_starts]
    t0 = time.perf_counter()
    ref_f, ref_x = reference(runs, starts)
    ref_time = time.perf_counter() - t0
    full_ref_time = ref_time * len(hoffmann_grid()) / len(starts)

    t0 = time.perf_counter()
    boot = fit_runs(runs, bootstrap=1000, seed=0, holdout_fraction=0)
    boot_time = time.perf_counter() - t0

    print(
        f"reference  {len(starts)} starts x L-BFGS-B (numeric grad): {ref_time:8.1f} s"
        + (
            f" (full grid extrapolated: {full_ref_time:.0f} s)"
            if len(starts) < len(hoffmann_grid())
            else ""
        )
    )
    print(
        f"           objective {ref_f:.10g}, alpha {ref_x[3]:.4f}, beta {ref_x[4]:.4f}, E {np.exp(ref_x[2]):.4f}"
    )
    print(f"planner    whole `planner fit` process:           {ours_time:8.2f} s")
    print(
        f"           objective {ours['objective']:.10g}, alpha {ours['alpha']:.4f}, beta {ours['beta']:.4f}, E {ours['E']:.4f}"
    )
    print(
        f"ratio      {full_ref_time / ours_time:.0f}x faster (goal >= 50x); objective "
        f"{'<=' if ours['objective'] <= ref_f * (1 + 1e-9) else '>'} reference"
    )
    print(
        f"bootstrap  fit + 1000 refits: {boot_time:.1f} s (goal < 30 s; {boot.bootstrap.n_failed} failed)"
    )


if __name__ == "__main__":
    main()
