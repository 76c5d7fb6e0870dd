r"""The fine-grained MoE scaling law of Krajewski et al. 2024 (arXiv:2402.07871, ICML 2024).

.. math::
    L(N, D, G) = c + \left(\frac{g}{G^{\gamma}} + a\right) \frac{1}{N^{\alpha}}
        + \frac{b}{D^{\beta}}

(their Eq. 9) with N the total non-embedding parameters, D the tokens and G the granularity
d_ff / d_expert, fitted at one expansion rate E = N_MoE / N_ff (64 in Table 1, 16 in Table 8).
A token is routed to G fine-grained experts out of N_expert = G E (their Eq. 3), so experts E'
and top-k K give G = K and E = E' / K. The paper's architecture (Section 6.1) has
N = d_model^2 (8E + 4) n_blocks in total and 12 d_model^2 n_blocks active, so at a fixed routing
the law is the Chinchilla form in the active parameters N_act = 12 N / (8E + 4):

.. math::
    L = c + A' N_{act}^{-\alpha} + b D^{-\beta}, \qquad
    A' = \left(\frac{g}{G^{\gamma}} + a\right) \left(\frac{8E + 4}{12}\right)^{-\alpha},

planned under C = 6 N_act D. The routing FLOPs of their Eq. 10 (c_r = 14 per routing
parameter, App. E) are left out of the budget and stated in the plan's notes.
"""

from typing import TYPE_CHECKING, Self

import numpy as np

from planner.data._frozen import Exponent, PositiveFloat
from planner.errors import InfeasibleError
from planner.laws import _kernels as k
from planner.laws._numeric import FloatArray
from planner.laws.kinds.base import override
from planner.laws.kinds.moe import MoeLaw, past_range

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = ["GranularMoeLaw"]

ROUTING_FLOPS_PER_PARAM = 14.0
"""c_r, FLOPs per routing parameter and token (Krajewski et al. 2024, App. E)."""
WIDTH_PER_BLOCK = 64.0
"""d_model / n_blocks of the paper's compute-optimal configurations (Section 6.1)."""


class GranularMoeLaw(MoeLaw, tag="moe-granular"):
    """Krajewski et al. 2024, Eq. 9: fine-grained MoE at one expansion rate."""

    a: PositiveFloat
    """Coefficient a of the parameter term (Table 1)."""
    alpha: Exponent
    """Exponent α of N (total non-embedding parameters)."""
    b: PositiveFloat
    """Coefficient b of the token term."""
    beta: Exponent
    """Exponent β of D."""
    g: PositiveFloat
    """Coefficient g of the granularity term."""
    gamma: Exponent
    """Exponent γ of the granularity G."""
    c: PositiveFloat
    """Irreducible loss c (nats/token)."""
    expansion: int
    """The expansion rate E = N_MoE / N_ff the law was fitted at (experts / top_k)."""
    fitted_max_granularity: int = 16
    """The largest G among the fitted runs (Table 3)."""
    fitted_max_active_params: PositiveFloat
    """The largest active non-embedding parameter count among the fitted runs."""
    fitted_max_tokens: PositiveFloat
    """The largest D among the fitted runs."""

    def _validate(self) -> None:
        if self.expansion < 1 or self.top_k < 1 or self.experts != self.expansion * self.top_k:
            raise ValueError(
                f"experts must be expansion x top_k ({self.expansion} x {self.top_k}), "
                f"got {self.experts}"
            )

    @property
    def granularity(self) -> int:
        """G = top_k: each token goes to G experts of size d_ff / G."""
        return self.top_k

    def _coefficients(self) -> tuple[float, float, float, float]:
        """(A', α, b, β) of the law in N_act at this routing."""
        per_active = (8.0 * self.expansion + 4.0) / 12.0
        a_act = (self.g / self.granularity**self.gamma + self.a) * per_active**-self.alpha
        return a_act, self.alpha, self.b, self.beta

    @override
    def optimum(self, compute_flops: "ArrayLike") -> tuple[FloatArray, FloatArray]:
        a, al, b, be = self._coefficients()
        return k.parametric_optimum(np.asarray(compute_flops, dtype=np.float64), a, b, al, be)

    @override
    @property
    def has_loss(self) -> bool:
        return True

    @override
    def predict(self, n_params: "ArrayLike", n_tokens: "ArrayLike") -> FloatArray:
        a, al, b, be = self._coefficients()
        return k.parametric_loss(n_params, n_tokens, self.c, a, b, al, be)

    @override
    @property
    def floor(self) -> float:
        return self.c

    @override
    def frontier_loss(self, compute_flops: "ArrayLike") -> FloatArray:
        a, al, b, be = self._coefficients()
        return k.parametric_frontier_loss(compute_flops, self.c, a, b, al, be)

    @override
    def compute_for_loss(self, loss: FloatArray) -> "tuple[FloatArray, NDArray[np.bool_]]":
        a, al, b, be = self._coefficients()
        c = np.asarray(k.parametric_compute_for_loss(loss, self.c, a, b, al, be))
        return c, np.asarray(np.isfinite(c))

    def routing_overhead(self, active_params: float) -> float:
        """Routing FLOPs as a fraction of 6 N_act: c_r E G / (12 c_f d_model) (Eq. 10)."""
        d_model = (WIDTH_PER_BLOCK * active_params / 12.0) ** (1.0 / 3.0)
        return float(ROUTING_FLOPS_PER_PARAM * self.expansion * self.granularity / (72.0 * d_model))

    @override
    def notes(self, compute_flops: float) -> list[str]:
        n_act = float(self.optimum(np.asarray(compute_flops))[0])
        return [
            f"mixture of experts: {self.routing_text()}; N is the active non-embedding "
            "parameters, C = 6 N_act D; the total is N_act (8E + 4) / 12 (Krajewski et al. "
            "2024 Section 6.1); the routing FLOPs of their Eq. 10 (c_r = 14, App. E) would add "
            f"{self.routing_overhead(n_act):.1%} at the compute-optimal N_act, not counted here"
        ]

    @override
    def with_routing(self, experts: int, top_k: int | None) -> Self:
        if top_k is None:
            raise InfeasibleError(
                f"top_k: the fine-grained law plans E experts with K per token at expansion "
                f"rate E / K = {self.expansion}; give --top-k"
            )
        if experts != self.expansion * top_k:
            raise InfeasibleError(
                f"experts: this law of Krajewski et al. 2024 was fitted at expansion rate "
                f"experts / top_k = {self.expansion}; {experts} experts top-{top_k} is "
                f"{experts / top_k:.4g} (give {self.expansion * top_k} experts)"
            )
        return self.model_copy(update={"experts": experts, "top_k": top_k})

    @override
    def total_params(self, active_params: float) -> float:
        return active_params * (8.0 * self.expansion + 4.0) / 12.0

    @override
    def past_fitted(self, active_params: float, n_tokens: float) -> list[str]:
        out = [
            past_range("granularity", self.granularity, self.fitted_max_granularity),
            past_range("active parameters", active_params, self.fitted_max_active_params),
            past_range("tokens", n_tokens, self.fitted_max_tokens),
        ]
        return [s for s in out if s is not None]

    @override
    def routing_text(self) -> str:
        return (
            f"{self.experts} experts, top-{self.top_k}: expansion rate {self.expansion}, "
            f"granularity {self.granularity} (Krajewski et al. 2024)"
        )
