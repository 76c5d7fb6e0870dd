"""The record layer (planner.data._frozen, issue 23 item 3): one library, msgspec, checks every
record however it is made: built in Python, converted from a user's file or a shipped preset."""

from __future__ import annotations

import math

import msgspec
import pytest

from planner.data._frozen import FieldError, Frozen, NonFiniteError, PositiveFloat, build, to_data
from planner.errors import InputError, PresetError, SolverError
from planner.laws._preset import LossScoreCurve
from planner.laws.kinds import ParametricLaw, PowerLaw
from planner.planning._records import Accelerator, Budget, HardwareOptions
from planner.run._sheet import EnergyOptions

LAW = {"e": 1.69, "a": 406.4, "b": 410.7, "alpha": 0.34, "beta": 0.28}
CURVE = {
    "task": "t",
    "column": "c",
    "floor": 0.25,
    "floor_fitted": False,
    "ceiling": 0.9,
    "k": 3.0,
    "l0": 2.5,
    "q_low": -0.1,
    "q_high": 0.1,
    "n_runs": 5,
    "loss_range": (2.0, 3.0),
    "mae_points": 1.0,
    "draws_floor": (0.2, 0.25),
    "draws_ceiling": (0.9, 0.9),
    "draws_k": (3.0, 3.1),
    "draws_l0": (2.5, 2.4),
}


@pytest.mark.parametrize("bad", [-5.0, 0.0, math.nan, math.inf])
def test_a_positive_float_refuses_a_bad_value_built_directly(bad):
    with pytest.raises(FieldError, match=r"ParametricLaw\.e: must be > 0, got") as info:
        ParametricLaw(**{**LAW, "e": bad})
    assert isinstance(info.value, InputError)


@pytest.mark.parametrize("bad", [-5.0, math.nan])
def test_a_positive_float_refuses_a_bad_value_from_data(bad):
    with pytest.raises(msgspec.ValidationError, match=r"> 0.* at `\$\.e`"):
        ParametricLaw.model_validate({**LAW, "e": bad})
    with pytest.raises(InputError, match=r"^law\.e: "):
        build(ParametricLaw, "law", **{**LAW, "e": bad})


@pytest.mark.parametrize("bad", [-5.0, math.nan, math.inf])
def test_a_positive_float_refuses_a_bad_value_in_a_file(tmp_path, bad):
    from planner import load_law
    from planner.data._registry import preset_dir

    text = (preset_dir() / "laws" / "hoffmann2022-approach3.toml").read_text()
    path = tmp_path / "hoffmann2022-approach3.toml"
    path.write_text(text.replace("e = 1.69", f"e = {bad}", 1))
    with pytest.raises(PresetError, match=r"law\.e: .*> 0.*\(got (-5\.0|nan|inf)\)"):
        load_law(path)


def test_nan_inside_a_tuple_of_floats_is_refused_built_directly_and_from_data():
    LossScoreCurve(**CURVE)  # the good one is built
    with pytest.raises(NonFiniteError, match=r"LossScoreCurve\.draws_k is \(3\.0, nan\)"):
        LossScoreCurve(**{**CURVE, "draws_k": (3.0, math.nan)})
    with pytest.raises(SolverError):  # a result that is not a number is the library's fault
        LossScoreCurve(**{**CURVE, "draws_k": (math.inf, 3.0)})
    with pytest.raises(msgspec.ValidationError, match=r"draws_k"):
        LossScoreCurve.model_validate({**CURVE, "draws_k": [3.0, math.nan]})


def test_a_replaced_field_is_checked_too():
    law = ParametricLaw(**LAW)
    with pytest.raises(FieldError, match=r"ParametricLaw\.alpha: must be in \[0\.001, 10\]"):
        law.model_copy(update={"alpha": 11.0})
    with pytest.raises(FieldError, match=r"Accelerator\.id: must match"):
        Accelerator(id="Not An Id", name="x", peak_flops_per_s=1e15, source="s")


def test_types_and_literals_are_checked_and_ints_become_floats():
    assert type(ParametricLaw(**{**LAW, "e": 2}).e) is float
    with pytest.raises(FieldError, match="expected a number"):
        ParametricLaw(**{**LAW, "e": "1.69"})
    with pytest.raises(FieldError, match="expected a number"):
        ParametricLaw(**{**LAW, "e": True})
    with pytest.raises(FieldError, match=r"PowerLaw\.quantity: must be one of"):
        PowerLaw(quantity="flops", coefficient=1.0, exponent=0.5)  # type: ignore[arg-type]


def test_the_law_union_is_tagged_by_kind():
    from planner.laws.kinds import ScalingLaw

    law = msgspec.convert({"kind": "parametric", **LAW}, ScalingLaw)
    assert isinstance(law, ParametricLaw) and law.kind == "parametric"
    assert to_data(law) == {"kind": "parametric", **LAW, "stderr": None, "repetition": None}
    with pytest.raises(msgspec.ValidationError, match=r"Invalid value 'magic' - at `\$\.kind`"):
        msgspec.convert({"kind": "magic", **LAW}, ScalingLaw)


def test_budget_and_energy_options_are_checked_by_the_same_layer():
    assert Budget(value="2M").value == 2e6  # a quantity string, parsed on the way in
    for bad, match in [
        ({"value": -1.0}, r"Budget\.value: must be > 0, got -1"),
        ({"value": math.nan}, r"Budget\.value: must be > 0, got nan"),
        ({"value": 1.0, "unit": "watts"}, r"Budget\.unit: must be one of 'flops'"),
        ({"value": 1.0, "wrong": 1}, r"Budget: Unexpected keyword argument 'wrong'"),
    ]:
        with pytest.raises(InputError, match=match):
            Budget(**bad)
    for bad, match in [
        ({"mfu": 5.0}, r"HardwareOptions\.mfu: must be in \[0\.001, 1\], got 5"),
        ({"mfu": "0.4"}, r"HardwareOptions\.mfu: expected a number"),
        ({"n_gpus": 0}, r"HardwareOptions\.n_gpus: must be in \[1, 1e\+09\], got 0"),
    ]:
        with pytest.raises(InputError, match=match):
            HardwareOptions(**bad)
    with pytest.raises(InputError, match=r"Budget\.hardware: expected HardwareOptions"):
        Budget(value=1.0, hardware={"mfu": 0.4})  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"EnergyOptions\.pue: must be in \[1, 5\], got 7"):
        EnergyOptions(pue=7.0)
    with pytest.raises(InputError, match=r"EnergyOptions\.method: must be one of"):
        EnergyOptions(method="guess")  # type: ignore[arg-type]


def test_a_record_is_a_frozen_hashable_msgspec_struct():
    law = ParametricLaw(**LAW)
    assert isinstance(law, msgspec.Struct) and isinstance(law, Frozen)
    assert law == ParametricLaw(**LAW) and hash(law) == hash(ParametricLaw(**LAW))
    with pytest.raises(AttributeError):
        law.e = 2.0  # type: ignore[misc]


def test_a_positive_float_alias_is_a_msgspec_constraint():
    class Rate(Frozen):
        rate: PositiveFloat

    assert msgspec.convert({"rate": 2}, Rate) == Rate(rate=2.0)
    with pytest.raises(msgspec.ValidationError, match="Expected `float`, got `str`"):
        msgspec.convert({"rate": "2"}, Rate)  # strict numbers, as before
