"""The house is arranged by topic (issue 23, item 1): a folder per room of the architecture.

Replaces the 500-line rule of issue 10, which split modules by size. The rules:

- at most ten modules directly in ``planner/``: the facts every room uses, and the entry points;
- each room is a subpackage with a small public ``__init__`` whose names load lazily, and private
  ``_modules`` behind it (``laws/kinds/`` holds one public module per law form; ``tui/`` is the
  application, not a library API);
- docs/ARCHITECTURE.md places every module in a room: a new module has to be given a topic;
- the import-linter layers contract (pyproject.toml) names every room and top-level module, so
  ``lint-imports`` checks the direction of every import.
"""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "planner"
ROOMS = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
LIBRARY_ROOMS = [r for r in ROOMS if r != "tui"]


def test_at_most_ten_modules_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 10, top


@pytest.mark.parametrize("room", LIBRARY_ROOMS)
def test_a_room_has_private_modules_behind_a_public_init(room):
    folder = PACKAGE / room
    public = [
        p.name
        for p in folder.glob("*.py")
        if p.name != "__init__.py" and not p.name.startswith("_")
    ]
    assert public == [], f"planner/{room}: modules outside __init__ are private (_name.py)"
    module = importlib.import_module(f"planner.{room}")
    assert module.__doc__ and module.__all__
    for name in module.__all__:  # every public name resolves to a real object
        assert getattr(module, name) is not None, name


@pytest.mark.parametrize("room", LIBRARY_ROOMS)
def test_a_room_init_imports_nothing_at_run_time(room):
    """Importing a room must cost nothing (the CLI starts fast): its names load on first use."""
    tree = ast.parse((PACKAGE / room / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            names = getattr(node, "module", None) or ""
            assert names in ("__future__", "typing", "planner._lazy"), ast.unparse(node)


def test_every_module_is_placed_in_a_room_of_the_architecture():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `planner/(\w+(?:/\w+)?)/` \| ([^|]+) \|", doc, re.M)
    }
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if len(rel.parts) == 1 or rel.name == "__init__.py":
            continue
        room = "/".join(rel.parts[:-1])
        row = table.get(room) or table.get(rel.parts[0], "")
        if f"`{rel.name}`" not in row:
            missing.append(str(rel))
    assert missing == [], "modules no room of docs/ARCHITECTURE.md names"


def test_the_layers_contract_names_every_room_and_top_level_module():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    named = {n.strip() for layer in layers["layers"] for n in layer.split("|")}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    assert sorted((set(ROOMS) | modules) - named) == []
