"""The Chinchilla form L = E + A/N^α + B/D^β (Hoffmann et al. 2022).

With Muennighoff et al. 2023's extension for repeated data.
"""

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from planner.data._frozen import Exponent, Frozen, PositiveFloat
from planner.laws import _kernels as k
from planner.laws._numeric import FloatArray, standard_normal
from planner.laws.kinds.base import FitParameter, LawKind, SampledLoss, override

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MUENNIGHOFF_R_D_STAR",
    "MUENNIGHOFF_R_N_STAR",
    "ParametricLaw",
    "ParametricStderr",
    "Repetition",
]

MUENNIGHOFF_R_D_STAR = 15.387756
"""R_D* of Muennighoff et al. 2023 (datablations ``parametric_fit.ipynb``), used for the decay of
repeated data when a law carries no repetition constants of its own."""
MUENNIGHOFF_R_N_STAR = 5.309743
"""R_N* of Muennighoff et al. 2023, as above."""


class ParametricStderr(Frozen):
    """Published standard errors of a parametric fit (e.g. Besiroglu et al. 2024 Table)."""

    e: PositiveFloat
    a: PositiveFloat
    b: PositiveFloat
    alpha: PositiveFloat
    beta: PositiveFloat
    log_e: PositiveFloat | None = None
    """Standard error of log E, where the paper gives it."""
    log_a: PositiveFloat | None = None
    """Standard error of log A."""
    log_b: PositiveFloat | None = None
    """Standard error of log B."""


class Repetition(Frozen):
    """Decay constants of repeated data and excess parameters (Muennighoff et al. 2023)."""

    r_d_star: PositiveFloat
    """R_D*: repetitions at which repeated tokens have lost 1 - 1/e of their value."""
    r_n_star: PositiveFloat
    """R_N*: the same for parameters beyond the compute-optimal size for the unique data."""


class ParametricLaw(LawKind, tag="parametric"):
    r"""L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, Eq. 2); optimum by Eq. 4."""

    e: PositiveFloat
    """Irreducible loss E (nats/token)."""
    a: PositiveFloat
    """Parameter-term coefficient A."""
    b: PositiveFloat
    """Data-term coefficient B."""
    alpha: Exponent
    """Parameter exponent α."""
    beta: Exponent
    """Data exponent β."""
    stderr: ParametricStderr | None = None
    """Standard errors, where published."""
    repetition: Repetition | None = None
    """Data-constrained extension, where the law has one."""

    # Hoffmann et al. 2022 App. D.2 start grid (the fitter in planner.fit._parametric uses it with
    # an
    # analytic gradient; the declaration here is the same grid)
    FIT_PARAMETERS: ClassVar[tuple[FitParameter, ...]] = (
        FitParameter("a", True, (0.0, 5.0, 10.0, 15.0, 20.0, 25.0)),
        FitParameter("b", True, (0.0, 5.0, 10.0, 15.0, 20.0, 25.0)),
        FitParameter("e", True, (-1.0, -0.5, 0.0, 0.5, 1.0)),
        FitParameter("alpha", False, (0.0, 0.5, 1.0, 1.5, 2.0)),
        FitParameter("beta", False, (0.0, 0.5, 1.0, 1.5, 2.0)),
    )

    @override
    def optimum(self, compute_flops: "ArrayLike") -> tuple[FloatArray, FloatArray]:
        c = np.asarray(compute_flops, dtype=np.float64)
        return k.parametric_optimum(c, self.a, self.b, self.alpha, self.beta)

    @override
    @property
    def has_loss(self) -> bool:
        return True

    @override
    def predict(self, n_params: "ArrayLike", n_tokens: "ArrayLike") -> FloatArray:
        return k.parametric_loss(n_params, n_tokens, self.e, self.a, self.b, self.alpha, self.beta)

    @override
    @property
    def floor(self) -> float:
        return self.e

    @override
    def frontier_loss(self, compute_flops: "ArrayLike") -> FloatArray:
        return k.parametric_frontier_loss(
            compute_flops, self.e, self.a, self.b, self.alpha, self.beta
        )

    @override
    def compute_for_loss(self, loss: FloatArray) -> "tuple[FloatArray, NDArray[np.bool_]]":
        c = np.asarray(
            k.parametric_compute_for_loss(loss, self.e, self.a, self.b, self.alpha, self.beta)
        )
        return c, np.asarray(np.isfinite(c))

    @override
    def coefficient_draws(self, samples: int, seed: int) -> SampledLoss | None:
        """Independent normal draws from the published standard errors.

        In log space for E, A, B where published. The SEs are marginal; their correlations are
        not published.
        """
        se = self.stderr
        if se is None or samples <= 0:
            return None
        z = standard_normal(seed, 5 * samples).reshape(5, samples)

        def scale(row: int, value: float, se_lin: float, se_log: float | None) -> FloatArray:
            if se_log is not None:
                return np.asarray(np.exp(math.log(value) + se_log * z[row]))
            return np.asarray(np.abs(value + se_lin * z[row]))

        e = scale(0, self.e, se.e, se.log_e)
        a = scale(1, self.a, se.a, se.log_a)
        b = scale(2, self.b, se.b, se.log_b)
        alpha = np.asarray(np.abs(self.alpha + se.alpha * z[3]))
        beta = np.asarray(np.abs(self.beta + se.beta * z[4]))

        def sampled(n_params: "ArrayLike", n_tokens: "ArrayLike") -> FloatArray:
            nn = np.asarray(n_params, dtype=np.float64)[..., None]
            dd = np.asarray(n_tokens, dtype=np.float64)[..., None]
            return np.asarray(k.parametric_loss(nn, dd, e, a, b, alpha, beta))

        return sampled

    @property
    def repetition_constants(self) -> tuple[float, float]:
        """(R_D*, R_N*): the law's own, else Muennighoff et al. 2023's."""
        if self.repetition is not None:
            return self.repetition.r_d_star, self.repetition.r_n_star
        return MUENNIGHOFF_R_D_STAR, MUENNIGHOFF_R_N_STAR

    def repeated(
        self, n_params: "ArrayLike", n_tokens: "ArrayLike", unique_tokens: "ArrayLike"
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        r"""(loss, N', D') of N parameters on D tokens drawn from U unique tokens.

        Muennighoff et al. 2023: :math:`L(N', D')` with the effective data
        :math:`D' = U_D + U_D R_D^* (1 - e^{-R_D/R_D^*})` and the effective parameters N'
        likewise, :math:`U_N = \min(N, N_{opt}(U_D))`.
        """
        n = np.asarray(n_params, dtype=np.float64)
        d = np.asarray(n_tokens, dtype=np.float64)
        r_d, r_n = self.repetition_constants
        u_d = np.minimum(np.asarray(unique_tokens, dtype=np.float64), d)
        d_eff = k.effective_tokens(d, u_d, r_d)
        u_n = k.parametric_optimal_params_for_tokens(u_d, self.a, self.b, self.alpha, self.beta)
        n_eff = k.effective_params(n, u_n, r_n)
        return np.asarray(self.predict(n_eff, d_eff)), np.asarray(n_eff), np.asarray(d_eff)

    @override
    @classmethod
    def loss_from(
        cls, params: Mapping[str, FloatArray], n_params: FloatArray, n_tokens: FloatArray
    ) -> FloatArray:
        return np.asarray(
            params["e"]
            + params["a"] * n_params ** -params["alpha"]
            + params["b"] * n_tokens ** -params["beta"]
        )
