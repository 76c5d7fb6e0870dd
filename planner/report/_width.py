"""A text table fitted to a width: whole columns are dropped, lowest priority first, never cut.

What rich and tabulate-style command lines do with a table wider than the terminal (issue 22
item 7): keep the columns that identify a row and its answer, drop the others whole (a number is
never cut mid-way, a cell never wrapped into a number that reads differently), and say in one
footer line which columns were hidden and how to see them. No terminal code here: the CLI
measures the width (:func:`planner.cli._args.table_width`) and passes it in.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.report._plan import format_table

__all__ = ["fit_table", "hidden_footer", "table_width_of"]

GAP = 2
"""Spaces between columns, as :func:`planner.report._plan.format_table` joins them."""


def table_width_of(header: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """The widest line :func:`~planner.report._plan.format_table` prints for these cells.

    Parameters
    ----------
    header : sequence of str
        Column names.
    rows : sequence of sequence of str
        Cells.

    Returns
    -------
    int
        ``max over lines of len(line)``; 0 for an empty table.

    Examples
    --------
    >>> table_width_of(["a", "bb"], [["ccc", "d"]])  # "a    bb": "a" padded to "ccc", 2 spaces
    7
    """
    text = format_table(header, rows)
    return max((len(line) for line in text.splitlines()), default=0)


def fit_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None,
    drop_order: Sequence[str],
) -> tuple[str, list[str]]:
    """The table as text no wider than ``width``, dropping whole columns in ``drop_order``.

    Columns are dropped one at a time, first named first, until every line fits; then those
    dropped on the way that fit back are put back, the last dropped (highest priority) first, so
    one wide low-priority column does not take narrower ones with it. Columns not named in
    ``drop_order`` are never dropped (if the table still does not fit, it is printed with the
    remaining columns whole rather than cut).

    Parameters
    ----------
    header : sequence of str
        Column names.
    rows : sequence of sequence of str
        Cells.
    width : int or None
        The terminal width in characters; None prints every column.
    drop_order : sequence of str
        Column names, lowest priority first. Names not in ``header`` are ignored.

    Returns
    -------
    text : str
        :func:`~planner.report._plan.format_table` of the kept columns.
    hidden : list of str
        The dropped column names, in table order (empty if everything fits).

    Examples
    --------
    >>> text, hidden = fit_table(["law", "N", "note"], [["k", "1B", "a long note"]], 8, ["note"])
    >>> print(text)
    law  N
    k    1B
    >>> hidden
    ['note']
    """
    keep = list(range(len(header)))

    def cut(cols: list[int]) -> tuple[list[str], list[list[str]]]:
        return [header[i] for i in cols], [[r[i] for i in cols] for r in rows]

    if width is not None:
        dropped: list[int] = []
        for name in drop_order:
            if table_width_of(*cut(keep)) <= width:
                break
            if name in header:
                dropped.append(list(header).index(name))
                keep.remove(dropped[-1])
        for i in reversed(dropped[:-1]):  # the last one dropped made it fit: it cannot come back
            trial = sorted([*keep, i])
            if table_width_of(*cut(trial)) <= width:
                keep = trial
    hidden = [h for i, h in enumerate(header) if i not in keep]
    return format_table(*cut(keep)), hidden


def hidden_footer(hidden: Sequence[str], width: int | None = None) -> str:
    """The footer line naming the columns :func:`fit_table` dropped.

    Parameters
    ----------
    hidden : sequence of str
        Column names.
    width : int or None, optional
        Wrap the line at spaces to this width (None: one line).

    Returns
    -------
    str
        E.g. ``"3 columns hidden: cost, days, note; --wide shows all"``; ``""`` if none.

    Examples
    --------
    >>> hidden_footer(["note"])
    '1 column hidden: note; --wide shows all'
    """
    if not hidden:
        return ""
    import textwrap

    noun = "column" if len(hidden) == 1 else "columns"
    line = f"{len(hidden)} {noun} hidden: {', '.join(hidden)}; --wide shows all"
    if width is None or len(line) <= width:
        return line
    return textwrap.fill(line, max(width, 20), break_on_hyphens=False, break_long_words=False)
