"""One shape for the hardware settings, and a budget parsed and checked once where it enters."""

from __future__ import annotations

import sys
import warnings
from collections import Counter

import pytest
from testdata import run_cli

import planner
from planner import Budget, HardwareOptions, InputError, PlannerWarning, plan
from planner.laws import _solve
from planner.units import parse_quantity

H100 = HardwareOptions(accelerator="h100-sxm", mfu=0.45, n_gpus=512, price_per_gpu_hour=2.5)


def test_the_record_checks_each_field_and_names_it():
    for kw, name in (
        ({"mfu": 2.0}, "mfu"),
        ({"mfu": "40%"}, "mfu"),
        ({"n_gpus": 1.5}, "n_gpus"),
        ({"n_gpus": 0}, "n_gpus"),
        ({"price_per_gpu_hour": -1.0}, "price_per_gpu_hour"),
        ({"accelerator": 3}, "accelerator"),
    ):
        with pytest.raises(InputError, match=f"^HardwareOptions.{name}: "):
            HardwareOptions(**kw)
    with pytest.raises(InputError, match=r"^Budget\.hardware: expected HardwareOptions"):
        Budget(value=1e5, unit="gpu-hours", hardware={"mfu": 0.4})  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"^Budget\.price_per_gpu_hour: required"):
        Budget(value=1e6, unit="dollars", hardware=HardwareOptions(mfu=0.5))


def test_a_plan_gives_back_the_record_it_was_costed_on():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        by_record = plan(1e23, hardware=H100)
        by_keywords = plan(
            1e23, accelerator="h100-sxm", mfu=0.45, n_gpus=512, price_per_gpu_hour=2.5
        )
        by_budget = plan(Budget(value=1e23, hardware=H100))
    assert by_record == by_keywords == by_budget
    assert by_record.hardware is not None and by_record.hardware.options == H100
    # the record goes on to the next call as it is: the same hardware for every law
    again = planner.compare(1e23, laws=("besiroglu2024",), hardware=by_record.hardware.options)
    assert again[0].hardware == by_record.hardware
    # a keyword overrides the record's field, and the record a Budget's
    assert plan(1e23, hardware=H100, mfu=0.3).hardware.mfu == 0.3  # type: ignore[union-attr]
    cheap = Budget(value=1e23, hardware=HardwareOptions(price_per_gpu_hour=1.0))
    assert plan(cheap, hardware=H100).hardware.price_per_gpu_hour == 2.5  # type: ignore[union-attr]


def test_goodput_is_a_keyword_of_every_planning_call_as_mfu_is():
    """plan, plan_model and plan_target_loss take goodput= as they take mfu=, the same as a
    HardwareOptions(goodput=...): GPU-hours = C / (peak x MFU x goodput x 3600)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        p = plan("1M GPU-hours", goodput=0.8)
        assert p == plan("1M GPU-hours", hardware=HardwareOptions(goodput=0.8))
        assert p.compute_flops == pytest.approx(1e6 * 989.4e12 * 0.4 * 0.8 * 3600)
        m = planner.plan_model(7e9, 2e12, goodput=1.0)
        assert m.hardware is not None
        assert m.hardware.gpu_hours == pytest.approx(6 * 7e9 * 2e12 / (989.4e12 * 0.4 * 3600))
        t = planner.plan_target_loss(2.2, goodput=0.5)
        assert t.hardware is not None and t.hardware.goodput == 0.5
        assert t.hardware.gpu_hours == pytest.approx(
            t.compute_flops / (989.4e12 * 0.4 * 0.5 * 3600)
        )
        c = planner.compare(1e23, laws=("besiroglu2024",), goodput=0.5)
        assert c[0].hardware is not None and c[0].hardware.goodput == 0.5
    with pytest.raises(InputError, match="goodput"):
        plan(1e23, goodput=0.0)


def test_the_record_converts_a_budget_by_the_published_peak():
    """1e5 A100-hours at 40% MFU: 1e5 x 3600 s x 312e12 FLOP/s (A100 SXM dense BF16) x 0.4,
    x 0.9 of the time training (Llama 3 405B's goodput, arXiv:2407.21783 §3.3.4); goodput 1
    is reference-numbers §12's conversion."""
    b = Budget(value=1e5, unit="gpu-hours", hardware=HardwareOptions(accelerator="a100-sxm"))
    every_hour = HardwareOptions(accelerator="a100-sxm", goodput=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        p = plan(b)
        q = plan(Budget(value=1e5, unit="gpu-hours", hardware=every_hour))
    assert p.compute_flops == pytest.approx(1e5 * 3600 * 312e12 * 0.4 * 0.9, rel=1e-12)
    assert p.hardware is not None and p.hardware.gpu_hours == pytest.approx(1e5, rel=1e-12)
    assert q.compute_flops == pytest.approx(1e5 * 3600 * 312e12 * 0.4, rel=1e-12)
    assert q.hardware is not None and q.hardware.gpu_hours == pytest.approx(1e5, rel=1e-12)
    assert q.hardware.goodput == 1.0 and q.hardware.options == every_hour


def _calls(fn, *values):
    """Calls of parse_quantity and check_compute on the budget (``values``) while ``fn`` runs."""
    watched = {parse_quantity.__code__: "parse", _solve.check_compute.__code__: "check"}
    seen: Counter[str] = Counter()

    def prof(frame, event, arg):
        if event == "call" and frame.f_code in watched:
            first = frame.f_locals[frame.f_code.co_varnames[0]]
            if any(first == v for v in values):
                seen[watched[frame.f_code]] += 1

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        sys.setprofile(prof)
        try:
            fn()
        finally:
            sys.setprofile(None)
    return seen


def test_a_budget_is_parsed_once_where_it_enters_and_flows_inward():
    b = Budget(value="1e5", unit="gpu-hours", hardware=H100)  # parsed here
    flops = b.value * 989.4e12 * 0.45 * 0.9 * 3600  # H100 SXM's dense BF16 peak, 90% goodput
    # not parsed again: its FLOPs are checked once against the compute range
    assert _calls(lambda: plan(b), "1e5", 1e5, pytest.approx(flops)) == {"check": 1}
    assert _calls(lambda: plan(1e24), 1e24) == {"parse": 1, "check": 1}
    assert _calls(lambda: plan("1e24"), "1e24", 1e24) == {"parse": 1, "check": 1}


def test_the_cli_builds_the_record_and_names_its_option(capsys):
    code, out, err = run_cli(capsys, "plan", "1e6", "--unit", "dollars", "--gpu", "a100-sxm")
    assert code == 2 and err.startswith("planner: error: --price (dollars per GPU-hour): required")
    code, out, _ = run_cli(capsys, "plan", "1e5", "--unit", "gpu-hours", "--gpus", "64", "--json")
    assert code == 0 and '"n_gpus": 64' in out


def test_the_cli_names_the_option_of_a_field_the_record_refuses():
    """The record names its field (HardwareOptions.mfu, Budget.price_per_gpu_hour); the command
    line names the option typed (--mfu, --price), whichever record refused it."""
    import argparse

    from planner.cli._args import budget_of, hardware_options

    given = {"gpu": None, "mfu": 5.0, "price": None, "gpus": None, "goodput": None}
    with pytest.raises(InputError, match=r"^--mfu: must be in \[0\.001, 1\], got 5"):
        hardware_options(argparse.Namespace(**given))
    with pytest.raises(InputError, match=r"^--goodput: must be in \[0\.01, 1\], got 0"):
        hardware_options(argparse.Namespace(**{**given, "mfu": None, "goodput": 0.0}))
    given = {**given, "mfu": None, "gpus": 0}
    with pytest.raises(InputError, match=r"^--gpus: must be in \[1, "):
        hardware_options(argparse.Namespace(**given))
    dollars = argparse.Namespace(
        budget="5M", unit="dollars", gpu=None, mfu=None, price=None, gpus=None, goodput=None
    )
    with pytest.raises(InputError, match=r"^--price \(dollars per GPU-hour\): required"):
        budget_of(dollars)
