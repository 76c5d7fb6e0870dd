"""TUI key latency while a bootstrap fit runs, against the same keys with nothing running.

Goal (issue 13, item 7): keys stay responsive during a bootstrap. Before the fit moved to a child
process (planner/tui/fit_process.py) F1 took 3.1 s to open the help during a 2,000-resample
bootstrap against 0.2-0.3 s idle (10x or more); the ratio here should stay near 1 (the child
takes one core; on a 2-core machine the app shares the other with the test harness).

Each key is pressed through Textual's Pilot and timed until the app is idle again; the median of
the presses is kept for each state.

    python benchmarks/bench_tui_keys.py [--bootstrap 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from planner.tui.app import make_app

CSV = Path(__file__).resolve().parents[1] / "tests/data/published/chinchilla-fig4-besiroglu2024.csv"
KEYS = ["f1", "escape", "tab", "f1", "escape", "tab", "f1", "escape"]


async def _latencies(bootstrap: int) -> tuple[list[float], str]:
    app = make_app(
        animate=False,
        fit_path=str(CSV),
        fit_columns={
            "params-col": "Model Size",
            "compute-col": "Training FLOP",
            "drop": "5",
            "bootstrap": str(bootstrap),
        },
    )
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        if bootstrap:
            await pilot.press("ctrl+r")
            await asyncio.sleep(1.5)  # the child has started and is resampling
        for key in KEYS:
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            out.append(time.perf_counter() - t0)
        status = str(app.screen.query_one("#fit-status").render())
        await pilot.press("escape")  # cancels a fit still running
        await app.workers.wait_for_complete()
    return out, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", type=int, default=2000)
    args = parser.parse_args()
    idle, _ = asyncio.run(_latencies(0))
    busy, status = asyncio.run(_latencies(args.bootstrap))
    ref, during = statistics.median(idle), statistics.median(busy)
    print(f"idle       median key {ref * 1e3:6.0f} ms   max {max(idle) * 1e3:6.0f} ms")
    print(
        f"bootstrap  median key {during * 1e3:6.0f} ms   max {max(busy) * 1e3:6.0f} ms"
        f"   ({during / ref:.2f}x idle; status at the last key: {status})"
    )


if __name__ == "__main__":
    main()
