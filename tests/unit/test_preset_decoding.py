"""A JSON preset is decoded straight into its record, with the records and errors of parsing it
with ``json`` and converting (issue 23 item 3: the score calibration is read at every start).

The reference is the route every JSON preset took before: ``json.loads``, then
``Model.model_validate``, its error made one line by ``describe_validation_error``.
"""

from __future__ import annotations

import json
import math

import msgspec
import pytest

from planner.data._frozen import describe_validation_error
from planner.data._registry import load_preset_file, shipped_dir
from planner.errors import PresetError
from planner.io._files import shorten_path
from planner.scores._records import ScoreCalibration

SHIPPED = sorted((shipped_dir() / "scores").glob("*.json"))


def _parsed_then_converted(path, model):
    """The record, or the error line, of json.loads and model_validate."""
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        return model.model_validate(data)
    except msgspec.ValidationError as exc:
        return describe_validation_error(exc, data)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_a_shipped_calibration_decodes_to_the_record_of_parsing_and_converting(path):
    decoded = load_preset_file(path, ScoreCalibration)
    assert decoded == _parsed_then_converted(path, ScoreCalibration)
    # the floats bit for bit (== on records compares them; this says so for the draws too)
    reference = _parsed_then_converted(path, ScoreCalibration)
    for mine, theirs in zip(decoded.curve, reference.curve, strict=True):
        assert mine.draws_a == theirs.draws_a and mine.support == theirs.support


def _corrupt(tmp_path, change):
    data = json.loads(SHIPPED[0].read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # NaN and Infinity as json writes them
    return path


def _set(key, value):
    def change(data):
        data["curve"][0][key] = value

    return change


CORRUPTIONS = {
    "NaN in a float": _set("x0", math.nan),
    "inf in a bounded float": _set("a", math.inf),
    "NaN inside a tuple": _set("draws_a", [0.1, math.nan]),
    "a string for a number": _set("floor", "0.25"),
    "out of range": _set("ceiling", 1.5),
    "an unknown field": _set("surprise", 1),
    "a cross-field rule": _set("q_low", 9.0),
    "a missing field": lambda data: data["curve"][0].pop("task"),
    # the support's rows of two floats, checked at C speed when all is well
    "NaN in a support row": _set("support", [[0.1, 0.2], [math.nan, 0.3]]),
    "inf in a support row": _set("support", [[0.1, math.inf]]),
    "a support row of three": _set("support", [[0.1, 0.2], [0.1, 0.2, 0.3]]),
    "text in a support row": _set("support", [[0.1, "0.2"]]),
}


@pytest.mark.parametrize("change", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_bad_calibration_is_refused_with_the_line_of_parsing_and_converting(tmp_path, change):
    path = _corrupt(tmp_path, change)
    expected = _parsed_then_converted(path, ScoreCalibration)
    assert isinstance(expected, str)
    with pytest.raises(PresetError) as err:
        load_preset_file(path, ScoreCalibration)
    assert str(err.value) == f"{shorten_path(path)}: invalid ScoreCalibration: {expected}"


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "not valid JSON"), ("[1, 2]", "not a JSON object"), ('{"id": "x"', "not valid JSON")],
)
def test_text_that_is_no_json_object_is_refused_as_before(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PresetError, match=message):
        load_preset_file(path, ScoreCalibration)


def test_finite_rows_whose_sum_overflows_still_pass(tmp_path):
    path = _corrupt(tmp_path, _set("support", [[1e308, 1e308], [1e308, 0.5]]))
    calibration = load_preset_file(path, ScoreCalibration)
    assert calibration == _parsed_then_converted(path, ScoreCalibration)
    assert calibration.curve[0].support == ((1e308, 1e308), (1e308, 0.5))


def test_support_rows_built_in_python_are_checked_as_before():
    """Direct construction: finite rows pass (ints as given), a NaN names the field."""
    from planner.data._frozen import NonFiniteError

    curve = _parsed_then_converted(SHIPPED[0], ScoreCalibration).curve[0]
    assert curve.model_copy(update={"support": ((1, 2.0), (0.5, 0.25))}).support == (
        (1, 2.0),
        (0.5, 0.25),
    )
    with pytest.raises(NonFiniteError, match=r"ScoreCurve.support is .*nan.*: not finite"):
        curve.model_copy(update={"support": ((0.1, 0.2), (math.nan, 0.3))})


def test_a_folders_preset_ids_are_the_names_pathlib_glob_matches(tmp_path):
    """preset_ids lists a folder without glob's pattern (compiled on every plan's path): the
    same ids as ``glob("*.toml")`` and ``Path.stem``, odd names included."""
    from planner.data._registry import preset_ids

    folder = tmp_path / "tasks"
    folder.mkdir()
    for name in ("a.toml", ".toml", ".hidden.toml", "b.TOML", "c.toml.bak", "x.json", "é.toml"):
        (folder / name).write_text("", encoding="utf-8")
    (folder / "dir.toml").mkdir()
    assert preset_ids(folder) == sorted(p.stem for p in folder.glob("*.toml"))
    assert preset_ids(folder) == [".hidden", ".toml", "a", "dir", "é"]
    scores = tmp_path / "scores"
    scores.mkdir()
    (scores / "cal.json").write_text("", encoding="utf-8")
    (scores / "other.toml").write_text("", encoding="utf-8")
    assert preset_ids(scores) == ["cal"]
    assert preset_ids(tmp_path / "missing") == []
