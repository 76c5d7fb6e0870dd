"""Every shipped preset loads; broken ones fail with the file and the field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner import PresetError, list_laws, load_accelerator, load_law, plan
from planner.data._registry import preset_dir
from planner.laws._preset import LawPreset

PRESETS = Path(__file__).resolve().parents[1] / "presets"
LAW_FILES = sorted((PRESETS / "laws").glob("*.toml"))
REQUIRED_LAWS = {
    "kaplan2020",
    "hoffmann2022-approach1",
    "hoffmann2022-approach2",
    "hoffmann2022-approach3",
    "hoffmann2022-approach3-unrounded",
    "besiroglu2024",
    "muennighoff2023",
    "deepseek2024",
    "llama3-2024",
}


def test_the_registry_has_every_required_law():
    assert {law.id for law in list_laws()} >= REQUIRED_LAWS


@pytest.mark.parametrize("path", LAW_FILES, ids=lambda p: p.stem)
def test_every_law_file_loads_round_trips_and_plans(path):
    law = load_law(path)
    assert law.id == path.stem
    assert "arXiv" in law.source
    assert LawPreset.model_validate(law.model_dump()) == law
    assert hash(law) == hash(LawPreset.model_validate(law.model_dump()))
    p = plan(1e22, law=path)
    assert p.law == law.id


SHIPPED = sorted([*PRESETS.glob("*/*.toml"), *PRESETS.glob("*/*.json")])
MODELS = {
    "laws": "planner.laws._preset.LawPreset",
    "hardware": "planner.planning._records.Accelerator",
    "hyperparams": "planner.run._hparams.HparamLaw",
    "tasks": "planner.tasks._records.TaskFile",
    "scores": "planner.scores._curves.ScoreCalibration",
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_shipped_file_validates_and_round_trips(path):
    """Shipped presets go through msgspec's conversion like any user file (the run-time path,
    planner.data._registry.load_preset_file); the model written back as data converts to an
    equal model, and building it directly in Python (its fields' own checks) gives it again."""
    import importlib
    import json
    import tomllib

    from planner.data._frozen import to_data

    module, name = MODELS[path.parent.name].rsplit(".", 1)
    model = getattr(importlib.import_module(module), name)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    validated = model.model_validate(data)
    assert model.model_validate(to_data(validated)) == validated
    fields = {k: getattr(validated, k) for k in validated.__struct_fields__}
    assert model(**fields) == validated
    assert repr(model(**fields)) == repr(validated)  # the same types, field by field


def test_no_plan_imports_pydantic(tmp_path):
    """One record layer (msgspec, issue 23 item 3): `planner plan` validates shipped presets,
    a user's law file and its results without pydantic (the CLI's start-up)."""
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\n"
        "from planner.cli._main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['plan', '1e24', '--json'])\n"
        "print('pydantic' in sys.modules, 'msgspec' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True"
    user = tmp_path / "mine.toml"
    user.write_text(
        (PRESETS / "laws" / "hoffmann2022-approach3.toml")
        .read_text()
        .replace('id = "hoffmann2022-approach3"', 'id = "mine"')
    )
    code = code.replace("'1e24', '--json'", f"'1e24', '--json', '--law', {str(user)!r}")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True"


@pytest.mark.parametrize("acc", ["a100-sxm", "h100-sxm", "h100-pcie"])
def test_accelerators_cite_sources(acc):
    assert "datasheet" in load_accelerator(acc).source


def test_published_constants_are_the_papers():
    a3 = load_law("hoffmann2022-approach3").law
    assert (a3.e, a3.a, a3.b, a3.alpha, a3.beta) == (1.69, 406.4, 410.7, 0.34, 0.28)
    b = load_law("besiroglu2024").law
    assert (b.e, b.a, b.b, b.alpha, b.beta) == (1.8172, 482.01, 2085.43, 0.3478, 0.3658)
    assert b.stderr is not None and b.stderr.a == 124.52
    assert load_accelerator("h100-sxm").peak_flops_per_s == 989.4e12


GOOD = (PRESETS / "laws" / "hoffmann2022-approach3.toml").read_text()


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("this is = = not toml", "not valid TOML"),
        (GOOD.replace("alpha = 0.34", "alpha = -0.34"), r"law\.alpha: .* \(got -0\.34\)"),
        (GOOD.replace("alpha = 0.34", "alpha = nan"), r"law\.alpha: .* \(got nan\)"),
        (GOOD.replace("alpha = 0.34", "alpha = inf"), r"law\.alpha: .* \(got inf\)"),
        (GOOD.replace("alpha = 0.34\n", ""), r"law\.alpha: required, missing"),
        (
            GOOD.replace("beta = 0.28", "beta = 0.28\ngamma = 1.0"),
            r"law\.gamma: unknown field",
        ),
        (GOOD.replace('kind = "parametric"', 'kind = "magic"'), r"law\.kind: .*'magic'"),
        (GOOD.replace("[1.4e18, 1.3e22]", "[1.3e22, 1.4e18]"), "low < high"),
        (GOOD.replace("[loss_scale]", "[loss_scale_x]"), "loss_scale_x"),
        (
            GOOD + '\n[[published_allocation]]\ncompute_flops = 1e21\nsource = "x"\n',
            r"published_allocation\.\d+: .*needs n_params, n_tokens or both",
        ),
        (
            GOOD + '\n[[published_allocation]]\ncompute_flops = -1\nn_params = 1e9\nsource = "x"\n',
            r"published_allocation\.\d+\.compute_flops",
        ),
    ],
    ids=[
        "not-toml",
        "negative",
        "nan",
        "inf",
        "missing",
        "extra-key",
        "bad-kind",
        "bad-range",
        "bad-table",
        "allocation-without-figures",
        "allocation-negative-budget",
    ],
)
def test_malformed_law_files_name_file_and_field(tmp_path, text, match):
    f = tmp_path / "broken.toml"
    f.write_text(text)
    with pytest.raises(PresetError, match=match) as info:
        load_law(f)
    # the file is named: whole, or (past 80 characters) by the end of its path
    shown = str(info.value).split(": ", 1)[0]
    assert shown == str(f) or (shown.startswith("...") and str(f).endswith(shown[3:]))
    assert f.name in shown


def test_missing_law_file():
    with pytest.raises(PresetError, match="not found"):
        load_law("/nonexistent/law.toml")


def test_id_must_match_file_name(tmp_path):
    (tmp_path / "laws").mkdir()
    (tmp_path / "laws" / "other.toml").write_text(GOOD)
    with pytest.raises(PresetError, match="does not match"):
        load_law("other", presets_dir=tmp_path)


def test_preset_dir_order(tmp_path, monkeypatch):
    shutil.copytree(PRESETS, tmp_path / "p")
    assert preset_dir(tmp_path / "p") == tmp_path / "p"
    monkeypatch.setenv("PLANNER_PRESETS_DIR", str(tmp_path / "p"))
    assert preset_dir() == tmp_path / "p"
    monkeypatch.setenv("PLANNER_PRESETS_DIR", str(tmp_path / "missing"))
    with pytest.raises(PresetError, match="PLANNER_PRESETS_DIR"):
        preset_dir()
    monkeypatch.delenv("PLANNER_PRESETS_DIR")
    assert (preset_dir() / "laws" / "besiroglu2024.toml").is_file()
    with pytest.raises(PresetError, match="not found"):
        preset_dir(tmp_path / "missing")
