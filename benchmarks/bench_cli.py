"""CLI start-up cost against `python -c "import numpy"`, measured in the same run.

Goal (issue 2, issue 23 item 3): `planner plan BUDGET --json` costs no more than ~1.5x the bare
`import numpy`, i.e. nothing heavy (scipy, textual, pydantic) is imported on the closed-form
path. Two floors are measured too, so the figure can be read against what any program using the
same parts pays: numpy plus the record layer's library (msgspec) converting one record; and
every library ``plan --json`` uses doing the least of its work (numpy, msgspec, an argparse
parser with one subcommand, rtoml parsing a line, msgspec writing a list as indented JSON). What
``planner`` costs beyond the second floor is its own: its modules, reading its presets and the
plan's arithmetic. Runs are
interleaved and the minimum of each is kept (start-up noise only ever adds time). On a shared
machine whose speed drifts over seconds the two minima can come from different moments, so the
ratio of the planner's run to the reference run just before it, round by round, is printed too
(its median and quartiles): each pair shares the machine's state.

Byte-code: with ``PYTHONDONTWRITEBYTECODE=1`` set (this machine sets it) no ``.pyc`` is ever
written, so every start-up of an editable install compiles planner's sources again and the
figure measures the compiler. The benchmark therefore runs every command once with the variable
removed from the environment first (writing the ``.pyc`` files), and times the commands with it
removed too; ``--keep-env`` times them with the environment as it is.

    python benchmarks/bench_cli.py [--runs 20] [--keep-env]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

FLOOR = (
    "import numpy, msgspec\n"
    "class X(msgspec.Struct, frozen=True):\n    a: float\nmsgspec.convert({'a': 1.0}, X)"
)


LIBRARIES = (
    "import numpy, msgspec, argparse, rtoml\n"
    "class X(msgspec.Struct, frozen=True):\n    a: float\nmsgspec.convert({'a': 1.0}, X)\n"
    "p = argparse.ArgumentParser(prog='p')\n"
    "s = p.add_subparsers(dest='c').add_parser('plan')\n"
    "s.add_argument('budget'); s.add_argument('--json', action='store_true')\n"
    "p.parse_args(['plan', '1e24', '--json']); rtoml.loads('a = 1')\n"
    "print(msgspec.json.format(msgspec.json.encode({'a': [1.0, 2.0]}), indent=2).decode())"
)


def _once(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--keep-env", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if it is set"
    )
    args = parser.parse_args()
    env = dict(os.environ)
    if not args.keep_env and env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        print("PYTHONDONTWRITEBYTECODE removed for the runs (.pyc files written once, first)")
    planner = shutil.which("planner")
    plan_cmd = [planner] if planner else [sys.executable, "-m", "planner"]
    commands = {
        "reference": [sys.executable, "-c", "import numpy"],
        "floor": [sys.executable, "-c", FLOOR],
        "libraries": [sys.executable, "-c", LIBRARIES],
        "planner": [*plan_cmd, "plan", "1e24", "--json"],
        "help": [*plan_cmd, "--help"],
    }
    for cmd in commands.values():  # warm-up: byte-code written, caches filled
        _once(cmd, env)
    best = dict.fromkeys(commands, float("inf"))
    paired: list[float] = []  # planner over reference, run back to back in the same round
    for _ in range(args.runs):
        took = {name: _once(cmd, env) for name, cmd in commands.items()}
        for name, t in took.items():
            best[name] = min(best[name], t)
        paired.append(took["planner"] / took["reference"])
    ref = best["reference"]
    print(f"reference  python -c 'import numpy'             {ref * 1e3:7.1f} ms")
    print(
        f"floor      numpy + one msgspec record converted  {best['floor'] * 1e3:7.1f} ms"
        f"  ({best['floor'] / ref:.2f}x)"
    )
    print(
        f"libraries  numpy msgspec argparse rtoml           {best['libraries'] * 1e3:7.1f} ms"
        f"  ({best['libraries'] / ref:.2f}x)"
    )
    print(
        f"planner    plan 1e24 --json                      {best['planner'] * 1e3:7.1f} ms"
        f"  ({best['planner'] / ref:.2f}x; goal <= 1.5x)"
    )
    paired.sort()
    quart = len(paired) // 4
    print(
        f"           paired: median of {len(paired)} rounds' ratios {statistics.median(paired):.2f}x"
        f" (quartiles {paired[quart]:.2f}-{paired[-1 - quart]:.2f}x)"
    )
    own = best["planner"] - best["libraries"]
    print(f"           of which planner's own (beyond the libraries) {own * 1e3:5.1f} ms")
    print(
        f"planner    --help                                {best['help'] * 1e3:7.1f} ms"
        f"  ({best['help'] / ref:.2f}x)"
    )
    # per call, in this process (presets cached after the first): plan() against converting
    # one msgspec record, the same floor as above
    import timeit

    import msgspec

    from planner import plan

    class X(msgspec.Struct, frozen=True):
        a: float

    plan(1e21)  # warm the preset cache
    n = 200
    t_plan = min(timeit.repeat(lambda: plan(1e21), number=n, repeat=5)) / n
    t_model = min(timeit.repeat(lambda: msgspec.convert({"a": 1.0}, X), number=n, repeat=5)) / n
    print(
        f"plan(1e21) per call                              {t_plan * 1e6:7.1f} us"
        f"  ({t_plan / t_model:.0f}x one msgspec conversion; goal < 100 us)"
    )


if __name__ == "__main__":
    main()
