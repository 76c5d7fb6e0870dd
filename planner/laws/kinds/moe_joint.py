r"""The joint MoE scaling law of Ludziejewski et al. 2025 (arXiv:2502.05172, ICML 2025).

.. math::
    L(N_{act}, D, \hat E) = a \hat E^{\delta} N_{act}^{\alpha + \gamma \ln \hat E}
        + b \hat E^{\omega} D^{\beta + \zeta \ln \hat E} + c

(their Eq. 6; note the exponents α, β are negative as the paper prints them, Table 3), with the
transformed expert count of Clark et al. 2022 (their Eq. 4):

.. math::
    1/\hat E = 1/\big(E - 1 + (1/E_{start} - 1/E_{max})^{-1}\big) + 1/E_{max}.

At a fixed E it is the Chinchilla form :math:`m N_{act}^{\mu} + n D^{\nu} + c` (their Eq. 5 and
Table 4), so the compute-optimal split under C = 6 N_act D is Hoffmann et al.'s Eq. 4 (their
Eq. 7). The fit is on Switch layers (one expert per token, each expert the size of the dense
feed-forward layer), so the law covers top-1 routing only.
"""

import math
from typing import TYPE_CHECKING, Annotated, Self

import numpy as np

from planner.data._frozen import Ge, PositiveFloat, SignedExponent
from planner.errors import InfeasibleError
from planner.laws import _kernels as k
from planner.laws._numeric import FloatArray
from planner.laws.kinds.base import override
from planner.laws.kinds.moe import MoeLaw, past_range

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = ["JointMoeLaw"]


class JointMoeLaw(MoeLaw, tag="moe-joint"):
    """Ludziejewski et al. 2025, Eq. 6: dense and top-1 MoE models in one law."""

    a: PositiveFloat
    """Coefficient a of the active-parameter term (Table 3)."""
    alpha: SignedExponent
    """Exponent α of N_act (negative, Table 3)."""
    delta: SignedExponent
    """Power δ of Ê in the parameter term."""
    gamma: SignedExponent
    """Interaction γ of ln Ê with the N_act exponent."""
    b: PositiveFloat
    """Coefficient b of the token term."""
    beta: SignedExponent
    """Exponent β of D (negative)."""
    omega: SignedExponent
    """Power ω of Ê in the token term."""
    zeta: SignedExponent
    """Interaction ζ of ln Ê with the D exponent."""
    e_start: Annotated[float, Ge(1.0)]
    """E_start of the expert transformation (Eq. 4): Ê(1), the dense model's transformed expert
    count, so at least one expert (Table 3: 2.0732). A smaller one has no reading, and near 0
    (5e-324, found by the fuzz tests) Eq. 4 divides by zero."""
    e_max: PositiveFloat
    """E_max of the expert transformation (Eq. 4)."""
    c: PositiveFloat
    """Irreducible loss c (nats/token)."""
    vocab_size: int = 50257
    """d_vocab of the paper's models (GPT-2 tokenizer, App. A.1): embeddings count in N."""
    width_per_block: PositiveFloat = 64.0
    """d_model / N_blocks of the paper's configurations (App. A.3)."""
    fitted_max_experts: int = 32
    """The largest E among the fitted runs (App. E)."""
    fitted_max_active_params: PositiveFloat = 2.7e9
    """The largest N_act among the fitted runs (App. E)."""
    fitted_max_tokens: PositiveFloat = 80e9
    """The largest D among the fitted runs (App. E)."""

    def _validate(self) -> None:
        if not self.e_start < self.e_max:
            raise ValueError(f"need e_start < e_max, got {self.e_start}, {self.e_max}")
        if self.experts < 1 or self.top_k != 1:
            raise ValueError("the joint MoE law is evaluated at E >= 1 experts, top-1")
        _, mu, _, nu = self.reduced()
        if not (mu < 0 and nu < 0):
            raise ValueError(
                f"at E = {self.experts} the exponents of N_act and D are {mu:.4g} and {nu:.4g}: "
                "the loss would not fall with size"
            )

    def expert_hat(self, experts: float | None = None) -> float:
        """Ê, the transformed expert count of Eq. 4 (Ê(1) = E_start)."""
        e = float(self.experts if experts is None else experts)
        shift = 1.0 / (1.0 / self.e_start - 1.0 / self.e_max)
        return 1.0 / (1.0 / (e - 1.0 + shift) + 1.0 / self.e_max)

    def reduced(self) -> tuple[float, float, float, float]:
        """(m, μ, n, ν) of Eq. 5 at this law's E: L = m N_act^μ + n D^ν + c (Table 4)."""
        eh = self.expert_hat()
        log_eh = math.log(eh)
        m = self.a * eh**self.delta
        n = self.b * eh**self.omega
        return m, self.alpha + self.gamma * log_eh, n, self.beta + self.zeta * log_eh

    @override
    def optimum(self, compute_flops: "ArrayLike") -> tuple[FloatArray, FloatArray]:
        m, mu, n, nu = self.reduced()
        return k.parametric_optimum(np.asarray(compute_flops, dtype=np.float64), m, n, -mu, -nu)

    @override
    @property
    def has_loss(self) -> bool:
        return True

    @override
    def predict(self, n_params: "ArrayLike", n_tokens: "ArrayLike") -> FloatArray:
        m, mu, n, nu = self.reduced()
        return k.parametric_loss(n_params, n_tokens, self.c, m, n, -mu, -nu)

    @override
    @property
    def floor(self) -> float:
        return self.c

    @override
    def frontier_loss(self, compute_flops: "ArrayLike") -> FloatArray:
        m, mu, n, nu = self.reduced()
        return k.parametric_frontier_loss(compute_flops, self.c, m, n, -mu, -nu)

    @override
    def compute_for_loss(self, loss: FloatArray) -> "tuple[FloatArray, NDArray[np.bool_]]":
        m, mu, n, nu = self.reduced()
        c = np.asarray(k.parametric_compute_for_loss(loss, self.c, m, n, -mu, -nu))
        return c, np.asarray(np.isfinite(c))

    @override
    def notes(self, compute_flops: float) -> list[str]:
        return [
            f"mixture of experts: {self.routing_text()}; N is the active parameters, "
            "embeddings included, C = 6 N_act D (Ludziejewski et al. 2025 App. A.1-A.2); the "
            "total follows from the paper's architecture: N_total = 2 d V + (4 + 9E) n d^2, "
            "N_act = 2 d V + 13 n d^2 with n = d/64 blocks and V = 50257 (App. A.1 Eq. 9-10, "
            "App. A.3)"
        ]

    @override
    def with_routing(self, experts: int, top_k: int | None) -> Self:
        k_ = 1 if top_k is None else top_k
        if k_ != 1:
            raise InfeasibleError(
                f"top_k: the joint MoE law of Ludziejewski et al. 2025 was fitted on Switch "
                f"layers (one expert per token), so top-{k_} routing is outside it; give "
                "--top-k 1, or a fine-grained law (krajewski2024-moe-e64: experts = 64 x top-k; "
                "krajewski2024-moe-e16: experts = 16 x top-k)"
            )
        return self.model_copy(update={"experts": experts, "top_k": 1})

    def _width(self, active_params: float) -> float:
        """d_model of the paper's architecture with ``active_params`` active (Eq. 10)."""
        v, w = float(self.vocab_size), self.width_per_block

        def active(d: float) -> float:
            return 2.0 * d * v + 13.0 * d**3 / w

        lo, hi = 1e-6, 1e9
        for _ in range(200):  # N_act(d) is increasing: bisect in log d
            mid = math.sqrt(lo * hi)
            lo, hi = (mid, hi) if active(mid) < active_params else (lo, mid)
        return math.sqrt(lo * hi)

    @override
    def total_params(self, active_params: float) -> float:
        d = self._width(active_params)
        blocks = d / self.width_per_block
        return 2.0 * d * self.vocab_size + (4.0 + 9.0 * self.experts) * blocks * d * d

    @override
    def past_fitted(self, active_params: float, n_tokens: float) -> list[str]:
        out = [
            past_range("experts", self.experts, self.fitted_max_experts),
            past_range("active parameters", active_params, self.fitted_max_active_params),
            past_range("tokens", n_tokens, self.fitted_max_tokens),
        ]
        return [s for s in out if s is not None]

    @override
    def routing_text(self) -> str:
        if self.experts == 1:
            return "1 expert (dense), the joint law's E = 1"
        return f"{self.experts} experts, top-1 (Switch layers, Ludziejewski et al. 2025)"
