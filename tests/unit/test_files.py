"""No user file is ever lost: outputs never replace inputs, existing files need --force, and a
write is atomic and checked before it replaces anything."""

from __future__ import annotations

import tomllib

import pytest
from testdata import run_cli, synthetic_runs

from planner.errors import InputError, OutputExistsError, PresetError
from planner.fit import _lawfile as lawfile
from planner.fit import _parametric as fitting
from planner.io._files import check_output, write_text_safely
from planner.laws._registry import load_law


@pytest.fixture
def runs_csv(tmp_path):
    runs = synthetic_runs(1.8, 400.0, 2000.0, 0.34, 0.36, 0.01, seed=1)
    lines = ["n_params,n_tokens,loss"] + [
        f"{float(n)!r},{float(d)!r},{float(loss)!r}"
        for n, d, loss in zip(runs.n_params, runs.n_tokens, runs.loss, strict=True)
    ]
    path = tmp_path / "runs.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def no_fit(monkeypatch):
    """Fail the test if a fit starts: argument errors must come before the long work."""

    def boom(*args, **kwargs):
        raise AssertionError("the fit ran before the arguments were checked")

    monkeypatch.setattr(fitting, "fit_runs", boom)


def test_fit_out_never_writes_over_its_input(capsys, runs_csv, no_fit):
    before = runs_csv.read_bytes()
    for flags in ([], ["--force"]):
        code, out, err = run_cli(capsys, "fit", str(runs_csv), "--out", str(runs_csv), *flags)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "input of this command" in err
    assert runs_csv.read_bytes() == before


def test_fit_out_through_a_link_to_the_input_is_refused(capsys, runs_csv, no_fit):
    link = runs_csv.parent / "law.toml"
    link.symlink_to(runs_csv)
    before = runs_csv.read_bytes()
    code, _, err = run_cli(capsys, "fit", str(runs_csv), "--out", str(link), "--force")
    assert code == 2 and "input of this command" in err
    assert runs_csv.read_bytes() == before


def test_fit_out_refuses_an_existing_file_unless_forced(capsys, runs_csv, tmp_path):
    target = tmp_path / "mine.toml"
    target.write_text("keep me\n")
    code, _, err = run_cli(capsys, "fit", str(runs_csv), "--out", str(target))
    assert code == 2 and "exists" in err and "--force" in err and err.count("\n") == 1
    assert target.read_text() == "keep me\n"
    code, out, _ = run_cli(capsys, "fit", str(runs_csv), "--out", str(target), "--force")
    assert code == 0 and "law file written" in out
    assert load_law(target).id == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("out", "match"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("no-such-folder/law.toml", "does not exist"),
        (".", "directory"),
        ("x" * 10_000 + ".toml", "too long"),
    ],
)
def test_bad_out_is_refused_before_the_fit(
    capsys, runs_csv, no_fit, tmp_path, monkeypatch, out, match
):
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run_cli(capsys, "fit", str(runs_csv), "--out", out)
    assert code == 2 and stdout == "" and match in err
    assert err.count("\n") == 1 and len(err) < 300  # long values are shortened


def test_shipped_law_id_is_refused_before_the_fit(capsys, runs_csv, no_fit, tmp_path):
    code, _, err = run_cli(
        capsys, "fit", str(runs_csv), "--out", str(tmp_path / "besiroglu2024.toml")
    )
    assert code == 2 and "shipped law" in err
    code, _, err = run_cli(
        capsys, "fit", str(runs_csv), "--out", str(tmp_path / "x.toml"), "--law-id", "kaplan2020"
    )
    assert code == 2 and "shipped law" in err
    code, _, err = run_cli(
        capsys, "fit", str(runs_csv), "--out", str(tmp_path / "x.toml"), "--loss-scale", "Not An Id"
    )
    assert code == 2 and "--loss-scale" in err


def test_non_ascii_output_name_writes_valid_toml(capsys, runs_csv, tmp_path):
    target = tmp_path / "läufe-ü.toml"
    code, _, _ = run_cli(capsys, "fit", str(runs_csv), "--out", str(target), "--corpus", "Körpus ✓")
    assert code == 0
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert data["id"] == "l-ufe" and data["loss_scale"]["corpus"] == "Körpus ✓"
    assert load_law(target).loss_scale.corpus == "Körpus ✓"


def test_options_that_need_out_are_refused_without_it(capsys, runs_csv, no_fit):
    code, _, err = run_cli(capsys, "fit", str(runs_csv), "--force")
    assert code == 2 and "--out" in err


def test_a_write_that_fails_validation_leaves_the_old_file(tmp_path):
    target = tmp_path / "law.toml"
    target.write_text("old\n")

    def reject(path):
        assert path != target and path.read_text() == "new\n"
        raise InputError("out: did not load back")

    with pytest.raises(InputError, match="did not load back"):
        write_text_safely(target, "new\n", force=True, validate=reject)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["law.toml"]


def test_check_output_errors_are_typed(tmp_path):
    (tmp_path / "a").write_text("x")
    with pytest.raises(OutputExistsError) as info:
        check_output(tmp_path / "a")
    assert info.value.path == tmp_path / "a"
    assert check_output(tmp_path / "a", force=True) == tmp_path / "a"
    with pytest.raises(InputError, match="NUL"):
        check_output("a\x00b")
    with pytest.raises(InputError, match="expected a file name"):
        check_output(3)  # type: ignore[arg-type]


def test_library_write_law_file_round_trips_and_refuses_shipped_ids(tmp_path):
    from planner.laws._registry import validate_new_law_id

    law = load_law("besiroglu2024")
    path = lawfile.write_law_file(law, tmp_path / "copy.toml")
    assert load_law(path) == law
    with pytest.raises(OutputExistsError):
        lawfile.write_law_file(law, path)
    with pytest.raises(PresetError, match="shipped law"):
        validate_new_law_id("hoffmann2022-approach3")
    with pytest.raises(InputError, match="lower-case ASCII"):
        validate_new_law_id("x" * 100)


def test_a_law_file_may_not_pass_itself_off_as_a_shipped_law(capsys, tmp_path):
    shipped = load_law("besiroglu2024")
    edited = lawfile.write_law_file(
        shipped.model_copy(update={"name": "edited"}), tmp_path / "edited.toml"
    )
    with pytest.raises(PresetError, match="shipped law"):
        load_law(edited)
    code, _, err = run_cli(capsys, "plan", "1e22", "--law", str(edited))
    assert code == 2 and "shipped law" in err
    copy = lawfile.write_law_file(shipped, tmp_path / "copy.toml")  # an exact copy is the same law
    assert load_law(copy) == shipped
