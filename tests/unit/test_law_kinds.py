"""LawKind is an abstract base: a kind missing a required method fails when it is defined."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np
import pytest
from numpy.typing import ArrayLike

from planner.errors import InfeasibleError
from planner.laws._numeric import FloatArray
from planner.laws._registry import load_law
from planner.laws._solve import require_parametric
from planner.laws.kinds import DeepSeekLaw, GadreLaw, KaplanLaw, ParametricLaw, PowerLaw
from planner.laws.kinds.base import FitParameter, LawKind


def test_a_kind_without_optimum_fails_at_class_creation():
    with pytest.raises(TypeError, match=r"law kind NoOptimum does not implement optimum"):

        class NoOptimum(LawKind, tag="no-optimum"):
            """A kind under test."""


def test_a_base_of_kinds_may_stay_abstract_but_not_a_kind_below_it():
    class Family(LawKind):  # a base, like MoeLaw
        """Shared fields of a family of kinds."""

        BASE_OF_KINDS: ClassVar[bool] = True

    with pytest.raises(TypeError, match=r"law kind Member does not implement optimum"):

        class Member(Family, tag="member"):
            """A kind under test."""


def test_a_method_a_base_of_kinds_declares_abstract_is_required_below_it():
    from abc import abstractmethod

    class Family(LawKind):
        """A base declaring a method of its own that every member must implement."""

        BASE_OF_KINDS: ClassVar[bool] = True

        @abstractmethod
        def experts(self) -> int:
            """The experts of a member."""

        def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
            c = np.asarray(compute_flops, dtype=np.float64)
            return c, c

    with pytest.raises(TypeError, match=r"law kind Member does not implement experts$"):

        class Member(Family, tag="member-experts"):
            """A kind under test."""

    class Whole(Family, tag="whole-experts"):
        """A member implementing it."""

        def experts(self) -> int:
            return 8

    assert Whole().experts() == 8


def test_a_fitted_kind_without_loss_from_fails_at_class_creation():
    with pytest.raises(TypeError, match=r"FittedNoLoss does not implement loss_from"):

        class FittedNoLoss(LawKind, tag="fitted"):
            """A kind under test."""

            FIT_PARAMETERS: ClassVar[tuple[FitParameter, ...]] = (
                FitParameter("a", log=True, grid=(1.0,)),
            )

            def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
                c = np.asarray(compute_flops, dtype=np.float64)
                return np.sqrt(c / 6.0), np.sqrt(c / 6.0)


def test_a_complete_kind_is_defined_and_used():
    class Square(LawKind, tag="square"):
        """N = D: the smallest kind that implements what is required."""

        FIT_PARAMETERS: ClassVar[tuple[FitParameter, ...]] = (
            FitParameter("a", log=True, grid=(1.0,)),
        )

        def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
            c = np.asarray(compute_flops, dtype=np.float64)
            return np.sqrt(c / 6.0), np.sqrt(c / 6.0)

        @classmethod
        def loss_from(
            cls, params: Mapping[str, FloatArray], n_params: FloatArray, n_tokens: FloatArray
        ) -> FloatArray:
            return np.asarray(params["a"] / n_params)

    n, d = Square().optimum(6e20)
    assert float(n) == float(d) == pytest.approx(1e10)  # 6 N D = C with N = D
    assert not Square().has_loss


@pytest.mark.parametrize("kind", [ParametricLaw, KaplanLaw, PowerLaw, DeepSeekLaw, GadreLaw])
def test_every_shipped_kind_implements_optimum(kind: type[LawKind]):
    assert "optimum" in vars(kind)
    assert not getattr(kind.optimum, "__isabstractmethod__", False)


def test_only_the_chinchilla_form_serves_as_parametric():
    chinchilla = load_law("besiroglu2024")
    assert require_parametric(chinchilla, "repetition") is chinchilla.law
    with pytest.raises(InfeasibleError, match="law 'kaplan2020' is of kind 'kaplan'"):
        require_parametric(load_law("kaplan2020"), "repetition")


@pytest.mark.parametrize("e_start", ["5e-324", "0.5"])
def test_the_joint_moe_law_refuses_an_e_start_below_one_expert(tmp_path, e_start):
    """Eq. 4 of Ludziejewski et al. 2025 gives Ê(1) = E_start, the dense model's transformed
    expert count (Table 3: 2.0732). The fuzz tests found that a law file with E_start = 5e-324
    passed the record's check (> 0) and divided by zero in planning ('numerical failure'); an
    E_start below one expert is refused where the file is read, naming the field."""
    import re
    from pathlib import Path

    from planner.errors import PresetError

    shipped = Path(__file__).parents[2] / "presets" / "laws" / "ludziejewski2025-moe.toml"
    text = re.sub(r"e_start = [0-9.e-]+", f"e_start = {e_start}", shipped.read_text())
    text = text.replace('id = "ludziejewski2025-moe"', 'id = "my-moe"')
    path = tmp_path / "my-moe.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PresetError, match=r"e_start: Expected `float` >= 1\.0"):
        load_law(path)
