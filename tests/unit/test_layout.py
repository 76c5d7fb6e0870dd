"""The house stays navigable: no module of the package over 500 lines (issue 10, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "planner"


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_module_over_500_lines(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 500, f"{path.name} has {lines} lines: split it by concern"


def test_every_module_is_on_one_side_of_the_import_contract():
    """A new core module is checked by lint-imports only if the contract names it: each
    top-level module is a source (core) or forbidden to them (the CLI), or in a subpackage."""
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    named = set(contract["source_modules"]) | set(contract["forbidden_modules"])
    modules = {
        f"planner.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")
    }
    assert sorted(modules - named) == []
