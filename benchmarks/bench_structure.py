"""The package's structure in figures, the before/after of issue 23.

    python benchmarks/bench_structure.py [--root .] [--runs 15] [--json]

``--root`` is a checkout (a directory holding ``planner/``); any commit can be measured by
exporting it (``git worktree add /tmp/old COMMIT``) and pointing ``--root`` at it. Figures:

- **modules per folder** of ``planner/``: a module is a ``.py`` file, so a package counts its
  ``__init__.py`` in its own folder;
- **import cycles**: strongly connected components (Tarjan) of the import graph, built with
  ``ast`` from every ``import`` and ``from ... import`` anywhere in a module (module level, inside
  functions, under ``TYPE_CHECKING``). Relative imports are resolved; ``from pkg import name``
  points at ``pkg.name`` when that is a module, else at ``pkg``. Only the module a statement names
  is an edge: the parent packages Python runs on the way (``planner/__init__.py`` for any
  ``planner.x``) are not, nor are names imported by string (``importlib.import_module``);
- **longest import chain**: the longest path of the condensation DAG (each cycle one node),
  counted in modules along the path, with one such chain printed;
- **one budget's path**: ``planner.plan(1e24)`` traced with ``sys.setprofile`` after a warm-up
  call (caches set), in a child process importing the ``planner`` of ``--root``. A *stop* is a call
  into a planner module other than the one of the nearest planner frame below it (a call from
  outside planner, e.g. from a library's callback, compares with the planner frame under it); a
  *return* is a stop into a module the budget already went through; an *upward call* is a stop
  into a module standing higher in the import graph than its caller (its longest import chain
  is longer: a callback, or a call through an import against the layers).
  Functions are found by name and modules by file name, so the figures survive moves:
  ``parse_quantity`` is any function of that name in planner, the argument checks are the
  functions of any ``checks.py``/``check_types.py`` (with or without a leading underscore).
  Calls *on the budget* are those with an argument equal to it (a number, or a string that
  parses to it): every other numeric argument (MFU, hours, ...) is parsed and checked too;
- **CLI start-up**: the best of ``--runs`` of the ``planner`` console script's entry point
  (read from ``pyproject.toml``) running ``plan 1e24 --json``, against ``python -c "import
  numpy"``, interleaved, after one warm run of each, with ``PYTHONDONTWRITEBYTECODE`` removed from
  the environment (set, it makes every start compile the sources of an editable install).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE = "planner"
CHECK_MODULES = frozenset({"checks", "_checks", "check_types", "_check_types"})
Graph = dict[str, set[str]]


# ---------------------------------------------------------------------------------------------
# the import graph


def find_modules(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of ``root/package`` by dotted name (a package by its own name)."""
    modules: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _resolve(
    module: str, node: ast.Import | ast.ImportFrom, modules: Mapping[str, Path]
) -> list[str]:
    """The modules of ``modules`` one import statement of ``module`` names."""
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            parts = module.split(".")
            if modules[module].name != "__init__.py":
                parts = parts[:-1]  # a module's relative imports start from its package
            up = node.level - 1
            if up > len(parts) - 1:
                return []  # beyond the top-level package
            parts = parts[: len(parts) - up]
            base = ".".join([*parts, base] if base else parts)
        for alias in node.names:
            full = f"{base}.{alias.name}"
            names.append(full if full in modules else base)
    found: list[str] = []
    for name in names:
        while name and name not in modules:  # `import planner.x.y` where y is a name
            name = name.rpartition(".")[0]
        if name:
            found.append(name)
    return found


def import_graph(modules: Mapping[str, Path]) -> Graph:
    """Edges module -> modules it imports anywhere in its source (self-imports dropped)."""
    graph: Graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name].update(t for t in _resolve(name, node, modules) if t != name)
    return graph


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (each sorted, in reverse topological
    order: a component comes after every component it imports)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterable[str]]] = []
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work.append((start, iter(sorted(graph[start]))))
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    component: list[str] = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    components.append(sorted(component))
    return components


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The import cycles: components of more than one module."""
    return sorted(c for c in strongly_connected(graph) if len(c) > 1)


def levels(graph: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Each module's longest import chain downward, in modules (a leaf is 1; a cycle counts
    once, as one node of the condensation)."""
    components = strongly_connected(graph)  # reverse topological: imported ones come first
    of = {m: i for i, comp in enumerate(components) for m in comp}
    depth: list[int] = []
    for i, comp in enumerate(components):
        below = [depth[of[w]] for v in comp for w in graph[v] if of[w] != i]
        depth.append(1 + max(below, default=0))
    return {m: depth[of[m]] for m in graph}


def longest_chain(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """One longest import chain, top module first (length = the largest of :func:`levels`);
    a cycle entered at one module and left from another shows as ``entry~exit``."""
    level = levels(graph)
    if not level:
        return []
    current = min(level, key=lambda m: (-level[m], m))
    chain = [current]
    of_cycle = {m: frozenset(c) for c in strongly_connected(graph) for m in c}
    while level[current] > 1:
        # step to the module one level below, leaving the current cycle if need be
        steps = sorted(
            (v, w)
            for v in of_cycle[current]
            for w in graph[v]
            if w not in of_cycle[current] and level[w] == level[current] - 1
        )
        v, current = steps[0]
        if v != chain[-1]:
            chain[-1] = f"{chain[-1]}~{v}"  # entered the cycle at one module, left by another
        chain.append(current)
    return chain


def modules_per_folder(root: Path, modules: Mapping[str, Path]) -> dict[str, int]:
    """How many modules each folder holds (a package's ``__init__`` in its own folder)."""
    counts = Counter(path.parent.relative_to(root).as_posix() for path in modules.values())
    return dict(sorted(counts.items()))


def lines_per_folder(root: Path, modules: Mapping[str, Path]) -> dict[str, int]:
    """Source lines per folder."""
    counts: Counter[str] = Counter()
    for path in modules.values():
        counts[path.parent.relative_to(root).as_posix()] += len(
            path.read_text(encoding="utf-8").splitlines()
        )
    return dict(sorted(counts.items()))


# ---------------------------------------------------------------------------------------------
# one budget's path through the package (run in a child process importing root's planner)

TRACE_CHILD = r"""
import json, sys
from pathlib import Path
root = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(root))
import planner
pkg = Path(planner.__file__).resolve().parent
if pkg != root / "planner":
    raise SystemExit(f"imported {pkg}, not {root / 'planner'}")
budget = float(sys.argv[2])
planner.plan(budget)  # warm-up: presets parsed, caches set
names = {}
def module_of(code):
    f = code.co_filename
    if f not in names:
        try:
            parts = Path(f).resolve().relative_to(root).with_suffix("").parts
        except ValueError:
            parts = ()
        if parts and parts[0] == "planner":
            names[f] = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        else:
            names[f] = None
    return names[f]
def is_budget(value):
    if isinstance(value, str):
        try:
            return float(value) == budget
        except ValueError:
            return False
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == budget
calls = []
def profile(frame, event, arg):
    if event != "call":
        return
    callee = module_of(frame.f_code)
    if callee is None:
        return
    caller = None
    back = frame.f_back
    while back is not None:
        caller = module_of(back.f_code)
        if caller is not None:
            break
        back = back.f_back
    code = frame.f_code
    arguments = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    carries = any(is_budget(frame.f_locals.get(a)) for a in arguments)
    calls.append((caller, callee, code.co_name, carries))
sys.setprofile(profile)
planner.plan(budget)
sys.setprofile(None)
print(json.dumps(calls))
"""


Call = tuple[str | None, str, str, bool]


def trace_budget(root: Path, budget: float = 1e24) -> list[Call]:
    """Every call into a planner function during ``planner.plan(budget)``: (module of the nearest
    planner frame below, or None; callee's module; function name; whether an argument is the
    budget, as a number or a string), in order."""
    out = subprocess.run(
        [sys.executable, "-c", TRACE_CHILD, str(root.resolve()), repr(budget)],
        check=True,
        capture_output=True,
        text=True,
        cwd=root,
    )
    return [(c[0], c[1], c[2], c[3]) for c in json.loads(out.stdout)]


@dataclass(frozen=True)
class BudgetPath:
    """What one budget passes through."""

    modules: list[str]  # distinct planner modules whose functions ran, in order of first call
    stops: list[str]  # the module of each stop, in order
    returns: int  # stops into a module already gone through
    upward_calls: int  # stops into a module higher in the import graph than its caller
    calls: int  # planner function calls
    parse_quantity: int  # calls of any function named parse_quantity
    parse_quantity_budget: int  # those given the budget itself
    checks: dict[str, int]  # calls of each function of the checks modules
    check_entries: int  # calls into a checks module from another module
    checks_budget: int  # calls of a checks function given the budget itself


def budget_path(calls: Iterable[Call], level: Mapping[str, int]) -> BudgetPath:
    """The figures of :class:`BudgetPath` from a trace (see :func:`trace_budget`)."""
    modules: list[str] = []
    stops: list[str] = []
    seen: set[str] = set()
    returns = upward = n = parse_quantity = parse_budget = entries = checks_budget = 0
    checks: Counter[str] = Counter()
    for caller, callee, function, carries in calls:
        n += 1
        if callee not in modules:
            modules.append(callee)
        if function == "parse_quantity":
            parse_quantity += 1
            parse_budget += carries
        is_check = callee.rpartition(".")[2] in CHECK_MODULES
        if is_check:
            checks[f"{callee}.{function}"] += 1
            checks_budget += carries
        if caller == callee:
            continue
        stops.append(callee)
        entries += is_check
        if callee in seen:
            returns += 1
        seen.add(callee)
        if caller is not None and level.get(callee, 0) > level.get(caller, 0):
            upward += 1
    return BudgetPath(
        modules=modules,
        stops=stops,
        returns=returns,
        upward_calls=upward,
        calls=n,
        parse_quantity=parse_quantity,
        parse_quantity_budget=parse_budget,
        checks=dict(sorted(checks.items())),
        check_entries=entries,
        checks_budget=checks_budget,
    )


# ---------------------------------------------------------------------------------------------
# CLI start-up


def _entry_point(root: Path) -> str:
    """The ``planner`` console script's ``module:function``, from root's pyproject.toml."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return str(project["project"]["scripts"]["planner"])


def cli_startup(root: Path, runs: int) -> dict[str, float]:
    """Best wall time (s) of ``planner plan 1e24 --json`` and of ``python -c "import numpy"``.

    The planner command is what the console script runs (``sys.exit(main())``), with root's
    ``planner`` first on the path.
    """
    module, _, function = _entry_point(root).partition(":")
    script = (
        f"import sys; sys.path.insert(0, {str(root.resolve())!r}); "
        f"from {module} import {function}; sys.exit({function}())"
    )
    commands = {
        "planner": [sys.executable, "-c", script, "plan", "1e24", "--json"],
        "numpy": [sys.executable, "-c", "import numpy"],
    }
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def once(cmd: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(
            cmd, check=True, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        return time.perf_counter() - t0

    for cmd in commands.values():
        once(cmd)  # warm: byte code written, files in the page cache
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(runs):
        for name, cmd in commands.items():
            best[name] = min(best[name], once(cmd))
    return best


# ---------------------------------------------------------------------------------------------


def measure(root: Path, runs: int, budget: float = 1e24) -> dict[str, Any]:
    """Every figure, as a JSON-ready dict (``runs=0`` skips the CLI timing)."""
    modules = find_modules(root)
    graph = import_graph(modules)
    level = levels(graph)
    chain = longest_chain(graph)
    path = budget_path(trace_budget(root, budget), level)
    result: dict[str, Any] = {
        "root": str(root.resolve()),
        "modules": len(modules),
        "lines": sum(lines_per_folder(root, modules).values()),
        "modules_per_folder": modules_per_folder(root, modules),
        "lines_per_folder": lines_per_folder(root, modules),
        "import_edges": sum(len(v) for v in graph.values()),
        "cycles": cycles(graph),
        "longest_chain": len(chain),
        "longest_chain_modules": chain,
        "budget": {
            "budget": budget,
            "modules": len(path.modules),
            "module_list": path.modules,
            "stops": len(path.stops),
            "stop_list": path.stops,
            "returns": path.returns,
            "upward_calls": path.upward_calls,
            "calls": path.calls,
            "parse_quantity": path.parse_quantity,
            "parse_quantity_budget": path.parse_quantity_budget,
            "check_calls": sum(path.checks.values()),
            "check_entries": path.check_entries,
            "check_calls_budget": path.checks_budget,
            "checks": path.checks,
        },
    }
    if runs > 0:
        best = cli_startup(root, runs)
        result["cli"] = {
            "runs": runs,
            "planner_plan_s": best["planner"],
            "import_numpy_s": best["numpy"],
            "ratio": best["planner"] / best["numpy"],
        }
    return result


def _short(name: str) -> str:
    return name.removeprefix(f"{PACKAGE}.")


def report(r: Mapping[str, Any]) -> str:
    """The figures as text."""
    out = [f"root {r['root']}: {r['modules']} modules, {r['lines']} lines"]
    out.append("modules per folder (lines):")
    for folder, n in r["modules_per_folder"].items():
        out.append(f"  {folder:<28} {n:3d}  ({r['lines_per_folder'][folder]})")
    out.append(f"import cycles (strongly connected components): {len(r['cycles'])}")
    out.extend("  " + " <-> ".join(map(_short, c)) for c in r["cycles"])
    out.append(f"longest import chain: {r['longest_chain']} modules")
    out.append(
        "  " + " -> ".join("~".join(map(_short, m.split("~"))) for m in r["longest_chain_modules"])
    )
    b = r["budget"]
    out.append(
        f"planner.plan({b['budget']:g}): {b['calls']} planner calls, {b['stops']} stops in "
        f"{b['modules']} modules, {b['returns']} returns to a module already left, "
        f"{b['upward_calls']} upward calls"
    )
    out.append("  modules: " + ", ".join(map(_short, b["module_list"])))
    out.append("  stops:   " + " > ".join(map(_short, b["stop_list"])))
    out.append(
        f"  parse_quantity called {b['parse_quantity']}x ({b['parse_quantity_budget']}x on the "
        f"budget); argument checks called {b['check_calls']}x ({b['check_entries']} entries "
        f"into a checks module; {b['check_calls_budget']}x on the budget)"
    )
    out.extend(f"    {_short(f)} {n}x" for f, n in b["checks"].items())
    if "cli" in r:
        c = r["cli"]
        out.append(
            f"CLI start-up (best of {c['runs']}): planner plan 1e24 --json "
            f"{c['planner_plan_s'] * 1e3:.1f} ms, python -c 'import numpy' "
            f"{c['import_numpy_s'] * 1e3:.1f} ms: {c['ratio']:.2f}x (goal <= 1.5x)"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    """Command line: print the figures (text, or ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path("."), help="checkout holding planner/")
    parser.add_argument("--runs", type=int, default=15, help="CLI start-up runs (0: skip)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    result = measure(args.root, args.runs)
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    main()
