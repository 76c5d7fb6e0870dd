"""Budgets as people state them (issue 22 item 3): the grammar's invariants (hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import InputError, PlannerError
from planner.units import StatedBudget, format_budget, parse_budget_text

counts = st.integers(1, 1_000_000)
durations = st.floats(1e-3, 1e4, allow_nan=False, allow_infinity=False)
separators = st.sampled_from([" x ", "x", " X ", " × ", "×", " * ", "*", " for ", " FOR "])
accelerators = st.sampled_from(
    ["", " H100", " h100s", " GPUs", " MI300X", " TPU v5p", " a100 gpus"]
)
day_words = st.sampled_from(["d", " d", " day", " days", "days", " DAYS"])


@given(n=counts, days=durations, sep=separators, accel=accelerators, word=day_words)
def test_gpu_hours_are_gpus_times_days_times_24(n, days, sep, accel, word):
    stated = parse_budget_text(f"{n}{accel}{sep}{days!r}{word}")
    assert stated.unit == "gpu-hours" and stated.n_gpus == n and stated.days == days
    assert stated.value == pytest.approx(n * days * 24, rel=1e-15)


@given(n=counts, hours=st.integers(1, 100_000))
def test_hours_and_weeks_are_days(n, hours):
    assert parse_budget_text(f"{n} x {hours}h").days == pytest.approx(hours / 24, rel=1e-15)
    assert parse_budget_text(f"{n} x {hours} weeks").days == hours * 7


amounts = st.floats(1e-3, 1e30, allow_nan=False, allow_infinity=False)
stated_budgets = st.one_of(
    st.builds(StatedBudget, amounts, st.sampled_from(["flops", "pf-days", "gpu-hours", "dollars"])),
    st.builds(
        lambda v, a: StatedBudget(v, "gpu-hours", accelerator=a),
        amounts,
        st.sampled_from(["h100", "mi300x", "tpu-v5p", "a100-sxm-40gb"]),
    ),
    st.builds(
        lambda n, d, a: StatedBudget(n * d * 24, "gpu-hours", accelerator=a, n_gpus=n, days=d),
        counts,
        durations,
        st.sampled_from([None, "h100", "b200"]),
    ),
    st.builds(
        lambda v, p, a: StatedBudget(v, "dollars", accelerator=a, price_per_gpu_hour=p),
        amounts,
        st.floats(0.01, 100),
        st.sampled_from([None, "h100"]),
    ),
)


@given(stated=stated_budgets)
def test_a_formatted_budget_reads_back_as_itself(stated):
    back = parse_budget_text(format_budget(stated))
    if stated.n_gpus is not None:  # GPUs x days x 24 recomputed: equal to the last bit or two
        assert back[1:] == stated[1:]
        assert back.value == pytest.approx(stated.value, rel=1e-15)
    else:
        assert back == stated


def _refusal(text: str) -> PlannerError | None:
    """The planner's error for ``text``, or None; any other exception fails the test."""
    try:
        parse_budget_text(text)
    except PlannerError as exc:
        return exc
    return None


@given(st.text(max_size=40))
def test_garbage_raises_only_the_typed_error(text):
    err = _refusal(text)
    assert err is None or (isinstance(err, InputError) and str(err).startswith("budget"))
    assert "\n" not in str(err)


alphabet = st.sampled_from(list("0123456789 .eE+-_$/@xX×*KMBTPhdwGPUsforat-"))


@given(st.text(alphabet, max_size=30))
def test_near_misses_raise_only_the_typed_error(text):
    err = _refusal(text)
    assert err is None or (isinstance(err, InputError) and "\n" not in str(err))


# The number grammar's fast path (issue 23 item 3): plain numbers are read by float() without
# compiling the grammar's regex. Its oracle is the regex itself, on text of the grammar's own
# characters and the ones it refuses.
number_text = (
    st.text(alphabet="0123456789.eE+-_ KMBTPk\t", max_size=12)
    | st.floats().map(repr)
    | st.integers().map(str)
    | st.floats(0, 1e6).map(lambda x: f"{x:.3f}{'KMBTP'[int(x) % 5]}")
)


@given(number_text)
def test_plain_numbers_are_read_as_the_grammar_reads_them(text):
    from planner.units import _number, _plain_float

    body = text.strip(" \t\r\n")
    fast = _plain_float(body)
    match = _number().fullmatch(body)
    if fast is not None:  # read without the regex: the regex reads it, to the same float
        assert match is not None and not match["suffix"] and "_" not in body
        assert float(match["sign"] + match["mantissa"] + (match["exponent"] or "")) == fast
    elif match is not None:  # left to the regex: only what needs it (a suffix, an underscore)
        assert match["suffix"] or "_" in body


@given(number_text)
def test_parse_quantity_accepts_exactly_the_grammar(text):
    from planner.units import _number, parse_quantity

    match = _number().fullmatch(text.strip(" \t\r\n"))
    if match is None:
        with pytest.raises(InputError, match="not a number"):
            parse_quantity(text)
    else:  # in the grammar: a float, or refused only as too large (1e999)
        try:
            assert math.isfinite(parse_quantity(text))
        except InputError as exc:
            assert "finite" in str(exc)  # noqa: PT017
