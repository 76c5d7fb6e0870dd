"""benchmarks/bench_structure.py against a tiny package whose figures are known by construction.

The synthetic ``planner`` below has one cycle a -> b -> checks -> a (a relative import, an import
inside a function, one under TYPE_CHECKING), a chain planner -> a -> sub.d -> units of four
modules, and a ``plan`` whose calls are counted by hand in ``test_budget_path``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_structure.py"

FILES = {
    "planner/__init__.py": """
from planner import a


def plan(budget):
    return a.run(budget)
""",
    "planner/a.py": """
from . import b
from .sub.d import helper


def run(budget):
    x = b.parse(budget)
    x = b.parse(x * 2)  # no longer the budget
    return helper(x, _local)


def _local(x):
    return x
""",
    "planner/b.py": """
import os


def parse(x):
    from planner.checks import check
    from planner.units import parse_quantity

    return check(parse_quantity(x))
""",
    "planner/checks.py": """
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.a import run


def check(x):
    return _inner(x)


def _inner(x):
    return x
""",
    "planner/units.py": """
def parse_quantity(x):
    return float(x)


def _never_called():
    from ... import beyond_the_top  # no module: not an edge
""",
    "planner/sub/__init__.py": """
from planner.sub import d
""",
    "planner/sub/d.py": """
import os
import planner.units as u
from .. import units


def helper(x, f):
    return f(x)  # a callback: a call into a higher module than this one
""",
}


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_structure", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_structure"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip())
    return tmp_path


def test_graph(bench: ModuleType, root: Path) -> None:
    modules = bench.find_modules(root)
    graph = bench.import_graph(modules)
    assert graph == {
        "planner": {"planner.a"},
        "planner.a": {"planner.b", "planner.sub.d"},
        "planner.b": {"planner.checks", "planner.units"},
        "planner.checks": {"planner.a"},
        "planner.units": set(),
        "planner.sub": {"planner.sub.d"},
        "planner.sub.d": {"planner.units"},
    }
    assert bench.cycles(graph) == [["planner.a", "planner.b", "planner.checks"]]
    assert bench.modules_per_folder(root, modules) == {"planner": 5, "planner/sub": 2}
    assert bench.levels(graph)["planner.sub"] == 3
    assert bench.longest_chain(graph) == ["planner", "planner.a", "planner.sub.d", "planner.units"]


def test_chain_through_a_cycle(bench: ModuleType) -> None:
    # x enters the cycle {y, z} at y and leaves it from z: 3 modules on the chain, not 4
    graph = {"x": {"y"}, "y": {"z"}, "z": {"y", "w"}, "w": set()}
    assert bench.cycles(graph) == [["y", "z"]]
    assert bench.longest_chain(graph) == ["x", "y~z", "w"]


def test_budget_path(bench: ModuleType, root: Path) -> None:
    path = bench.budget_path(
        bench.trace_budget(root, 1.0), bench.levels(bench.import_graph(bench.find_modules(root)))
    )
    # plan, run, parse, parse_quantity, check, _inner, parse, parse_quantity, check, _inner,
    # helper, _local
    assert path.calls == 12
    assert path.stops == [
        "planner", "planner.a", "planner.b", "planner.units", "planner.checks",
        "planner.b", "planner.units", "planner.checks", "planner.sub.d", "planner.a",
    ]  # fmt: skip
    assert len(path.modules) == 6
    assert path.returns == 4
    assert path.upward_calls == 1  # sub.d calling a's _local back
    assert path.parse_quantity == 2
    assert path.checks == {"planner.checks.check": 2, "planner.checks._inner": 2}
    assert path.check_entries == 2
    assert path.parse_quantity_budget == 1
    assert path.checks_budget == 2  # check(1.0) and _inner(1.0), not those of 2.0


def test_report(bench: ModuleType, root: Path) -> None:
    text = bench.report(bench.measure(root, runs=0, budget=1.0))
    assert "import cycles (strongly connected components): 1\n  a <-> b <-> checks" in text
    assert "longest import chain: 4 modules" in text
    assert "10 stops in 6 modules" in text
    assert "parse_quantity called 2x (1x on the budget)" in text
