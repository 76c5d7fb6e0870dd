"""Kaplan et al. 2020: the loss of Eq. 1.5 and the compute-efficient frontier of Table 6."""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from numpy.typing import ArrayLike
from pydantic import Field, PositiveFloat
from typing_extensions import override

from planner import laws as k
from planner.frozen import Exponent
from planner.kinds.base import FloatArray, LawKind
from planner.units import FLOPS_PER_PARAM_TOKEN, PF_DAY_FLOPS

__all__ = ["KaplanLaw"]


class KaplanLaw(LawKind):
    """Kaplan et al. 2020: L(N, D) of Eq. 1.5 and the compute-efficient frontier of Table 6."""

    kind: Literal["kaplan"] = "kaplan"
    n_c: PositiveFloat
    """N_c of Eq. 1.5 (non-embedding parameters), Table 2."""
    d_c: PositiveFloat
    """D_c of Eq. 1.5 (tokens), Table 2."""
    alpha_n: Exponent
    """α_N of Eq. 1.5, Table 2."""
    alpha_d: Exponent
    """α_D of Eq. 1.5, Table 2."""
    frontier_coefficient: PositiveFloat
    """N_e in N_opt = N_e · C_min^p_N (C_min in PF-days), Table 6."""
    frontier_exponent: Exponent
    """p_N, Table 6."""
    cmin_fraction: Annotated[float, Field(gt=0, le=1)]
    """C_min = cmin_fraction · C: the share of a FLOP budget that counts as C_min."""

    @override
    def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
        c = np.asarray(compute_flops, dtype=np.float64)
        n = k.kaplan_frontier_params(
            c, self.frontier_coefficient, self.frontier_exponent, self.cmin_fraction
        )
        return n, np.asarray(c / (FLOPS_PER_PARAM_TOKEN * n))

    @override
    @property
    def has_loss(self) -> bool:
        return True

    @override
    def predict(self, n_params: ArrayLike, n_tokens: ArrayLike) -> FloatArray:
        return k.kaplan_loss(n_params, n_tokens, self.n_c, self.d_c, self.alpha_n, self.alpha_d)

    @override
    def notes(self, compute_flops: float) -> list[str]:
        return [
            f"Kaplan frontier evaluated at C_min = {self.cmin_fraction:g} x C = "
            f"{self.cmin_fraction * compute_flops / PF_DAY_FLOPS:.3g} PF-days; N is non-embedding"
        ]
