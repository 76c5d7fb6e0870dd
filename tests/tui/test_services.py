"""The TUI's services come through constructors, its imports go one way, and a key only validates.

Issue 23 item 5: screens and widgets reached the app through ``planner_app()`` (17 calls) and
imported ``planner.tui.app``, which imports them (a cycle, counting imports inside functions and
under TYPE_CHECKING); the plan, its capabilities and scores were computed on the key handler.
"""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest
from textual.widgets import Input

from planner.tui.app import make_app

pytestmark = pytest.mark.tui

TUI = Path(__file__).resolve().parents[2] / "planner" / "tui"


def _module(path: Path) -> str:
    parts = path.relative_to(TUI.parents[1]).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every planner module ``path`` imports: top level, inside functions, under TYPE_CHECKING."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("planner.")}


def test_no_module_of_the_tui_imports_the_app_and_no_cycle():
    modules = {_module(p): p for p in TUI.rglob("*.py")}
    graph = {m: _imports(p) & set(modules) for m, p in modules.items()}
    assert not [m for m, deps in graph.items() if "planner.tui.app" in deps]

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for dep in graph[start]:
            if dep == goal or (dep not in seen and reaches(dep, goal, seen | {dep})):
                return True
        return False

    assert [m for m in graph if reaches(m, m, set())] == []


def test_screens_are_given_their_services(tmp_path):
    """The screens hold the app's one Services (the laws a fit adds are seen by all)."""
    app = make_app(animate=False, export_dir=tmp_path)
    assert app.services.laws is app.laws
    assert not (TUI / "base.py").exists()  # planner_app() is gone
    text = "\n".join(p.read_text(encoding="utf-8") for p in TUI.rglob("*.py"))
    assert "planner_app(" not in text


async def test_a_key_plans_in_a_worker_not_on_the_key_handler(monkeypatch, tmp_path):
    import planner.tui.screens.main as main_screen

    threads: list[str] = []
    real = main_screen.capabilities

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(main_screen, "capabilities", spy)
    app = make_app(animate=False, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert threads == [threading.main_thread().name]  # the first plan, on mount
        app.screen.query_one("#budget-input", Input).value = "3e23"  # as a key's edit posts it
        await pilot.pause()  # waits for the plan's worker (tests/tui/conftest.py)
        assert app.main.plan is not None and app.main.plan.compute_flops == 3e23
        assert len(threads) >= 2
        assert threading.main_thread().name not in threads[1:]
