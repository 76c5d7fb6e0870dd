"""One record of batch size and learning rate, and the JSON each producer writes of it.

Issue 23 item 5: a law kind's hyperparameters (DeepSeek LLM 2024 Eq. 1 at a plan's compute) and
the run sheet's choice over the hyperparameter laws were two record types. They are one,
:class:`planner.laws.Hyperparameters`; each producer sets only its own fields, and its JSON keeps
exactly the keys, order, types and nulls it had before the merge.
``tests/data/layouts/hyperparameters-json.json`` is that layout, written from main (beb3bbd)
before the merge by :func:`layouts` below (``python tests/unit/test_hyperparameters_record.py``).
"""

from __future__ import annotations

import importlib
import json
import math
import pkgutil
from pathlib import Path

import msgspec
import pytest

import planner
from planner.data import to_data
from planner.errors import InfeasibleError, PlannerError
from planner.laws import Hyperparameters, given

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "data" / "layouts" / "hyperparameters-json.json"

# (name, command line): the budget plan whose law publishes hyperparameters (DeepSeek), the
# default law's plan (none, and the run block's critical batch a number), the run sheet, an MoE
# plan, and compare (the DeepSeek law's plan and the default law's among its plans).
COMMANDS = {
    "plan-deepseek": "plan 1e24 --law deepseek2024 --json",
    "plan-default": "plan 1e24 --json",
    "run": "run --params 70B --tokens 2T --gpu h100-sxm --gpus 1024 --json",
    "plan-moe": "plan 1e24 --law ludziejewski2025-moe --json",
    "compare": "compare 1e24 --json",
}


def skeleton(value: object) -> object:
    """The layout of JSON data: keys in order, each value's JSON type, a list's item layouts.

    A list gives each distinct layout of its items once, in order (so one more note or one more
    hyperparameter law does not change it; a key more or less in an item does).
    """
    if isinstance(value, dict):
        return {key: skeleton(item) for key, item in value.items()}
    if isinstance(value, list):
        items: list[object] = []
        for item in map(skeleton, value):
            if item not in items:
                items.append(item)
        return items
    return {bool: "bool", int: "int", float: "float", str: "str", type(None): "null"}[type(value)]


def _blocks(name: str, data: object) -> dict[str, object]:
    """Every ``hyperparameters`` block of one command's output, by where it sits."""
    if name == "compare":
        assert isinstance(data, list)
        out: dict[str, object] = {}
        for plan in data:
            if plan["law"] not in ("deepseek2024", "besiroglu2024"):
                continue
            out |= {f"[{plan['law']}].{k}": v for k, v in _blocks("plan", plan).items()}
        return out
    assert isinstance(data, dict)
    out = {"hyperparameters": data["hyperparameters"]}
    if isinstance(data.get("run"), dict):
        out["run.hyperparameters"] = data["run"]["hyperparameters"]
    return out


def layouts(run) -> dict[str, object]:
    """The layout of every ``hyperparameters`` block of :data:`COMMANDS`' outputs.

    ``run(argv)`` returns a command's standard output.
    """
    return {
        name: {
            where: skeleton(block)
            for where, block in _blocks(name, json.loads(run(argv.split()))).items()
        }
        for name, argv in COMMANDS.items()
    }


def test_each_json_layout_is_the_one_main_wrote_before_the_merge(capsys):
    from testdata import run_cli

    def run(argv):
        code, out, err = run_cli(capsys, *argv)
        assert code == 0, err
        return out

    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["layouts"]
    # compared as text: the order of the keys counts
    assert json.dumps(layouts(run), indent=1) == json.dumps(expected, indent=1)


def _classes_named_hyperparameters() -> set[type]:
    found = set()
    for info in pkgutil.walk_packages(planner.__path__, "planner."):
        if info.name == "planner.__main__":
            continue
        for obj in vars(importlib.import_module(info.name)).values():
            if isinstance(obj, type) and obj.__name__.endswith("Hyperparameters"):
                found.add(obj)
    return found


def test_there_is_one_hyperparameters_record_in_the_package():
    assert _classes_named_hyperparameters() == {Hyperparameters}
    assert issubclass(Hyperparameters, msgspec.Struct)
    # the rooms that offered the two records name the one
    from planner import laws, run
    from planner.laws import kinds

    assert laws.Hyperparameters is run.Hyperparameters is kinds.Hyperparameters
    assert not hasattr(kinds, "LawHyperparameters")


def test_the_law_kind_and_the_run_sheet_give_the_same_record_each_with_its_fields():
    from planner.run import run_sheet

    law = planner.plan(1e24, law="deepseek2024").hyperparameters
    sheet = run_sheet(7e10, 2e12, n_gpus=1024).hyperparameters
    assert type(law) is type(sheet) is Hyperparameters
    assert list(to_data(law)) == ["batch_size_tokens", "learning_rate", "flops_per_token", "source"]
    assert list(to_data(sheet))[:6] == [
        "deepseek_compute", "batch_tokens", "batch_sequences", "seq_len", "steps", "learning_rate"
    ]  # fmt: skip
    assert "source" not in to_data(sheet) and "seq_len" not in to_data(law)
    with pytest.raises(InfeasibleError, match=r"^seq_len: not given"):
        given(law.seq_len, "seq_len")
    assert given(sheet.seq_len, "seq_len") == 4096  # DEFAULT_SEQ_LEN


def test_a_field_left_unset_is_absent_and_a_field_set_to_none_is_null():
    h = Hyperparameters(learning_rate=3e-4, critical_batch_tokens=None)
    assert to_data(h) == {"learning_rate": 3e-4, "critical_batch_tokens": None}
    assert msgspec.json.encode(h) == b'{"learning_rate":0.0003,"critical_batch_tokens":null}'
    assert msgspec.json.decode(msgspec.json.encode(h), type=Hyperparameters) == h


@pytest.mark.parametrize(
    ("field", "value"),
    [("batch_size_tokens", math.nan), ("critical_batch_tokens", math.inf),
     ("learning_rate_range", (1e-4, math.nan)), ("by_law", ("not a prediction",))],
)  # fmt: skip
def test_a_field_that_may_be_unset_is_still_checked_when_set(field, value):
    """UNSET passes the record's checks as None does; a set value is checked as before."""
    with pytest.raises(PlannerError):
        Hyperparameters(learning_rate=3e-4, **{field: value})


if __name__ == "__main__":  # write the expectation (only from the main the layouts are kept from)
    import contextlib
    import io
    import subprocess

    from planner.cli._main import main

    def _run(argv):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(argv) == 0
        return buffer.getvalue()

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    EXPECTED.write_text(
        json.dumps(
            {
                "written_from": f"main {commit}, before issue 23 item 5 merged the two "
                "hyperparameters records",
                "layouts": layouts(_run),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
