"""Names of a package imported on first use (PEP 562), so importing a package costs nothing.

Each subpackage's ``__init__`` lists its public names and the private module that defines each;
``import planner.laws`` imports none of them until one is used, so the command line stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["attach"]


def attach(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose names load lazily.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : mapping of str to str
        Each public name to the module (relative to ``package``, e.g. ``"_solve"``) defining it.

    Returns
    -------
    getattr, dir : callable
        Assign them to the package's ``__getattr__`` and ``__dir__``.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807  # the PEP 562 hook's name
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(names) | set(importlib.import_module(package).__dict__))

    return __getattr__, __dir__
