"""Tables too wide for the pane, shown as blocks of columns one under the other.

The compare view has eleven columns and the sweep one per law: at 120 columns they scrolled
sideways and hid their right half. Here a wide table is cut into blocks that each fit the pane,
the key columns (the law, the budget) repeated in every block, the way R and pandas print a wide
data frame; a column too wide to fit even alone beside the keys wraps its cells. Nothing is
dropped and nothing scrolls sideways; the pane scrolls down.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable

from planner.tui.services import NARROW_WIDTH

PADDING = 2
"""A DataTable cell's padding: one column either side (``cell_padding`` 1)."""
SCROLLBAR = 2
"""Room kept for the pane's vertical scrollbar."""
MIN_WRAP = 12
"""A wrapped column is never narrower than this."""


def text_width(text: str) -> int:
    """Width of ``text`` on screen: its longest line."""
    return max((len(line) for line in text.split("\n")), default=0)


def column_blocks(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    room: int,
    keys: int = 1,
    max_width: int | None = None,
) -> list[list[tuple[int, int]]]:
    """Cut a table into blocks of columns that each fit ``room`` screen columns.

    Parameters
    ----------
    header : sequence of str
        Column names (may hold line breaks).
    rows : sequence of sequence of str
        Cells as text (may hold line breaks).
    room : int
        Screen columns the table may use.
    keys : int
        Leading columns repeated in every block (the row's name).
    max_width : int, optional
        Columns (not keys) wider than this wrap to it, so more of them sit side by side.

    Returns
    -------
    list of list of (int, int)
        Per block, ``(column index, width)``; the keys first. A width below the column's
        widest cell means its cells wrap to that width (a column too wide even alone).

    Notes
    -----
    Greedy, left to right: a column joins the current block while the block fits, else starts
    the next one. Every column appears in exactly one block, the keys in all of them.
    """
    widths = [
        max([text_width(name), *(text_width(r[i]) for r in rows)]) for i, name in enumerate(header)
    ]
    if max_width is not None:
        widths = [w if i < keys else min(w, max(MIN_WRAP, max_width)) for i, w in enumerate(widths)]
    key_cols = [(i, widths[i]) for i in range(min(keys, len(header)))]
    key_room = sum(w + PADDING for _, w in key_cols)
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    used = key_room
    for i in range(len(key_cols), len(header)):
        need = widths[i] + PADDING
        if current and used + need > room:
            blocks.append(current)
            current, used = [], key_room
        width = widths[i]
        if used + need > room:  # too wide even alone beside the keys: its cells wrap
            width = max(MIN_WRAP, room - key_room - PADDING)
        current.append((i, width))
        used += width + PADDING
    if current or not blocks:
        blocks.append(current)
    return [key_cols + block for block in blocks]


def wrap_cell(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` (each of its lines; words kept whole where they fit)."""
    if text_width(text) <= width:
        return text
    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=False) or line for line in text.split("\n")
    )


FORM_COLUMNS = 32
"""Columns the form takes beside the results (app.tcss ``#form``: 30 wide, its border, a gap)."""


def results_width(widget: Widget) -> int:
    """The results pane's width before the first layout: the screen, less the form beside it.

    Below ``NARROW_WIDTH`` the form sits above the results and takes no columns.
    """
    screen = widget.app.size.width
    return screen - (0 if screen < NARROW_WIDTH else FORM_COLUMNS)


def pane_room(widget: Widget) -> int:
    """Screen columns the widget's pane offers, less the scrollbar (the screen's before layout)."""
    parent = widget.parent
    width = widget.size.width or (parent.size.width if isinstance(parent, Widget) else 0)
    return max(30, (width or results_width(widget)) - SCROLLBAR)


CellStyle = Callable[[int, int], str]
"""``style(row index, column index)``: the Rich style of a cell ("" for none)."""


class BlockTable(Vertical):
    """A table shown as blocks of columns that fit the pane (:func:`column_blocks`)."""

    DEFAULT_CSS = """
    BlockTable { height: auto; }
    BlockTable > DataTable { height: auto; margin-bottom: 1; }
    """

    def __init__(
        self, *, keys: int = 1, max_width: int | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.keys, self.max_width = keys, max_width
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        """The whole table as text, whatever the blocks (for export and tests)."""
        self._shown: tuple[list[str], list[list[str]]] = ([], [])
        self._style: CellStyle | None = None

    def style_of(self, row: int, column: int) -> str:
        """The style a cell is shown with."""
        return self._style(row, column) if self._style is not None else ""

    def show(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        style: CellStyle | None = None,
    ) -> None:
        """Replace the table: cut into blocks for the pane's width, each a DataTable."""
        self.header, self.rows, self._style = list(header), [list(r) for r in rows], style
        self._shown = (self.header, self.rows)  # as drawn (a subclass may reword header and rows)
        self.remove_children()
        if not header:
            return
        tables = []
        for block in column_blocks(
            self.header, self.rows, pane_room(self), self.keys, self.max_width
        ):
            table: DataTable[str | Text] = DataTable(cursor_type="row")
            labels = [wrap_cell(self.header[i], width) for i, width in block]
            table.header_height = max(label.count("\n") + 1 for label in labels)
            for label, (_, width) in zip(labels, block, strict=True):
                table.add_column(Text(label), width=width)
            for r, row in enumerate(self.rows):
                cells = [Text(wrap_cell(row[i], w), style=self.style_of(r, i)) for i, w in block]
                table.add_row(*cells, height=None)
            tables.append(table)
        self.mount_all(tables)

    def recut(self) -> None:
        """Cut the same table again for the pane's width now (after a resize)."""
        header, rows = self._shown
        self.show(header, rows, self._style)

    def blocks(self) -> list[DataTable[str | Text]]:
        """The blocks on show, top to bottom."""
        return list(self.query_children(DataTable))
