"""Cutting a wide table into blocks of columns that fit (planner.tui.widgets.blocks)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planner.tui.widgets.blocks import MIN_WRAP, PADDING, column_blocks, text_width, wrap_cell

cells = st.text(alphabet="ab -/.,\n", min_size=0, max_size=60)


@st.composite
def tables(draw):
    ncols = draw(st.integers(1, 12))
    header = draw(st.lists(cells, min_size=ncols, max_size=ncols))
    rows = draw(st.lists(st.lists(cells, min_size=ncols, max_size=ncols), max_size=6))
    return header, rows


@given(tables(), st.integers(30, 200), st.integers(0, 2), st.none() | st.integers(5, 40))
def test_every_column_once_keys_everywhere_and_each_block_fits(table, room, keys, max_width):
    header, rows = table
    keys = min(keys, len(header))
    blocks = column_blocks(header, rows, room, keys, max_width)
    others = [i for block in blocks for i, _ in block[keys:]]
    assert sorted(others) == list(range(keys, len(header)))  # each once, in order
    assert others == sorted(others)
    for block in blocks:
        assert [i for i, _ in block[:keys]] == list(range(keys))
        natural = {
            i: max([text_width(header[i]), *(text_width(r[i]) for r in rows)]) for i, _ in block
        }
        for i, width in block:
            assert width <= natural[i] or width == MIN_WRAP or i < keys
        used = sum(w + PADDING for _, w in block)
        keys_used = sum(w + PADDING for _, w in block[:keys])
        # a block overflows only when its keys alone leave less than the narrowest wrap
        assert used <= room or keys_used + MIN_WRAP + PADDING > room


def test_a_table_that_fits_is_one_block_unchanged():
    header = ["law", "N", "D"]
    rows = [["besiroglu2024", "95.9B", "1.74T"]]
    assert column_blocks(header, rows, 100) == [[(0, 13), (1, 5), (2, 5)]]


def test_the_compare_columns_at_120_columns():
    """The shape of the compare view in the pane of a 120-column screen (88 columns)."""
    header = ["law", "N", "D", "D/N", "loss", "loss scale", "GPU-h", "cost", "days", "note"]
    row = ["hoffmann2022-approach3-unrounded", "51.9B", "3.21T", "61.8", "1.9000",
           "massivetext-sp32k", "702K", "$1.75M", "14.3 d", "x" * 120]  # fmt: skip
    blocks = column_blocks(header, [row], 88)
    assert [[header[i] for i, _ in b] for b in blocks] == [
        ["law", "N", "D", "D/N", "loss", "loss scale", "GPU-h"],  # 34+7+7+6+8+19+7 = 88
        ["law", "cost", "days"],
        ["law", "note"],
    ]
    assert blocks[-1][-1] == (9, 88 - (32 + PADDING) - PADDING)  # the note wraps to the room


def test_wrapping_keeps_every_word_and_fits():
    text = "mmlu arc-challenge hellaswag winogrande gsm8k arc-easy"
    wrapped = wrap_cell(text, 20)
    assert text_width(wrapped) <= 20
    assert wrapped.split() == text.split()  # no word broken at its hyphen
    assert wrap_cell("short", 20) == "short"
