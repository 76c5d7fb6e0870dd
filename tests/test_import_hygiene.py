"""The maths never imports the UI or the CLI (the static contract is lint-imports in CI)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY_UI = ("textual", "rich", "planner.cli._main", "planner.tui")


@pytest.mark.parametrize(
    "stmt",
    [
        "import planner",
        "import planner.laws._solve",
        "import planner.data._registry",
        "import planner.report._plan",
        "from planner.tasks._emergence import capabilities; from planner.tasks._metric_view import mirage; mirage(8)",
        "from planner import plan; plan(1e22)",
    ],
)
def test_core_imports_no_ui(stmt):
    code = f"{stmt}; import sys; print(','.join(m for m in {HEAVY_UI!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{stmt} pulled in {out.stdout.strip()}"


HEAVY_PLAN = ("scipy", "textual", "numpy.random", "numpy.ma", "pydantic", "numpy.typing", "json")
"""Never on the closed-form `planner plan` path (issue 10 item 7: numpy.random alone was 16 ms,
numpy.ma 11 ms, building a pydantic model ~60 ms; the records are msgspec Structs, issue 23;
numpy.typing 0.5 ms and json 1.2 ms, which only type checking and a lone-surrogate fallback
need)."""


@pytest.fixture(scope="module")
def plan_path():
    """One `planner plan 1e22 --json` in a fresh interpreter, with `compile` watched: the
    annotation texts it compiled (line 1) and the heavy modules it imported (line 2)."""
    code = (
        "import builtins, sys\n"
        "seen = []\n"
        "compile_ = builtins.compile\n"
        "def spy(source, filename, *args, **kwargs):\n"
        "    if filename == '<annotation>':\n"
        "        seen.append(source)\n"
        "    return compile_(source, filename, *args, **kwargs)\n"
        "builtins.compile = spy\n"
        "from planner.cli._main import main\n"
        "main(['plan', '1e22', '--json'])\n"
        "print(len(seen), seen[:3], file=sys.stderr)\n"
        f"print(','.join(m for m in {HEAVY_PLAN!r} if m in sys.modules), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stderr.split("\n")


def test_closed_form_cli_path_does_not_import_scipy(plan_path):
    """`planner plan BUDGET` stays fast: nothing heavy on the closed-form path."""
    assert plan_path[1].strip() == ""


def test_the_mirage_function_is_not_shadowed_by_a_module():
    """`from planner import mirage` is the function even after every module was imported: the
    metric view's module had the same name, so importing it replaced the package attribute
    (a slow TUI test failed depending on test order)."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import planner.tasks._metric_view, planner.cli._main, planner.report._listings; "
            "from planner import mirage; print(callable(mirage))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "True"


def test_no_model_module_leaves_its_annotations_as_text():
    """Modules that define records evaluate their annotations as byte-code (issue 23 item 3).

    Under ``from __future__ import annotations`` every field's annotation is text, which the
    record layer compiled at each start: 92 texts, ~2 ms of ``planner plan``. A record module
    must leave the future import out (and quote a forward reference or a name imported only
    for type checking).
    """
    import ast
    import importlib
    import pkgutil
    from pathlib import Path

    import planner
    from planner.data._frozen import Frozen

    offenders, models = [], 0
    for info in pkgutil.walk_packages(planner.__path__, "planner."):
        if ".tui" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        defines = [
            v
            for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, Frozen) and v.__module__ == info.name
        ]
        if not defines:
            continue
        models += len(defines)
        tree = ast.parse(Path(module.__file__).read_text())
        future = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "__future__"
            and any(a.name == "annotations" for a in node.names)
            for node in tree.body
        )
        if future:
            offenders.append(info.name)
    assert models > 50 and offenders == []


def test_the_plan_path_compiles_no_annotation_text(plan_path):
    assert plan_path[0].strip() == "0 []"
