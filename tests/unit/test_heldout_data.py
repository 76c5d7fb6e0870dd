"""The data for validation out of time (issue 19, item 3) parse strictly and hold together.

Two files in tests/data/published (provenance in its README.md):

- obsscaling-release-dates.csv: when each ObsScaling calibration model was publicly released;
- newer-base-models.csv: public base models released after the newest calibration model, with
  their sizes, training tokens and published scores.

A held-out set is only worth something if it is disjoint from the calibration set and later than
all of it, so both properties are checked here, with month-only dates read at their worst case.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import math
import re

import pytest
from testdata import PUBLISHED

OBSSCALING = PUBLISHED / "obsscaling-base-llm-eval.csv"
RELEASES = PUBLISHED / "obsscaling-release-dates.csv"
NEWER = PUBLISHED / "newer-base-models.csv"

RELEASE_COLUMNS = ["model", "released", "source"]
NEWER_COLUMNS = [
    "model", "family", "released", "params_b", "tokens_t", "recipe",
    "mmlu", "arc_challenge", "hellaswag", "winogrande", "gsm8k", "humaneval",
    "eval_note", "source",
]  # fmt: skip
SCORES = ["mmlu", "arc_challenge", "hellaswag", "winogrande", "gsm8k", "humaneval"]
DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
FIRST_OPEN_MODEL = dt.date(2019, 2, 1)  # GPT-2 small, the oldest model in the ObsScaling table


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, strict=True)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    return header, rows


def _span(text):
    """(earliest, latest) day a 'YYYY-MM-DD' or 'YYYY-MM' date can stand for."""
    match = DATE.match(text)
    assert match, f"date {text!r} is not YYYY-MM-DD or YYYY-MM"
    year, month, day = int(match[1]), int(match[2]), match[3]
    if day is not None:
        exact = dt.date(year, month, int(day))  # raises on 2024-02-30
        return exact, exact
    last = calendar.monthrange(year, month)[1]  # raises on month 13
    return dt.date(year, month, 1), dt.date(year, month, last)


def _calibration_models():
    _, rows = _rows(OBSSCALING)
    return [row["Model"] for row in rows]


def _newest_calibration_day():
    _, rows = _rows(RELEASES)
    return max(_span(row["released"])[1] for row in rows)


def test_release_dates_parse_strictly():
    header, rows = _rows(RELEASES)
    assert header == RELEASE_COLUMNS
    assert len(rows) >= 100, "most calibration models should have a sourced date"
    models = [row["model"] for row in rows]
    assert len(models) == len(set(models)), "a model is dated twice"
    for row in rows:
        first, last = _span(row["released"])
        assert FIRST_OPEN_MODEL <= first <= last, row
        assert row["source"].strip(), f"{row['model']}: no source"


def test_every_dated_model_is_a_calibration_model_verbatim():
    known = set(_calibration_models())
    _, rows = _rows(RELEASES)
    assert [row["model"] for row in rows if row["model"] not in known] == []


def test_release_file_follows_the_table_order():
    order = {name: i for i, name in enumerate(_calibration_models())}
    _, rows = _rows(RELEASES)
    positions = [order[row["model"]] for row in rows]
    assert positions == sorted(positions)


def test_newer_models_parse_strictly():
    header, rows = _rows(NEWER)
    assert header == NEWER_COLUMNS
    assert len(rows) >= 20
    models = [row["model"] for row in rows]
    assert len(models) == len(set(models)), "a model is listed twice"
    for row in rows:
        name = row["model"]
        assert row["family"].strip() and row["eval_note"].strip() and row["source"].strip(), name
        assert row["recipe"] in {"general", "code"}, name
        _span(row["released"])
        for size in ("params_b", "tokens_t"):
            value = float(row[size])
            assert math.isfinite(value) and value > 0, (name, size)
        assert row["mmlu"], f"{name}: MMLU is required"
        for column in SCORES:
            if row[column]:
                score = float(row[column])
                assert 0.0 <= score <= 1.0, (name, column, score)


def test_newer_models_are_held_out_in_time_and_by_name():
    newest = _newest_calibration_day()
    calibration = set(_calibration_models())
    _, rows = _rows(NEWER)
    for row in rows:
        earliest, _ = _span(row["released"])
        assert earliest > newest, (row["model"], row["released"], newest)
        assert row["model"] not in calibration, row["model"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-31", (dt.date(2024, 7, 31), dt.date(2024, 7, 31))),
        ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
    ],
)
def test_month_only_dates_span_the_month(text, expected):
    assert _span(text) == expected


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "24-07-31", "2024/07/31", ""])
def test_malformed_dates_are_rejected(text):
    with pytest.raises((AssertionError, ValueError)):
        _span(text)
