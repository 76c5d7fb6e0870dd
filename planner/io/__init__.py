"""What comes in and what goes out at the edge.

Argument checks (numbers, types, text, sequences), paths as a user types them, and files written
without ever losing one.

Public names, by the module that defines them:

- ``_check_types``: ``check_instance``, ``check_optional_path``, ``check_optional_text``,
  ``check_score_options``, ``check_sequence``, ``check_text``, ``check_text_map``
- ``_checks``: ``as_array``, ``check_files``, ``check_flag``, ``check_goodput``, ``check_id``,
  ``check_mfu``, ``check_price``, ``check_real``, ``check_thresholds``, ``check_whole``,
  ``finite``, ``shown``
- ``_files``: ``MAX_READ_BYTES``, ``check_output``, ``open_regular``, ``read_regular_bytes``,
  ``shorten``, ``shorten_path``, ``write_bytes_safely``, ``write_text_safely``
- ``_json``: ``json_text``
- ``_paths``: ``user_path``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.io._check_types import (
        check_instance,
        check_optional_path,
        check_optional_text,
        check_score_options,
        check_sequence,
        check_text,
        check_text_map,
    )
    from planner.io._checks import (
        as_array,
        check_files,
        check_flag,
        check_goodput,
        check_id,
        check_mfu,
        check_price,
        check_real,
        check_thresholds,
        check_whole,
        finite,
        shown,
    )
    from planner.io._files import (
        MAX_READ_BYTES,
        check_output,
        open_regular,
        read_regular_bytes,
        shorten,
        shorten_path,
        write_bytes_safely,
        write_text_safely,
    )
    from planner.io._json import (
        json_text,
    )
    from planner.io._paths import (
        user_path,
    )

_NAMES = {
    "MAX_READ_BYTES": "_files",
    "as_array": "_checks",
    "check_files": "_checks",
    "check_flag": "_checks",
    "check_id": "_checks",
    "check_instance": "_check_types",
    "check_goodput": "_checks",
    "check_mfu": "_checks",
    "check_optional_path": "_check_types",
    "check_optional_text": "_check_types",
    "check_output": "_files",
    "check_price": "_checks",
    "check_real": "_checks",
    "check_score_options": "_check_types",
    "check_sequence": "_check_types",
    "check_text": "_check_types",
    "check_text_map": "_check_types",
    "check_thresholds": "_checks",
    "check_whole": "_checks",
    "finite": "_checks",
    "json_text": "_json",
    "open_regular": "_files",
    "read_regular_bytes": "_files",
    "shorten": "_files",
    "shorten_path": "_files",
    "shown": "_checks",
    "user_path": "_paths",
    "write_bytes_safely": "_files",
    "write_text_safely": "_files",
}

__all__ = [
    "MAX_READ_BYTES",
    "as_array",
    "check_files",
    "check_flag",
    "check_goodput",
    "check_id",
    "check_instance",
    "check_mfu",
    "check_optional_path",
    "check_optional_text",
    "check_output",
    "check_price",
    "check_real",
    "check_score_options",
    "check_sequence",
    "check_text",
    "check_text_map",
    "check_thresholds",
    "check_whole",
    "finite",
    "json_text",
    "open_regular",
    "read_regular_bytes",
    "shorten",
    "shorten_path",
    "shown",
    "user_path",
    "write_bytes_safely",
    "write_text_safely",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
