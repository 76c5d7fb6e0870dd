"""The command line.

``planner plan | compare | run | fit | laws | hardware | tasks | ...``, a thin shell over the
library.

Public names, by the module that defines them:

- ``_main``: ``BRIEF_COMMANDS``, ``main``, ``program``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.cli._main import (
        BRIEF_COMMANDS,
        main,
        program,
    )

_NAMES = {
    "BRIEF_COMMANDS": "_main",
    "main": "_main",
    "program": "_main",
}

__all__ = [
    "BRIEF_COMMANDS",
    "main",
    "program",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
