"""Gadre et al. 2024: the over-training law L(C, M) (added through the protocol alone)."""

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from planner.data._frozen import Exponent, PositiveFloat
from planner.laws._numeric import FloatArray
from planner.laws.kinds.base import FitParameter, LawKind, override
from planner.units import FLOPS_PER_PARAM_TOKEN

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = ["GadreLaw"]


class GadreLaw(LawKind, tag="gadre"):
    r"""Gadre et al. 2024, the over-training law (arXiv:2403.08540, Eq. 4).

    .. math:: L(C, M) = E + (a M^{\eta} + b M^{-\eta})\, C^{-\eta},
              \quad C = 6ND, \quad M = D/N \text{ (tokens per parameter)}.

    At fixed compute the loss is least at :math:`M^* = (b/a)^{1/(2\eta)}`, where
    :math:`L^*(C) = E + 2\sqrt{ab}\, C^{-\eta}`; over-training by a factor M/M* costs the
    factor :math:`(a M^\eta + b M^{-\eta}) / (2\sqrt{ab})` on the reducible loss, the same
    at every compute (the paper's finding that over-trained runs scale in parallel).
    """

    e: PositiveFloat
    """Irreducible loss E (nats/token)."""
    a: PositiveFloat
    """Coefficient a of the M^η term."""
    b: PositiveFloat
    """Coefficient b of the M^-η term."""
    eta: Exponent
    """The shared exponent η of C and M."""

    FIT_PARAMETERS: ClassVar[tuple[FitParameter, ...]] = (
        FitParameter("e", True, (-1.0, -0.5, 0.0, 0.5, 1.0)),
        FitParameter("a", True, (0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0)),
        FitParameter("b", True, (0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0)),
        FitParameter("eta", False, (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)),
    )

    @property
    def tokens_per_param(self) -> float:
        """M* = (b/a)^(1/(2η)): the compute-optimal tokens per parameter, at every budget."""
        return math.exp((math.log(self.b) - math.log(self.a)) / (2 * self.eta))

    @override
    def optimum(self, compute_flops: "ArrayLike") -> tuple[FloatArray, FloatArray]:
        c = np.asarray(compute_flops, dtype=np.float64)
        m = self.tokens_per_param
        n = np.exp(0.5 * (np.log(c) - math.log(FLOPS_PER_PARAM_TOKEN * m)))
        return np.asarray(n), np.asarray(c / (FLOPS_PER_PARAM_TOKEN * n))

    @override
    @property
    def has_loss(self) -> bool:
        return True

    @override
    def predict(self, n_params: "ArrayLike", n_tokens: "ArrayLike") -> FloatArray:
        n = np.asarray(n_params, dtype=np.float64)
        d = np.asarray(n_tokens, dtype=np.float64)
        return self.loss_from(
            {
                key: np.asarray(getattr(self, key), dtype=np.float64)
                for key in ("e", "a", "b", "eta")
            },
            n,
            d,
        )

    @override
    @property
    def floor(self) -> float:
        return self.e

    @override
    def frontier_loss(self, compute_flops: "ArrayLike") -> FloatArray:
        c = np.asarray(compute_flops, dtype=np.float64)
        k2 = 2.0 * math.sqrt(self.a * self.b)
        return np.asarray(self.e + np.exp(math.log(k2) - self.eta * np.log(c)))

    @override
    def compute_for_loss(self, loss: FloatArray) -> "tuple[FloatArray, NDArray[np.bool_]]":
        ell = np.asarray(loss, dtype=np.float64)
        k2 = 2.0 * math.sqrt(self.a * self.b)
        with np.errstate(divide="ignore", invalid="ignore"):
            excess = np.where(ell > self.e, ell - self.e, np.nan)
            c = np.exp(-(np.log(excess) - math.log(k2)) / self.eta)
        c = np.where(np.isnan(c), np.inf, c)
        return np.asarray(c), np.asarray(np.isfinite(c))

    @override
    def notes(self, compute_flops: float) -> list[str]:
        return [
            f"Gadre et al. over-training law: compute-optimal at M* = {self.tokens_per_param:.3g} "
            "tokens per parameter at every budget"
        ]

    @override
    @classmethod
    def loss_from(
        cls, params: Mapping[str, FloatArray], n_params: FloatArray, n_tokens: FloatArray
    ) -> FloatArray:
        eta = params["eta"]
        log_c = np.log(FLOPS_PER_PARAM_TOKEN) + np.log(n_params) + np.log(n_tokens)
        log_m = np.log(n_tokens) - np.log(n_params)
        term = params["a"] * np.exp(eta * log_m) + params["b"] * np.exp(-eta * log_m)
        return np.asarray(params["e"] + term * np.exp(-eta * log_c))
