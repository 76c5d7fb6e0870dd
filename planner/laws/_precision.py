r"""The precision-aware loss of Kumar et al. 2024 ("Scaling Laws for Precision").

Kumar, Ankner, Spector, Bordelon, Muennighoff, Paul, Pehlevan, Ré, Raghunathan 2024,
arXiv:2411.04330 (ICLR 2025). Low-precision *training* (weights, activations and KV cache
quantised on the forward pass) acts as a smaller effective parameter count (Finding 2, Eq. 4):

.. math:: L = A N_{eff}^{-\alpha} + B D^{-\beta} + E, \quad
          N_{eff} = N \prod_{x \in \{w, a, kv\}} \left(1 - e^{-P_x/\gamma_x + n_x}\right)

with :math:`\alpha = \beta` tied and the offsets :math:`n_x` as Appendix K states them ("a
fit of the form :math:`e^{x/\gamma_x}` in the main text is really computed with offset
:math:`e^{x/\gamma_x + n}`"). Every constant below is the paper's Appendix K, Table 2 ("Fitted
constants and their values"). The post-training-quantisation term :math:`\delta_{PTQ}` is not
shipped: the constants :math:`C_x` of its training-precision form (Eq. 8-9) are not in Table 2,
and the role of Table 2's ``b`` is not stated.

The law was fitted on integer-type fake quantisation (forward pass only) of OLMo-style models
of 30M-220M non-embedding parameters on 1.5B-26B tokens of Dolma V1.7, precisions 3-12 bits
plus BF16 baselines (§2.3, §4, App. A, D.1); the paper calls its numerical constants "unlikely
to be useful" beyond that setup (App. K). Floating-point training lies slightly *below* the
integer law's loss at the same bit count (§4.3.2, Figure 6), so the integer law's FP8 penalty
is read as an upper estimate.
"""

import math
from typing import Literal

import numpy as np

from planner.data._frozen import Frozen
from planner.errors import InputError
from planner.laws._published import LossScale

__all__ = [
    "KUMAR2024_PRECISION",
    "PRECISION_BITS",
    "PrecisionLaw",
    "PrecisionLoss",
    "precision_loss",
]

PRECISION_BITS: dict[str, float] = {"bf16": 16.0, "fp8": 8.0}
"""Bits per number of each ``--precision`` as the law's P (its P counts integer bits, §2)."""


class PrecisionLaw(Frozen):
    """Kumar et al. 2024's training-precision law (its constants: :data:`KUMAR2024_PRECISION`)."""

    id: str
    """Stable identifier of the law."""
    source: str
    """Paper, table and equations the constants are read from."""
    a: float
    """A, the parameter term's coefficient."""
    alpha: float
    """α, the parameter exponent (tied to β)."""
    b: float
    """B, the data term's coefficient."""
    beta: float
    """β, the data exponent (= α, App. K)."""
    e: float
    """E, the irreducible loss (nats/token)."""
    gamma_w: float
    """γ_w, the weights' precision sensitivity (bits)."""
    n_w: float
    """n_w, the weights' offset in the exponent."""
    gamma_a: float
    """γ_a (Table 2's γ_i), the activations' sensitivity (bits)."""
    n_a: float
    """n_a (Table 2's n_i), the activations' offset."""
    gamma_kv: float
    """γ_kv, the KV cache's sensitivity (bits)."""
    n_kv: float
    """n_kv, the KV cache's offset."""
    loss_scale: LossScale
    """The loss the law predicts: Dolma V1.7 validation loss."""
    fitted_params: tuple[float, float]
    """Non-embedding parameters of the fitted runs (§2.3)."""
    fitted_tokens: tuple[float, float]
    """Training tokens of the fitted runs (§2.3)."""
    fitted_bits: tuple[float, float]
    """Integer training precisions swept (§4), besides the BF16 baselines."""

    def param_fraction(self, bits_w: float, bits_a: float, bits_kv: float) -> float:
        r"""N_eff / N at the given training precisions (Kumar et al. 2024, Eq. 4, App. K offsets).

        .. math:: \prod_{x \in \{w, a, kv\}} \left(1 - e^{-P_x/\gamma_x + n_x}\right)

        Parameters
        ----------
        bits_w, bits_a, bits_kv : float
            Integer bits of the weights, activations and KV cache in training.

        Returns
        -------
        float
            The fraction; ``InputError`` where a factor is not positive (the law's fit excludes
            such precisions: runs with P_a or P_kv of 3 bits diverged, App. L).
        """
        out = 1.0
        for name, bits, gamma, n in (
            ("bits_w", bits_w, self.gamma_w, self.n_w),
            ("bits_a", bits_a, self.gamma_a, self.n_a),
            ("bits_kv", bits_kv, self.gamma_kv, self.n_kv),
        ):
            factor = 1.0 - math.exp(-bits / gamma + n)
            if not factor > 0.0:
                raise InputError(f"{name} = {bits:g}: below the precision the law describes")
            out *= factor
        return out

    def loss(self, n_params: float, n_tokens: float, bits: float) -> float:
        r"""Loss at N parameters, D tokens, all three parts trained at ``bits`` (Finding 2).

        .. math:: L = A (N f(P))^{-\alpha} + B D^{-\beta} + E

        Parameters
        ----------
        n_params : float
            Non-embedding parameters N.
        n_tokens : float
            Training tokens D.
        bits : float
            Training precision P of weights, activations and KV cache; ``inf`` for the
            law's full precision (N_eff = N).

        Returns
        -------
        float
            Loss in nats/token on :attr:`loss_scale`.
        """
        f = 1.0 if math.isinf(bits) else self.param_fraction(bits, bits, bits)
        return float(
            self.a * (n_params * f) ** -self.alpha + self.b * n_tokens**-self.beta + self.e
        )

    def optimal_bits(self) -> float:
        r"""The compute-optimal training precision P* (§4.3.2, Eq. 5, App. E.2.3).

        With :math:`C \propto N D P` and :math:`\alpha = \beta`, the least loss at fixed P
        depends only on :math:`N_{eff} D \propto C f(P)/P`, so P* maximises
        :math:`f(P)/P` at every compute: found on a 0.001-bit grid over 1-32 bits.

        Returns
        -------
        float
            P* in bits.
        """
        bits = np.arange(1.0, 32.0, 0.001)
        f = np.ones_like(bits)
        for gamma, n in (
            (self.gamma_w, self.n_w),
            (self.gamma_a, self.n_a),
            (self.gamma_kv, self.n_kv),
        ):
            f *= np.clip(1.0 - np.exp(-bits / gamma + n), 0.0, None)
        return float(bits[int(np.argmax(f / bits))])


KUMAR2024_PRECISION = PrecisionLaw(
    id="kumar2024-precision",
    source=(
        "Kumar et al. 2024, Scaling Laws for Precision, arXiv:2411.04330 (ICLR 2025): "
        "Finding 2 and Eq. 4 (N_eff), Appendix K Table 2 (constants, alpha = beta tied, "
        "offsets n in the exponent)"
    ),
    a=4.299e3,  # Kumar et al. 2024, App. K Table 2: A
    alpha=0.4965,  # Table 2: alpha
    b=1.806e4,  # Table 2: B
    beta=0.4965,  # App. K: "we tie alpha = beta"
    e=2.7648,  # Table 2: E
    gamma_w=2.6745,  # Table 2: gamma_w
    n_w=0.3037,  # Table 2: n_w
    gamma_a=2.2102,  # Table 2: gamma_i (activations)
    n_a=1.4072,  # Table 2: n_i
    gamma_kv=0.9578,  # Table 2: gamma_kv
    n_kv=2.4185,  # Table 2: n_kv
    loss_scale=LossScale(
        id="dolma-v17-val-olmo",
        corpus="Dolma V1.7 validation (common crawl split; Kumar et al. 2024 §2.3, App. A)",
        tokenizer="the paper's OLMo-style setup (tokenizer not stated in the text read here)",
    ),
    fitted_params=(30e6, 220e6),  # §2.3: N in [30, 60, 110, 220] million (non-embedding)
    fitted_tokens=(1.5e9, 26e9),  # §2.3: D in [1.5, 3, 6, 13, 26] billion tokens
    fitted_bits=(3.0, 12.0),  # §4: P_w, P_a, P_kv in [3, 12], plus BF16 baselines
)
"""Kumar et al. 2024's constants (App. K, Table 2), fitted range and loss scale."""


class PrecisionLoss(Frozen):
    """A run's loss at a training precision by :data:`KUMAR2024_PRECISION`."""

    law: str
    """The law's id."""
    source: str
    """Paper, table and equations."""
    precision: Literal["bf16", "fp8"]
    """The training precision asked for."""
    bits: float
    """The law's P for it (integer bits)."""
    n_params: float
    """N of the run."""
    n_tokens: float
    """D of the run."""
    param_fraction: float
    """N_eff / N at ``bits`` for weights, activations and KV cache."""
    loss_nats: float
    """The law's loss at ``bits``, on :attr:`loss_scale`."""
    full_precision_loss_nats: float
    """The law's loss at full precision (N_eff = N): BF16, the paper's "infinite-precision"
    reference (App. M)."""
    loss_scale: LossScale
    """The scale both losses are on (Dolma V1.7 validation, not the plan's law's)."""
    optimal_bits: float
    """The law's compute-optimal training precision P* (§4.3.2)."""
    params_beyond_fit: float
    """N over the fitted runs' largest N (1 or less: inside)."""
    tokens_beyond_fit: float
    """D over the fitted runs' largest D (1 or less: inside)."""
    note: str
    """What the figures mean and what they rest on."""


def precision_loss(
    n_params: float, n_tokens: float, precision: Literal["bf16", "fp8"]
) -> PrecisionLoss:
    r"""The loss of N parameters on D tokens trained at ``precision`` by Kumar et al. 2024.

    .. math:: L(N, D, P) = A [N f(P)]^{-\alpha} + B D^{-\beta} + E,
              \quad f(P) = \prod_x (1 - e^{-P/\gamma_x + n_x})

    (Finding 2, Eq. 4; constants App. K Table 2), with P = 8 for ``fp8`` and 16 for ``bf16``,
    beside the law's full-precision loss (f = 1), on the law's own loss scale.

    Parameters
    ----------
    n_params : float
        Parameters N (the plan's).
    n_tokens : float
        Training tokens D.
    precision : {"bf16", "fp8"}
        Training precision.

    Returns
    -------
    PrecisionLoss
    """
    from planner.io._check_types import check_text
    from planner.io._checks import check_real

    n_params = check_real(n_params, "n_params", low=0.0, low_open=True)
    n_tokens = check_real(n_tokens, "n_tokens", low=0.0, low_open=True)
    precision = check_text(precision, "precision", choices=tuple(PRECISION_BITS))  # type: ignore[assignment]
    law = KUMAR2024_PRECISION
    bits = PRECISION_BITS[precision]
    frac = law.param_fraction(bits, bits, bits)
    loss = law.loss(n_params, n_tokens, bits)
    full = law.loss(n_params, n_tokens, math.inf)
    p_ratio = n_params / law.fitted_params[1]
    d_ratio = n_tokens / law.fitted_tokens[1]
    note = (
        f"Kumar et al. 2024 (arXiv:2411.04330, Eq. 4, App. K Table 2): training weights, "
        f"activations and KV cache in {bits:g} bits acts as N_eff = {frac:.3f} N; its loss is "
        f"on Dolma V1.7 validation, not the plan's law's scale. Fitted on integer-type fake "
        f"quantisation, N {law.fitted_params[0]:.0e}-{law.fitted_params[1]:.1e}, "
        f"D {law.fitted_tokens[0]:.1e}-{law.fitted_tokens[1]:.1e}, "
        f"{law.fitted_bits[0]:g}-{law.fitted_bits[1]:g} bits (N non-embedding): this run is "
        f"{p_ratio:.3g}x its largest N and {d_ratio:.3g}x its largest D. Floating point lies "
        f"below the integer law at equal bits (§4.3.2, Fig. 6), so the penalty is an upper "
        f"estimate; the paper calls its constants unlikely to carry over to other setups (App. K)."
    )
    return PrecisionLoss(
        law=law.id,
        source=law.source,
        precision=precision,
        bits=bits,
        n_params=float(n_params),
        n_tokens=float(n_tokens),
        param_fraction=frac,
        loss_nats=loss,
        full_precision_loss_nats=full,
        loss_scale=law.loss_scale,
        optimal_bits=law.optimal_bits(),
        params_beyond_fit=p_ratio,
        tokens_beyond_fit=d_ratio,
        note=note,
    )
