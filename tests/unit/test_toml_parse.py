"""The TOML fast path (rtoml) reads every shipped preset as tomllib does; faults keep tomllib's words."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from planner.data._registry import parse_toml, shipped_dir
from planner.errors import PresetError

SHIPPED = sorted(shipped_dir().glob("*/*.toml"))


def test_there_are_shipped_toml_presets() -> None:
    assert len(SHIPPED) >= 30


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_preset_parses_as_tomllib_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parse_toml(text, path.name) == tomllib.loads(text)


def test_a_bad_file_gets_tomllib_s_message() -> None:
    text = "id = \n"
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(text)
    with pytest.raises(PresetError) as got:
        parse_toml(text, "bad.toml")
    assert str(got.value) == f"bad.toml: not valid TOML: {expected.value}"


def test_values_rtoml_refuses_are_read_as_tomllib_reads_them() -> None:
    # rtoml refuses a float overflow and holds no integer past 64 bits; tomllib reads both
    text = "a = 1e400\nb = 99999999999999999999999\n"
    assert (
        parse_toml(text, "f.toml")
        == tomllib.loads(text)
        == {
            "a": float("inf"),
            "b": 99999999999999999999999,
        }
    )


def test_deep_nesting_is_a_named_error_not_a_crash() -> None:
    with pytest.raises(PresetError, match=r"deep\.toml: not valid TOML"):
        parse_toml("a = " + "[" * 100_000, "deep.toml")


def test_toml_1_1_is_accepted() -> None:
    # a newline inside an inline table: TOML 1.1 (tomli 2.5 reads it too; tomllib 3.11 does not)
    assert parse_toml("a = {b = 1,\n}\n", "t.toml") == {"a": {"b": 1}}
