"""Each hyperparameter law's error on published pre-training runs (issue 20 item 1).

The runs are ``tests/data/published/published-runs.csv`` (32 runs: GPT-3, Chinchilla, Gopher,
LLaMA, Llama 2, Pythia, OLMo 1 and 2, DeepSeek LLM, Llama 3 405B; each number's source is in
the table and its README). For each law of ``presets/hyperparams/`` and each run: the factor
off in peak learning rate and in batch, exp(|ln(predicted / published)|) (a batch published as
a ramp counts as exact anywhere inside it). A law's own runs are always left out (DeepSeek's 7B
and 67B were set with DeepSeek's law). The defaults of the run sheet
(``planner.run._hparams.DEFAULT_LR_LAW`` and ``DEFAULT_BATCH_LAW``) are the smallest medians on a
fixed selection set (``planner.run._hparam_check.SELECTION_FAMILIES``: GPT-3, Chinchilla, Gopher,
Pythia, LLaMA 1); the held-out error is each law's error on the other runs (OLMo 1 and 2,
DeepSeek LLM, Llama 2, Llama 3), which no choice saw. The table below is what the README's
"Run sheet" section reports. Timing: the laws on all runs against one ``plan()`` call,
measured in the same run.

    python benchmarks/bench_hparams.py
"""

from __future__ import annotations

import timeit
from pathlib import Path

from planner import plan
from planner.run._hparam_check import law_errors, read_published_runs, selection_split, split_errors
from planner.run._hparams import DEFAULT_BATCH_LAW, DEFAULT_LR_LAW, list_hparam_laws

RUNS = Path(__file__).resolve().parents[1] / "tests" / "data" / "published" / "published-runs.csv"


def _f(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.2f}x"


def main() -> None:
    runs = read_published_runs(RUNS)
    laws = list_hparam_laws()
    chosen, held = selection_split(runs)
    print(f"{len(runs)} published runs: {len(chosen)} in the selection set, {len(held)} held out; "
          "factor off (median / worst)")  # fmt: skip
    print(f"{'law':22s} {'runs':>4s}  {'LR median':>9s} {'LR worst':>8s}  "
          f"{'batch median':>12s} {'batch worst':>11s}  set")  # fmt: skip
    best_lr: tuple[str, float] | None = None
    best_batch: tuple[str, float] | None = None
    for law in laws:
        for tag, e in zip(("selection", "held out"), split_errors(law, runs), strict=True):
            print(f"{law.id:22s} {e.runs:4d}  {_f(e.lr_median):>9s} {_f(e.lr_worst):>8s}  "
                  f"{_f(e.batch_median):>12s} {_f(e.batch_worst):>11s}  {tag}"
                  + (f" (without {', '.join(e.excluded)})" if e.excluded else ""))  # fmt: skip
            if tag != "selection":
                continue
            if e.lr_median is not None and (best_lr is None or e.lr_median < best_lr[1]):
                best_lr = (law.id, e.lr_median)
            if e.batch_median is not None and (
                best_batch is None or e.batch_median < best_batch[1]
            ):
                best_batch = (law.id, e.batch_median)
    assert best_lr is not None and best_batch is not None
    print(f"smallest selection-set LR error: {best_lr[0]} (default {DEFAULT_LR_LAW}); "
          f"batch: {best_batch[0]} (default {DEFAULT_BATCH_LAW})")  # fmt: skip
    plan(1e21)
    ref = min(timeit.repeat(lambda: plan(1e21), number=200, repeat=5)) / 200
    t = min(timeit.repeat(lambda: [law_errors(x, runs) for x in laws], number=3, repeat=3)) / 3
    print(f"all laws on all runs: {t * 1e3:.1f} ms ({t / ref:.0f}x one plan(1e21))")


if __name__ == "__main__":
    main()
