"""Budgets as people state them (issue 22 item 3): every form in the library and the CLI."""

from __future__ import annotations

import json
import warnings

import pytest
from testdata import run_cli

from planner import Budget, HardwareOptions, PlannerWarning, plan, read_budget
from planner.errors import InputError, PresetError
from planner.units import BUDGET_FORMS, parse_budget, parse_budget_text

H100 = 512 * 30 * 24  # 368,640 GPU-hours: 512 GPUs for 30 days of 24 hours

FORMS = [  # text, (value, unit, accelerator as typed, GPUs, days, price)
    ("512 x 30 days", (H100, "gpu-hours", None, 512, 30.0, None)),
    ("512 H100 x 30d", (H100, "gpu-hours", "h100", 512, 30.0, None)),
    ("512 H100s for 30 days", (H100, "gpu-hours", "h100s", 512, 30.0, None)),
    ("512 GPUs * 30 days", (H100, "gpu-hours", None, 512, 30.0, None)),
    ("512x30d", (H100, "gpu-hours", None, 512, 30.0, None)),
    ("512 × 30 days", (H100, "gpu-hours", None, 512, 30.0, None)),
    ("512 h100 FOR 720 hours", (H100, "gpu-hours", "h100", 512, 30.0, None)),
    ("64 MI300X x 2 weeks", (64 * 14 * 24, "gpu-hours", "mi300x", 64, 14.0, None)),
    ("1K TPU v5p x 10 d", (1000 * 10 * 24, "gpu-hours", "tpu-v5p", 1000, 10.0, None)),
    ("1M H100-hours", (1e6, "gpu-hours", "h100", None, None, None)),
    ("1M H100 GPU-hours", (1e6, "gpu-hours", "h100", None, None, None)),
    ("1e6 GPU-hours", (1e6, "gpu-hours", None, None, None, None)),
    ("$5M at $2/h", (5e6, "dollars", None, None, None, 2.0)),
    ("$5M at $2.5/GPU-hour", (5e6, "dollars", None, None, None, 2.5)),
    ("5M USD at 2 USD per H100-hour", (5e6, "dollars", "h100", None, None, 2.0)),
    ("$5M @ $2/h", (5e6, "dollars", None, None, None, 2.0)),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[t for t, _ in FORMS])
def test_each_form_reads_as_stated(text, expected):
    assert tuple(parse_budget_text(text)) == expected


@pytest.mark.parametrize(
    "text", ["1e24", "1e24 FLOPs", "5 PF-days", "702K GPU-hours", "$2M", "2M USD"]
)
def test_the_forms_of_before_read_as_before(text):
    assert tuple(parse_budget_text(text))[:2] == parse_budget(text)
    assert tuple(parse_budget_text(text))[2:] == (None, None, None, None)


def test_the_listed_forms_all_read():
    for text in BUDGET_FORMS:
        parse_budget_text(text.removesuffix(" (FLOPs)"))


HALF = [
    ("512 H100 x", "the duration is missing after 'x'"),
    ("512 H100 for", "the duration is missing after 'for'"),
    ("512 H100", "H100 for how long?"),
    ("512 GPUs", "GPUs for how long?"),
    ("512 x 30", "30 what? give the duration a unit"),
    ("512 x 30 months", "unknown time unit 'months'"),
    ("x 30 days", "the GPU count is missing before 'x'"),
    ("512.5 x 30 days", "the GPU count must be a whole number"),
    ("512 x 0 days", "the duration must be > 0"),
    ("$5M at", "the price is missing after 'at'"),
    ("$5M at $2/banana", "the price is per GPU-hour, not per 'banana'"),
    ("1e6 GPU-hours at $2", "a price goes with a budget in dollars, not gpu-hours"),
    ("2E", "unfinished exponent"),  # the number grammar's own errors stay
    ("70B", "parameter or token count"),
]


@pytest.mark.parametrize(("text", "why"), HALF, ids=[t for t, _ in HALF])
def test_half_valid_text_says_what_is_missing_in_one_line(text, why):
    with pytest.raises(InputError) as info:
        parse_budget_text(text)
    assert why in str(info.value) and "\n" not in str(info.value)
    assert str(info.value).startswith("budget: ")


def test_read_budget_sets_accelerator_gpus_and_days_together():
    b = read_budget("512 H100s for 30 days")
    assert b == Budget(
        value=H100,
        unit="gpu-hours",
        hardware=HardwareOptions(accelerator="h100-sxm", n_gpus=512),
        days=30.0,
    )
    assert read_budget("$5M at $2/h").options.price_per_gpu_hour == 2.0
    assert read_budget("1M MI300-hours").options.accelerator == "mi300x"  # an alias


def test_read_budget_refuses_contradictions_naming_both():
    with pytest.raises(InputError, match=r"says 512 GPUs, n_gpus says 256"):
        read_budget("512 x 30 days", n_gpus=256)
    with pytest.raises(InputError, match=r"says h100-sxm, accelerator says a100-sxm"):
        read_budget("512 H100 x 30 days", accelerator="a100")
    with pytest.raises(InputError, match=r"says 30 days, days says 20"):
        read_budget("512 x 30 days", days=20)
    with pytest.raises(InputError, match=r"\$2 per GPU-hour, price_per_gpu_hour says 3"):
        read_budget("$5M at $2/h", price_per_gpu_hour=3)
    # agreeing is no contradiction
    assert read_budget("512 H100 x 30 days", accelerator="h100", n_gpus=512, days=30).days == 30
    with pytest.raises(PresetError, match="did you mean h100-sxm"):
        read_budget("512 H1000 x 30 days")


def test_plan_takes_the_text_with_its_hardware():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        by_text = plan("512 H100 x 30 days")
        by_record = plan(Budget(value=H100, unit="gpu-hours", hardware=HardwareOptions(n_gpus=512)))
        dollars = plan("$5M at $2.5/GPU-hour")
    assert by_text == by_record
    assert by_text.hardware.gpu_hours == pytest.approx(H100, rel=1e-12)
    assert by_text.hardware.wall_clock_days == pytest.approx(30, rel=1e-12)
    assert dollars.hardware.gpu_hours == pytest.approx(5e6 / 2.5, rel=1e-12)
    with pytest.raises(InputError, match="price_per_gpu_hour: required"):
        plan("$5M")
    with pytest.raises(InputError, match="says 512 GPUs, n_gpus says 64"):
        plan("512 x 30 days", n_gpus=64)


def test_cli_plan_512_h100_for_30_days(capsys):
    code, out, _ = run_cli(capsys, "plan", "512 H100 x 30 days", "--json")
    assert code == 0
    data = json.loads(out)
    hw = data["hardware"]
    assert (hw["accelerator"], hw["n_gpus"]) == ("h100-sxm", 512)
    assert hw["gpu_hours"] == pytest.approx(368_640, rel=1e-12)
    assert hw["wall_clock_days"] == pytest.approx(30, rel=1e-12)
    assert data["run"]["deadline_days"] == 30  # the days are --days
    code, again, _ = run_cli(
        capsys, "plan", "368640", "--unit", "gpu-hours", "--gpu", "h100", "--gpus", "512",
        "--days", "30", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(again) == data


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["512 H100 x 30 days", "--gpus", "256"], "says 512 GPUs, --gpus says 256"),
        (["512 H100 x 30 days", "--gpu", "a100"], "says h100-sxm, --gpu says a100-sxm"),
        (["512 H100 x 30 days", "--days", "20"], "says 30 days, --days says 20"),
        (["$5M at $2/h", "--price", "3"], "says $2 per GPU-hour, --price says 3"),
        (["512 H100 x"], "the duration is missing after 'x'"),
        (["$5M"], "--price (dollars per GPU-hour): required"),
    ],
)
def test_cli_conflicts_and_half_valid_text_exit_2_in_one_line(capsys, argv, said):
    code, out, err = run_cli(capsys, "plan", *argv)
    assert code == 2 and out == "" and said in err and err.count("\n") == 1


def test_cli_compare_takes_the_text(capsys):
    code, out, _ = run_cli(capsys, "compare", "1M H100-hours", "--json")
    assert code == 0
    rows = json.loads(out)
    rows = rows["plans"] if isinstance(rows, dict) else rows
    assert all(r["hardware"]["gpu_hours"] == pytest.approx(1e6, rel=1e-12) for r in rows)
