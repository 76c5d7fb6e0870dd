"""CLI start-up cost against `python -c "import numpy, pydantic"`, measured in the same run.

Goal (issue 2): `planner plan BUDGET --json` costs no more than ~1.5x the bare imports, i.e.
nothing heavy (scipy, textual) is imported on the closed-form path. `import pydantic` alone is
lazy; the floor of *using* one pydantic model is measured too, so the figure can be read
against what any pydantic program pays. Runs are interleaved and the minimum of each is kept
(start-up noise only ever adds time).

    python benchmarks/bench_cli.py [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time

FLOOR = "import numpy\nfrom pydantic import BaseModel\nclass X(BaseModel):\n    a: float\nX(a=1.0)"


def _once(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    planner = shutil.which("planner")
    plan_cmd = [planner] if planner else [sys.executable, "-m", "planner"]
    commands = {
        "reference": [sys.executable, "-c", "import numpy, pydantic"],
        "floor": [sys.executable, "-c", FLOOR],
        "planner": [*plan_cmd, "plan", "1e24", "--json"],
        "help": [*plan_cmd, "--help"],
    }
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(args.runs):
        for name, cmd in commands.items():
            best[name] = min(best[name], _once(cmd))
    ref = best["reference"]
    print(f"reference  python -c 'import numpy, pydantic'   {ref * 1e3:7.1f} ms")
    print(
        f"floor      numpy + one pydantic model validated  {best['floor'] * 1e3:7.1f} ms"
        f"  ({best['floor'] / ref:.2f}x)"
    )
    print(
        f"planner    plan 1e24 --json                      {best['planner'] * 1e3:7.1f} ms"
        f"  ({best['planner'] / ref:.2f}x; goal <= 1.5x)"
    )
    print(
        f"planner    --help                                {best['help'] * 1e3:7.1f} ms"
        f"  ({best['help'] / ref:.2f}x)"
    )
    # per call, in this process (presets cached after the first): plan() against a bare
    # pydantic model validation, the same floor as above
    import timeit

    from pydantic import BaseModel

    from planner import plan

    class X(BaseModel):
        a: float

    plan(1e21)  # warm the preset cache
    n = 200
    t_plan = min(timeit.repeat(lambda: plan(1e21), number=n, repeat=5)) / n
    t_model = min(timeit.repeat(lambda: X(a=1.0), number=n, repeat=5)) / n
    print(
        f"plan(1e21) per call                              {t_plan * 1e6:7.1f} us"
        f"  ({t_plan / t_model:.0f}x one pydantic validation; goal < 100 us)"
    )


if __name__ == "__main__":
    main()
