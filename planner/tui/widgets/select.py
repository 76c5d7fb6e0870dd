"""A ``Select`` whose drop-down survives PageUp/PageDown before it has been laid out.

Textual 8.2's ``OptionList._move_page`` looks the highlighted option up in a line map that is
built only once the list has a size (``OptionList._update_lines`` returns early on an empty
region). A drop-down opened while its form is hidden (F9, ``ctrl+b`` then) or not yet laid out
has an empty map, and PageUp/PageDown there raise ``KeyError: 0`` and end the app (issue 24, item 1:
``ctrl+b``, ``down``, ``ctrl+t``, ``escape``, ``pagedown`` at 80x24). With no lines there is
nothing to page through, so the key does nothing; once laid out, paging works as upstream.
The command palette has the same guard (:class:`planner.tui.commands.SafeCommandPalette`).
"""

from __future__ import annotations

from typing import Literal, TypeVar

from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

__all__ = ["SafeSelect"]

T = TypeVar("T")


class _SafeSelectOverlay(SelectOverlay):
    """The drop-down of :class:`SafeSelect`: page keys do nothing before layout."""

    def _move_page(self, direction: Literal[-1, 1]) -> None:
        if self.highlighted is not None and self.highlighted not in self._index_to_line:
            return  # not laid out yet: no line to page from
        try:
            super()._move_page(direction)
        except (KeyError, IndexError):  # the map emptied under us (a resize to nothing)
            return


class SafeSelect(Select[T]):
    """Textual's ``Select`` with a drop-down that cannot crash on PageUp/PageDown."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _SafeSelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )
