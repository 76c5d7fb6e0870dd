"""The core's public functions document every parameter and what they return (numpydoc).

ruff's pydocstyle rules (numpy convention) check the docstrings' form; this checks their
content: a ``Parameters`` section naming each argument of the signature and a ``Returns``
section, for every function a core module lists in ``__all__`` (STYLE.md 5.3).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import planner

FRONT_ENDS = {"tui", "cli", "cli_parser", "__main__"}


def _public_functions():
    seen = set()
    for info in pkgutil.walk_packages(planner.__path__, "planner."):
        if info.name.split(".")[1] in FRONT_ENDS:
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__ and obj not in seen:
                seen.add(obj)
                yield pytest.param(obj, id=f"{module.__name__}.{name}")


def _section(doc: str, title: str) -> list[str] | None:
    lines = doc.splitlines()
    for i in range(len(lines) - 1):
        if lines[i].strip() == title and set(lines[i + 1].strip()) == {"-"}:
            body = []
            for line in lines[i + 2 :]:
                if line and not line.startswith(" ") and body and not body[-1]:
                    break  # the next section's title
                body.append(line)
            return body
    return None


@pytest.mark.parametrize("func", list(_public_functions()))
def test_public_function_documents_its_parameters_and_return(func):
    doc = inspect.getdoc(func) or ""
    params = list(inspect.signature(func).parameters.values())
    if params:
        section = _section(doc, "Parameters")
        assert section is not None, "no Parameters section"
        documented = set()
        for line in section:
            if line and not line.startswith(" "):
                names = line.split(" : ")[0]
                documented |= {n.strip().lstrip("*") for n in names.split(",")}
        missing = [p.name for p in params if p.name not in documented]
        assert not missing, f"parameters not documented: {missing}"
    assert _section(doc, "Returns") is not None, "no Returns section"


def test_the_check_sees_the_library_api():
    names = {p.id.rsplit(".", 1)[1] for p in _public_functions()}
    assert {"plan", "compare", "fit_runs", "load_law", "capabilities"} <= names
    assert len(names) > 100
    assert re.search(r"Parameters\n-+", inspect.getdoc(planner.plan) or "")
