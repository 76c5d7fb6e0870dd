"""The one JSON writer of every ``--json``: what it must always give (hypothesis).

The oracle is the standard library's ``json`` module, which the writer replaced for start-up
(issue 23 item 3): the text must read back to what ``json.dumps`` reads back to, keep its
indented layout and its ASCII-only text, and differ only where RFC 8259 leaves ``json`` behind
(non-finite floats).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.io import json_text

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(values)
def test_reads_back_as_json_dumps_does(value):
    text = json_text(value)
    assert json.loads(text) == json.loads(json.dumps(value, indent=2))
    assert text.isascii()


exact = st.recursive(  # no floats: every character of the text is json.dumps's
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(exact)
def test_without_floats_the_text_is_json_dumps_indent_2(value):
    assert json_text(value) == json.dumps(value, indent=2)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_reads_back_to_itself(x):
    assert json.loads(json_text(x)) == x


def test_characters_past_the_bmp_are_a_surrogate_pair_as_json_writes_them():
    value = {"×": "é ≥ \U0001f600", "tab": '\t\x01\x7f"\\'}
    assert json_text(value) == json.dumps(value, indent=2)
    assert "\\ud83d\\ude00" in json_text(value)


def test_a_lone_surrogate_of_an_undecodable_file_name_is_escaped_as_json_escapes_it():
    value = {"source": "/tmp/a\udcffb.toml", "x": 1.5}
    assert json_text(value) == json.dumps(value, indent=2)


def test_numpy_floats_and_str_subclasses_are_written_as_json_writes_them():
    class Name(str):
        pass

    value = {"x": np.float64(2e24), "xs": [np.float64(0.5)], "n": Name("mmlu")}
    assert json.loads(json_text(value)) == {"x": 2e24, "xs": [0.5], "n": "mmlu"}


def test_a_non_finite_float_is_null_not_the_invalid_infinity():
    text = json_text([math.inf, -math.inf, math.nan, 1.0])
    assert json.loads(text) == [None, None, None, 1.0]
    assert "Infinity" not in text and "NaN" not in text


def test_an_object_json_cannot_write_is_refused_as_json_refuses_it():
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_text({"x": object()})
    with pytest.raises(TypeError, match="not JSON serializable"):
        json.dumps({"x": object()})
