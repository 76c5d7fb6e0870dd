"""Fuzz the public library API: any argument replaced by a bad value raises a PlannerError
(naming the argument) or returns a finite result; never another exception type, a warning,
a NaN or an inf.

The default hypothesis profile runs a few hundred calls; ``HYPOTHESIS_PROFILE=fuzz`` runs
thousands (.ci/run does).
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import planner
from planner import Budget, PlannerError, PlannerWarning
from planner.fit import Runs

pytestmark = pytest.mark.fuzz

BAD = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            -1,
            -1e300,
            1e300,
            10**400,
            math.nan,
            math.inf,
            -math.inf,
            5e-324,
            "",
            "abc",
            "1e24E",
            "2E",
            "x" * 10_000,
            "\u0661\u0662",
            b"1e24",
            [],
            [1e22, "x"],
            {},
            object(),
            Path("/no/such/file.toml"),
            np.nan,
            np.array([1e22, np.nan]),
            np.array([]),
            1j,
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=30),
)

RUNS = Runs(
    n_params=np.repeat(np.logspace(7, 10, 8), 6),
    n_tokens=np.repeat(np.logspace(7, 10, 8), 6) * np.tile(np.logspace(0.7, 2.3, 6), 8),
    loss=1.8 + 400 / np.repeat(np.logspace(7, 10, 8), 6) ** 0.34 + 1.0,
    source="x.csv",
    sha256="0" * 64,
    n_rows=48,
)
PLAN = planner.plan(1e21)

from planner.runsheet import run_sheet  # noqa: E402

# (function, valid positional args, valid keyword args)
CALLS = [
    (planner.plan, (1e21,), {"law": "besiroglu2024", "max_params": None, "mfu": 0.4}),
    (planner.plan, (1e21,), {"n_gpus": 8, "price_per_gpu_hour": 2.0, "accelerator": "a100-sxm"}),
    (planner.plan, (1e21,), {"unique_tokens": 1e11, "law": "muennighoff2023"}),
    (planner.plan, (1e21,), {"inference_tokens": 1e12}),
    (planner.plan, (1e21,), {"n_params": 1e9}),
    (planner.plan_model, (7e9, 2e12), {"law": "besiroglu2024"}),
    (planner.plan_target_loss, (2.2,), {"max_params": 1e10}),
    (planner.compare, (1e21,), {}),
    (planner.allocate, (1e21,), {"law": "besiroglu2024"}),
    (planner.predict_loss, (7e9, 2e12), {"law": "besiroglu2024"}),
    (planner.compute_for_loss, (2.2,), {"law": "besiroglu2024"}),
    (planner.optimum_with_repetition, (1e21, 1e11), {"law": "muennighoff2023"}),
    (planner.inference_optimum, (2.2, 1e12), {"law": "besiroglu2024"}),
    (planner.capabilities, (PLAN,), {"threshold_offset": 0.1, "seed": 0, "samples": 10}),
    (planner.capabilities, (PLAN,), {"thresholds": {"mmlu": 2.1}}),
    (planner.compute_to_emerge, ("mmlu",), {"law": "besiroglu2024"}),
    (planner.mirage, (8,), {"law": "besiroglu2024"}),
    (planner.list_tasks, ((),), {}),
    (planner.load_law, ("besiroglu2024",), {}),
    (planner.load_accelerator, ("h100-sxm",), {}),
    (planner.to_flops, (1.0, "pf-days"), {}),
    (planner.from_flops, (1e21, "gpu-hours"), {"peak_flops_per_s": 1e15, "mfu": 0.4}),
    (planner.shape_for_params, (7e9,), {"parameter_convention": "total"}),
    (planner.params_from_shape, (32, 4096, 32, 16384, 32000, 128), {}),
    (planner.appendix_f_flops_per_token, (32, 4096, 32, 16384, 32000, 2048, 128), {}),
    (planner.fit_runs, (RUNS,), {"bootstrap": 0, "seed": 0, "holdout_fraction": 0.0}),
    (planner.read_runs, ("/no/such.csv",), {}),
    (run_sheet, (7e9, 2e12), {"n_gpus": 64, "seq_len": 4096, "micro_batch": 1, "mfu": 0.4}),
    (run_sheet, (7e9, 2e12), {"days": 30.0, "accelerator": "mi300x", "price_per_gpu_hour": 2.0}),
]


def _finite(value: object) -> None:
    """Every float inside a result is finite (pydantic models, tuples, arrays, floats)."""
    if isinstance(value, float):
        assert math.isfinite(value), value
    elif isinstance(value, np.ndarray):
        assert np.all(np.isfinite(value)), value
    elif hasattr(value, "model_dump"):
        _finite(value.model_dump())
    elif isinstance(value, dict):
        for v in value.values():
            _finite(v)
    elif isinstance(value, list | tuple):
        for v in value:
            _finite(v)


def call(fn, args, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning but the planner's own fails the test
        warnings.simplefilter("ignore", PlannerWarning)
        try:
            result = fn(*args, **kwargs)
        except PlannerError as exc:
            message = str(exc)
        else:
            _finite(result)
            return
    assert message, "an error without a message"
    assert len(message) < 2000, "a long value was echoed whole"


@pytest.mark.parametrize(("fn", "args", "kwargs"), CALLS, ids=lambda x: getattr(x, "__name__", ""))
def test_valid_calls_succeed(fn, args, kwargs):
    call(fn, args, kwargs)


@given(data=st.data())
def test_one_bad_argument_raises_a_planner_error(data):
    fn, args, kwargs = data.draw(st.sampled_from(CALLS))
    names = [f"#{i}" for i in range(len(args))] + list(kwargs)
    which = data.draw(st.sampled_from(names))
    bad = data.draw(BAD)
    args, kwargs = list(args), dict(kwargs)
    if which.startswith("#"):
        args[int(which[1:])] = bad
    else:
        kwargs[which] = bad
    if fn is planner.fit_runs and which == "bootstrap":
        # a drawn value can be a valid, huge resample count (2_000_000 refits take hours):
        # that is not bad input, so leave it out, by the library's own check of the option
        from planner.fit import check_fit_options

        try:
            resamples = check_fit_options(bootstrap=bad)[0]
        except PlannerError:
            resamples = 0
        assume(resamples <= 20)
    call(fn, tuple(args), kwargs)


@given(value=BAD, unit=st.sampled_from(["flops", "pf-days", "gpu-hours", "dollars", "bogus"]))
def test_budget_in_plan_raises_a_planner_error(value, unit):
    def make():
        return planner.plan(Budget(value=value, unit=unit, price_per_gpu_hour=2.0))

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", PlannerWarning)
        try:
            make()
        except PlannerError as exc:
            message = str(exc)
        else:
            return
    assert any(field in message for field in ("value", "unit", "compute_flops")), message


def test_a_bool_is_not_a_number():
    with pytest.raises(PlannerError, match="mfu"):
        planner.plan(1e21, mfu=True)
    with pytest.raises(PlannerError):
        planner.plan(True)
    with pytest.raises(PlannerError, match="compute_flops"):
        planner.plan(10**400)
