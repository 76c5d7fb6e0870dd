"""The run sheet's layout search, against one `plan()` call measured in the same run.

Goal (issue 12): the layout search for one plan in under 50 ms, so that the TUI's Run panel
recomputes per keystroke. Measured: the search over every (TP, PP, DP, ZeRO, recomputation)
layout of a cluster (`planner.run._layout.layouts`), and the whole run sheet (which also searches
for the fewest GPUs that fit) for three sizes; then the same for two mixtures of experts, whose
search also runs over the expert-parallel degree (`planner.run._moe.moe_layouts`).

    python benchmarks/bench_layout.py
"""

from __future__ import annotations

import timeit

from planner import plan
from planner.planning._accelerators import load_accelerator
from planner.planning._shapes import shape_for_params
from planner.run._layout import layouts
from planner.run._moe import moe_layouts, moe_spec
from planner.run._sheet import EnergyOptions, run_sheet

MOE_CASES = [("Mixtral 8x7B on 64", 46.7e9, 12.9e9, 8, 2, 1e12, 64, "h100-sxm"),
             ("DeepSeek-V3 on 2,048", 671e9, 37e9, 256, 8, 14.8e12, 2048, "h800")]  # fmt: skip
CASES = [("1B on 8 GPUs", 1e9, 20e9, 8), ("70B on 512", 70e9, 1.4e12, 512),
         ("405B on 16,384", 405e9, 15.6e12, 16384)]  # fmt: skip


def best(fn, number=20):
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def main() -> None:
    plan(1e21)
    ref = best(lambda: plan(1e21), number=200)
    print(f"reference: plan(1e21)            {ref * 1e6:8.1f} us")
    h100 = load_accelerator("h100-sxm")
    for name, n, d, k in CASES:
        s = shape_for_params(n, heads_multiple=8, seq_len=4096)
        t_search = best(lambda s=s, n=n, k=k: layouts(
            n, s.n_layers, s.d_model, s.n_heads, accelerator=h100, n_gpus=k,
            batch_sequences=2048, seq_len=4096))  # fmt: skip
        t_sheet = best(lambda n=n, d=d, k=k: run_sheet(n, d, n_gpus=k), number=5)
        print(
            f"{name:16s} layout search {t_search * 1e3:6.2f} ms ({t_search / ref:5.0f}x plan); "
            f"whole run sheet {t_sheet * 1e3:6.2f} ms ({t_sheet / ref:5.0f}x); goal < 50 ms"
        )
    for name, n, na, e, top, d, k, gpu in MOE_CASES:
        acc = load_accelerator(gpu)
        spec = moe_spec(n, na, e, top, None)
        assert spec is not None
        s = shape_for_params(na, heads_multiple=8, seq_len=4096)
        t_search = best(lambda s=s, k=k, spec=spec, acc=acc, na=na: moe_layouts(
            spec, s.n_layers, s.d_model, s.n_heads, accelerator=acc, n_gpus=k,
            batch_sequences=2048, seq_len=4096, flops_per_token=6 * na))  # fmt: skip
        t_sheet = best(lambda n=n, na=na, e=e, top=top, d=d, k=k, gpu=gpu: run_sheet(
            n, d, n_gpus=k, accelerator=gpu, n_active_params=na, experts=e, top_k=top,
            energy=EnergyOptions(board_power_w=700.0)), number=5)  # fmt: skip
        print(
            f"{name:20s} MoE layout search {t_search * 1e3:6.2f} ms ({t_search / ref:5.0f}x "
            f"plan); whole run sheet {t_sheet * 1e3:6.2f} ms ({t_sheet / ref:5.0f}x)"
        )


if __name__ == "__main__":
    main()
