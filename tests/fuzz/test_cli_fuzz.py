"""Fuzz the command line: generated argument lists, mutated law, task and accelerator files,
and mutated CSVs. Whatever comes in, ``planner`` exits 0 or 2; on 2 it prints exactly one line
on stderr; no traceback, no Python warning text, no NaN or inf in any JSON, and every input
file is byte-identical afterwards.

The default profile keeps this to a few hundred runs; ``HYPOTHESIS_PROFILE=fuzz`` (.ci/run)
runs thousands.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testdata import synthetic_runs, write_runs_csv

from planner.cli._main import main
from planner.data._registry import preset_dir

pytestmark = pytest.mark.fuzz
FIT_EXAMPLES = max(20, settings().max_examples // 10)
"""A fit takes ~0.1 s: a tenth of the profile's examples (20 by default, 300 under fuzz)."""

WORK = Path(tempfile.mkdtemp(prefix="planner-fuzz-"))
RUNS_CSV = write_runs_csv(
    WORK / "runs.csv", synthetic_runs(1.8, 400.0, 2000.0, 0.34, 0.36, 0.01, 3)
)
LAW_FILE = WORK / "my-law.toml"
LAW_FILE.write_text(
    (preset_dir() / "laws" / "besiroglu2024.toml")
    .read_text()
    .replace('id = "besiroglu2024"', 'id = "my-law"')
)
INPUTS = (RUNS_CSV, LAW_FILE)


def digest(paths):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.exists()}


BEFORE = digest(INPUTS)

VALID_NUMBERS = st.sampled_from(
    ["1e24", "5.76e23", "1e21", "3e22", "70B", "7B", "1.4T", "2T", "500B", "2K", "0.4", "8", "2.1"]
)
BAD_NUMBERS = st.one_of(
    st.sampled_from(
        [
            "0",
            "-1",
            "nan",
            "inf",
            "-inf",
            "1e999",
            "1e-310",
            "2E",
            "1e24E",
            "1_000",
            "1__0",
            "\uff11",
            "\u0661",
            "",
            " ",
            "abc",
            "9" * 400,
            "0x10",
            "1e308",
            "5e-324",
            "True",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**40), 10**40).map(str),
    st.text(max_size=12),
)
NUMBERS = st.one_of(VALID_NUMBERS, VALID_NUMBERS, VALID_NUMBERS, BAD_NUMBERS)
IDS = st.one_of(
    st.sampled_from(["besiroglu2024", "muennighoff2023", "kaplan2020", "hoffmann2022-approach3"]),
    st.sampled_from(
        [
            "besiroglu2024",
            "kaplan2020",
            "muennighoff2023",
            "deepseek2024",
            "llama3-2024",
            "hoffmann2022-approach1",
            "nope",
            "",
            "x" * 10_000,
            str(LAW_FILE),
            "../x.toml",
            "/no/such.toml",
            str(RUNS_CSV),
        ]
    ),
    st.text(max_size=12),
)
GPUS = st.sampled_from(["h100-sxm", "a100-sxm", "h100-pcie", "tpu", "", "g" * 10_000])

PLAN_OPTIONS = {
    "--law": IDS,
    "--max-params": NUMBERS,
    "--params": NUMBERS,
    "--tokens": NUMBERS,
    "--unique-tokens": NUMBERS,
    "--inference-tokens": NUMBERS,
    "--target-loss": NUMBERS,
    "--until": st.sampled_from(["mmlu", "gsm8k", "triviaqa", "wei2022-wic", "nope", ""]),
    "--unit": st.sampled_from(["flops", "pf-days", "gpu-hours", "dollars", "parsecs"]),
    "--gpu": GPUS,
    "--mfu": NUMBERS,
    "--gpus": NUMBERS,
    "--price": NUMBERS,
    "--threshold": st.sampled_from(["mmlu=2.1", "mmlu", "mmlu=nan", "=2", "nope=2", "mmlu=1e400"]),
    "--threshold-offset": NUMBERS,
    "--tasks": st.sampled_from(["/no/such.toml", str(RUNS_CSV), str(LAW_FILE)]),
}
RUN_OPTIONS = {
    "--gpu": PLAN_OPTIONS["--gpu"],
    "--gpus": NUMBERS,
    "--mfu": NUMBERS,
    "--price": NUMBERS,
    "--seq-len": NUMBERS,
    "--micro-batch": NUMBERS,
    "--days": NUMBERS,
    "--power-w": NUMBERS,
    "--overhead": NUMBERS,
    "--pue": NUMBERS,
    "--grid": NUMBERS,
    "--energy-price": NUMBERS,
}
FIT_OPTIONS = {
    "--params-col": st.sampled_from(["n_params", "nope", ""]),
    "--loss-col": st.sampled_from(["loss", "n_tokens"]),
    "--drop-highest": NUMBERS,
    "--bootstrap": st.sampled_from(["0", "1", "2", "-1", "1e9", "abc"]),
    "--seed": NUMBERS,
    "--level": NUMBERS,
    "--holdout-fraction": NUMBERS,
    "--out": st.sampled_from(
        ["", str(RUNS_CSV), str(LAW_FILE), str(WORK / "out.toml"), "/no/such/dir/x.toml", "."]
    ),
    "--law-id": st.sampled_from(["mine", "besiroglu2024", "Bad Id", "x" * 500]),
    "--loss-scale": st.sampled_from(["mine", "Bad Id"]),
}


@st.composite
def command_lines(draw):
    command = draw(
        st.sampled_from(
            ["plan", "plan", "plan", "run", "run", "compare", "mirage", "tasks", "laws",
             "hardware", "bogus"]
        )
    )  # fmt: skip
    argv = [command]
    if command == "run":
        argv += ["--params", draw(NUMBERS), "--tokens", draw(NUMBERS)]
        for name in draw(st.lists(st.sampled_from(list(RUN_OPTIONS)), max_size=4, unique=True)):
            argv += [name, draw(RUN_OPTIONS[name])]
    if command in ("plan", "compare"):
        if draw(st.booleans()) or command == "compare":
            argv.append(draw(NUMBERS))
        names = (
            list(PLAN_OPTIONS)
            if command == "plan"
            else ["--unit", "--gpu", "--mfu", "--gpus", "--price"]
        )
        for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
            argv += [name, draw(PLAN_OPTIONS[name])]
    elif command == "mirage":
        argv += ["--answer-tokens", draw(NUMBERS)]
        if draw(st.booleans()):
            argv += ["--law", draw(IDS)]
    elif command == "tasks" and draw(st.booleans()):
        argv += ["--tasks", draw(PLAN_OPTIONS["--tasks"])]
    if draw(st.booleans()):
        argv.append("--json")
    if draw(st.integers(0, 20)) == 0:
        argv.append(draw(st.sampled_from(["--no-such-flag", "extra", "-x"])))
    return argv


def _reject_constant(name):
    raise ValueError(f"JSON contains {name}")


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own exits (--help, usage errors)
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def check(argv, code, out, err):
    assert code in (0, 2), (argv, code, err[-2000:])
    assert "Traceback" not in err and "Traceback" not in out, argv
    for noise in ("RuntimeWarning", "numerical failure", "internal error", "Warning:"):
        assert noise not in err, (argv, err)
    if code == 2:
        assert out == "", argv
        assert err.count("\n") == 1 and err.startswith("planner"), (argv, err)
        assert len(err) <= 500, (argv, len(err))
    elif "--json" in argv:
        json.loads(out, parse_constant=_reject_constant)
    assert digest(INPUTS) == BEFORE, argv


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(argv=command_lines())
def test_generated_command_lines(argv):
    check(argv, *run(argv))


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=FIT_EXAMPLES)
@given(
    options=st.lists(st.sampled_from(list(FIT_OPTIONS)), max_size=4, unique=True), data=st.data()
)
def test_generated_fit_command_lines(options, data):
    argv = ["fit", str(RUNS_CSV), "--holdout-fraction", "0"]
    for name in options:
        argv += [name, data.draw(FIT_OPTIONS[name])]
    code, out, err = run(argv)
    check(argv, code, out, err)
    (WORK / "out.toml").unlink(missing_ok=True)


# --------------------------------------------------------------------------- mutated files

PRESETS = (
    sorted((preset_dir() / "laws").glob("*.toml"))
    + sorted((preset_dir() / "tasks").glob("*.toml"))
    + sorted((preset_dir() / "hardware").glob("*.toml"))
)
JUNK = st.sampled_from(
    ["0", "-1", "1e300", "5e-324", "nan", "inf", '""', '"x"', "[]", "{}", "true", "1e10", "-0.0"]
)


@st.composite
def mutated_toml(draw):
    source = draw(st.sampled_from(PRESETS))
    lines = source.read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "delete", "duplicate", "bytes", "key"]))
        if kind == "value" and "=" in lines[i]:
            key = lines[i].split("=", 1)[0]
            lines[i] = f"{key}= {draw(JUNK)}"
        elif kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "key" and "=" in lines[i]:
            lines[i] = "unknown_key" + lines[i][lines[i].index("=") - 1 :]
        else:
            lines[i] = draw(st.text(max_size=10))
        if not lines:
            break
    return source.parent.name, "\n".join(lines) + "\n"


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mutant=mutated_toml())
def test_mutated_preset_files(mutant):
    folder, text = mutant
    path = WORK / "mutant.toml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    argv = {
        "laws": ["plan", "1e22", "--law", str(path), "--json"],
        "tasks": ["plan", "1e22", "--tasks", str(path), "--json"],
        "hardware": ["plan", "1e22", "--gpu", str(path), "--json"],
    }[folder]
    check(argv, *run(argv))
    assert path.read_bytes() == before


@st.composite
def mutated_csv(draw):
    lines = RUNS_CSV.read_text().splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["cell", "delete", "duplicate", "junk", "long"]))
        if kind == "cell":
            cells = lines[i].split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(NUMBERS)
            lines[i] = ",".join(cells)
        elif kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "long":
            lines[i] += "," + "9" * 140_000
        else:
            lines[i] = draw(st.text(max_size=20))
        if not lines:
            break
    return "\n".join(lines) + "\n"


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=FIT_EXAMPLES)
@given(text=mutated_csv())
def test_mutated_csv_files(text):
    path = WORK / "mutant.csv"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    argv = ["fit", str(path), "--holdout-fraction", "0", "--json"]
    check(argv, *run(argv))
    assert path.read_bytes() == before
