"""Kaplan et al. 2020: the loss of Eq. 1.5 and the compute-efficient frontier of Table 6."""

import math
from typing import TYPE_CHECKING, Annotated

import numpy as np

from planner.data._frozen import Exponent, Gt, Le, PositiveFloat
from planner.laws import _kernels as k
from planner.laws._numeric import FloatArray
from planner.laws.kinds.base import LawKind, override
from planner.limits import COMPUTE_RANGE_FLOPS
from planner.units import FLOPS_PER_PARAM_TOKEN, PF_DAY_FLOPS

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = ["KaplanLaw"]


class KaplanLaw(LawKind, tag="kaplan"):
    r"""Kaplan et al. 2020: L(N, D) of Eq. 1.5 and the compute-efficient frontier.

    The frontier's allocation is Table 6 (:math:`N_{opt} = N_e C_{min}^{p_N}`) and its loss
    Eq. 1.3, :math:`L(C_{min}) = (C_c^{min}/C_{min})^{lpha_C^{min}}` (Table 5). Eq. 1.5 is the
    loss of a given (N, D) trained to convergence with early stopping; evaluated at the
    frontier's (N, D) it is lower than Eq. 1.3 (by 0.29 nats at 1e21 FLOPs, 0.11 at 1e24), so
    a compute-optimal plan takes its loss from Eq. 1.3 and a given model from Eq. 1.5.
    """

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
    cmin_fraction: Annotated[float, Gt(0), Le(1)]
    """C_min = cmin_fraction · C: the share of a FLOP budget that counts as C_min."""
    cmin_loss_scale: PositiveFloat
    """C_c^min of Eq. 1.3, in PF-days (Table 5: 3.1e8)."""
    cmin_loss_exponent: Exponent
    """α_C^min of Eq. 1.3 (Table 5: 0.050)."""

    @override
    def optimum(self, compute_flops: "ArrayLike") -> tuple[FloatArray, FloatArray]:
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
    def predict(self, n_params: "ArrayLike", n_tokens: "ArrayLike") -> FloatArray:
        return k.kaplan_loss(n_params, n_tokens, self.n_c, self.d_c, self.alpha_n, self.alpha_d)

    def _cmin_pf_days(self, compute_flops: "ArrayLike") -> FloatArray:
        c = np.asarray(compute_flops, dtype=np.float64)
        return np.asarray(self.cmin_fraction * c / PF_DAY_FLOPS)

    @override
    def frontier_loss(self, compute_flops: "ArrayLike") -> FloatArray:
        """Eq. 1.3: L(C_min) = (C_c^min / C_min)^α_C^min, C_min in PF-days."""
        log_ratio = math.log(self.cmin_loss_scale) - np.log(self._cmin_pf_days(compute_flops))
        return np.asarray(np.exp(self.cmin_loss_exponent * log_ratio))

    @override
    def compute_for_loss(self, loss: FloatArray) -> "tuple[FloatArray, NDArray[np.bool_]]":
        """Eq. 1.3 inverted: C = C_c^min L^(-1/α_C^min) / cmin_fraction, in FLOPs."""
        ell = np.asarray(loss, dtype=np.float64)
        lo, hi = COMPUTE_RANGE_FLOPS
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            log_cmin = math.log(self.cmin_loss_scale) - np.log(ell) / self.cmin_loss_exponent
            c = np.exp(log_cmin) * PF_DAY_FLOPS / self.cmin_fraction
        ok = np.isfinite(c) & (ell > 0) & (c >= lo) & (c <= hi)
        return np.asarray(np.where(ok, c, np.inf)), np.asarray(ok)

    @override
    def notes(self, compute_flops: float) -> list[str]:
        c_min = float(self._cmin_pf_days(compute_flops))
        converged = float(self.predict(*self.optimum(compute_flops)))
        return [
            f"Kaplan frontier evaluated at C_min = {self.cmin_fraction:g} x C = "
            f"{c_min:.3g} PF-days; N is non-embedding",
            f"loss on Kaplan's compute-efficient frontier, Eq. 1.3 (C_c^min = "
            f"{self.cmin_loss_scale:.2g} PF-days, alpha = {self.cmin_loss_exponent:g}); Eq. 1.5, "
            f"the converged loss of this (N, D), would say {converged:.4f}",
        ]
