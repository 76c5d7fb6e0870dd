r"""The law kinds: every functional form of scaling law, behind one interface.

A law kind is one frozen pydantic class (the constants a law file gives) with methods for
everything the planner asks of a law, so that the solver, the capabilities view and the charts
never ask which kind a law is:

========================  ====================================================================
``optimum(c)``            compute-optimal (N, D) for an array of budgets, with 6ND = C
``has_loss``              whether the kind predicts a loss at all
``predict(n, d)``         the loss of N parameters trained on D tokens (where defined)
``floor``                 the irreducible loss (0 where the form has none)
``frontier_loss(c)``      the loss along the compute-optimal frontier
``compute_for_loss(l)``   least compute whose optimal plan reaches loss l (closed form or
                          bisection along the frontier)
``coefficient_draws()``   a sampled ``predict`` from published standard errors, or None
``notes(c)``              how the figures were obtained, for the plan's notes
``hyperparameters(c)``    batch size and learning rate, where the law publishes them
``parametric()``          the Chinchilla form behind the law, for repetition and inference
``FIT_PARAMETERS``        the parameters ``planner fit`` fits, declared once (name, log scale,
                          start grid), with ``loss_from`` evaluating a batch of them
========================  ====================================================================

**Adding a functional form** is one class here (registered in :data:`ScalingLaw` at the end
of this file), a preset in ``presets/laws/`` and a golden test: see ``docs/ARCHITECTURE.md``.
The over-training law of Gadre et al. 2024 (:class:`GadreLaw`) was added that way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field, PositiveFloat, model_validator

from planner import laws as k
from planner.errors import InfeasibleError
from planner.frozen import Exponent, Frozen, SignedExponent
from planner.limits import COMPUTE_RANGE_FLOPS
from planner.units import FLOPS_PER_PARAM_TOKEN, PF_DAY_FLOPS

__all__ = [
    "MUENNIGHOFF_R_D_STAR",
    "MUENNIGHOFF_R_N_STAR",
    "DeepSeekLaw",
    "FitParameter",
    "GadreLaw",
    "Hyperparameters",
    "KaplanLaw",
    "LawKind",
    "ParametricLaw",
    "ParametricStderr",
    "PowerLaw",
    "Repetition",
    "ScalingLaw",
]

FloatArray = NDArray[np.float64]

MUENNIGHOFF_R_D_STAR = 15.387756
"""R_D* of Muennighoff et al. 2023 (datablations ``parametric_fit.ipynb``), used for the decay of
repeated data when a law carries no repetition constants of its own."""
MUENNIGHOFF_R_N_STAR = 5.309743
"""R_N* of Muennighoff et al. 2023, as above."""

SampledLoss = Callable[[ArrayLike, ArrayLike], FloatArray]


@dataclass(frozen=True)
class FitParameter:
    """One parameter a kind fits: its name in the law file, whether it is fitted as its log
    (positive scale constants), and the values of the start grid (in fit space)."""

    name: str
    log: bool
    grid: tuple[float, ...]


class Hyperparameters(Frozen):
    """Optimal batch size and learning rate for the budget (DeepSeek LLM 2024, Eq. 1)."""

    batch_size_tokens: float
    learning_rate: float
    flops_per_token: float
    """M, non-embedding FLOPs per token (attention included)."""
    source: str


class LawKind(Frozen):
    """The interface every law kind implements (defaults for what a kind may lack)."""

    FIT_PARAMETERS: ClassVar[tuple[FitParameter, ...]] = ()
    """Parameters ``planner fit`` can fit for this kind; empty: the kind is not fitted."""

    def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Compute-optimal (N, D) for budgets C (any shape), with 6 N D = C."""
        raise NotImplementedError

    @property
    def has_loss(self) -> bool:
        """Whether this law predicts a loss."""
        return False

    def predict(self, n_params: ArrayLike, n_tokens: ArrayLike) -> FloatArray:
        """Loss of N parameters on D tokens (broadcast)."""
        raise InfeasibleError("this law publishes no loss model")

    @property
    def floor(self) -> float:
        """The irreducible loss: no compute reaches it (0 where the form has none)."""
        return 0.0

    def frontier_loss(self, compute_flops: ArrayLike) -> FloatArray:
        """Loss along the compute-optimal frontier."""
        n, d = self.optimum(compute_flops)
        return self.predict(n, d)

    def compute_for_loss(self, loss: FloatArray) -> tuple[FloatArray, NDArray[np.bool_]]:
        """(least compute reaching ``loss``, reached-within-range mask); bisection in log C
        along the frontier between the planner's compute bounds, unless a closed form exists."""
        lo, hi = COMPUTE_RANGE_FLOPS
        return k.bisect_log(self.frontier_loss, loss, lo, hi)

    def coefficient_draws(self, samples: int, seed: int) -> SampledLoss | None:
        """``predict`` under draws of the constants from their standard errors, or None."""
        return None

    def notes(self, compute_flops: float) -> list[str]:
        """How this kind's figures were obtained at a budget, for the plan's notes."""
        return []

    def hyperparameters(self, compute_flops: float) -> Hyperparameters | None:
        """Batch size and learning rate, where the law publishes them."""
        return None

    def parametric(self) -> ParametricLaw | None:
        """The Chinchilla form L = E + A/N^α + B/D^β behind this law, if it is one."""
        return None

    @classmethod
    def loss_from(
        cls, params: Mapping[str, FloatArray], n_params: FloatArray, n_tokens: FloatArray
    ) -> FloatArray:
        """The loss for a batch of parameter sets (arrays broadcast against the runs)."""
        raise NotImplementedError


# --------------------------------------------------------------------------- Chinchilla form


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


class ParametricLaw(LawKind):
    r"""L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, Eq. 2); optimum by Eq. 4."""

    kind: Literal["parametric"] = "parametric"
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

    # Hoffmann et al. 2022 App. D.2 start grid (the fitter in planner.fit uses it with an
    # analytic gradient; the declaration here is the same grid)
    FIT_PARAMETERS: ClassVar[tuple[FitParameter, ...]] = (
        FitParameter("a", True, (0.0, 5.0, 10.0, 15.0, 20.0, 25.0)),
        FitParameter("b", True, (0.0, 5.0, 10.0, 15.0, 20.0, 25.0)),
        FitParameter("e", True, (-1.0, -0.5, 0.0, 0.5, 1.0)),
        FitParameter("alpha", False, (0.0, 0.5, 1.0, 1.5, 2.0)),
        FitParameter("beta", False, (0.0, 0.5, 1.0, 1.5, 2.0)),
    )

    def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
        c = np.asarray(compute_flops, dtype=np.float64)
        return k.parametric_optimum(c, self.a, self.b, self.alpha, self.beta)

    @property
    def has_loss(self) -> bool:
        return True

    def predict(self, n_params: ArrayLike, n_tokens: ArrayLike) -> FloatArray:
        return k.parametric_loss(n_params, n_tokens, self.e, self.a, self.b, self.alpha, self.beta)

    @property
    def floor(self) -> float:
        return self.e

    def frontier_loss(self, compute_flops: ArrayLike) -> FloatArray:
        return k.parametric_frontier_loss(
            compute_flops, self.e, self.a, self.b, self.alpha, self.beta
        )

    def compute_for_loss(self, loss: FloatArray) -> tuple[FloatArray, NDArray[np.bool_]]:
        c = np.asarray(
            k.parametric_compute_for_loss(loss, self.e, self.a, self.b, self.alpha, self.beta)
        )
        return c, np.asarray(np.isfinite(c))

    def coefficient_draws(self, samples: int, seed: int) -> SampledLoss | None:
        """Independent normal draws from the published standard errors (log space for E, A, B
        where published). The SEs are marginal; their correlations are not published."""
        se = self.stderr
        if se is None or samples <= 0:
            return None
        rng = np.random.default_rng(seed)

        def scale(value: float, se_lin: float, se_log: float | None) -> FloatArray:
            if se_log is not None:
                return np.asarray(np.exp(rng.normal(math.log(value), se_log, samples)))
            return np.asarray(np.abs(rng.normal(value, se_lin, samples)))

        e = scale(self.e, se.e, se.log_e)
        a = scale(self.a, se.a, se.log_a)
        b = scale(self.b, se.b, se.log_b)
        alpha = np.asarray(np.abs(rng.normal(self.alpha, se.alpha, samples)))
        beta = np.asarray(np.abs(rng.normal(self.beta, se.beta, samples)))

        def sampled(n_params: ArrayLike, n_tokens: ArrayLike) -> FloatArray:
            nn = np.asarray(n_params, dtype=np.float64)[..., None]
            dd = np.asarray(n_tokens, dtype=np.float64)[..., None]
            return np.asarray(k.parametric_loss(nn, dd, e, a, b, alpha, beta))

        return sampled

    def parametric(self) -> ParametricLaw:
        return self

    @property
    def repetition_constants(self) -> tuple[float, float]:
        """(R_D*, R_N*): the law's own, else Muennighoff et al. 2023's."""
        if self.repetition is not None:
            return self.repetition.r_d_star, self.repetition.r_n_star
        return MUENNIGHOFF_R_D_STAR, MUENNIGHOFF_R_N_STAR

    def repeated(
        self, n_params: ArrayLike, n_tokens: ArrayLike, unique_tokens: ArrayLike
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

    @classmethod
    def loss_from(
        cls, params: Mapping[str, FloatArray], n_params: FloatArray, n_tokens: FloatArray
    ) -> FloatArray:
        return np.asarray(
            params["e"]
            + params["a"] * n_params ** -params["alpha"]
            + params["b"] * n_tokens ** -params["beta"]
        )


# --------------------------------------------------------------------------- Kaplan


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

    def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
        c = np.asarray(compute_flops, dtype=np.float64)
        n = k.kaplan_frontier_params(
            c, self.frontier_coefficient, self.frontier_exponent, self.cmin_fraction
        )
        return n, np.asarray(c / (FLOPS_PER_PARAM_TOKEN * n))

    @property
    def has_loss(self) -> bool:
        return True

    def predict(self, n_params: ArrayLike, n_tokens: ArrayLike) -> FloatArray:
        return k.kaplan_loss(n_params, n_tokens, self.n_c, self.d_c, self.alpha_n, self.alpha_d)

    def notes(self, compute_flops: float) -> list[str]:
        return [
            f"Kaplan frontier evaluated at C_min = {self.cmin_fraction:g} x C = "
            f"{self.cmin_fraction * compute_flops / PF_DAY_FLOPS:.3g} PF-days; N is non-embedding"
        ]


# --------------------------------------------------------------------------- allocation laws


class PowerLaw(LawKind):
    """A published allocation power law: N_opt (or D_opt) = coefficient · C^exponent."""

    kind: Literal["power"] = "power"
    quantity: Literal["params", "tokens"]
    """Which of N or D the power law gives; the other follows from C = 6ND."""
    coefficient: PositiveFloat
    exponent: Exponent
    loss: ParametricLaw | None = None
    """A loss model on the same corpus, evaluated at this law's allocation, if one exists."""
    loss_source: str | None = None
    """Where the loss model's constants come from."""

    @model_validator(mode="after")
    def _loss_has_source(self) -> PowerLaw:
        if self.loss is not None and not self.loss_source:
            raise ValueError("loss_source is required when a loss model is given")
        return self

    def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
        c = np.asarray(compute_flops, dtype=np.float64)
        x = k.power_law(c, self.coefficient, self.exponent)
        other = np.asarray(c / (FLOPS_PER_PARAM_TOKEN * x))
        return (x, other) if self.quantity == "params" else (other, x)

    @property
    def has_loss(self) -> bool:
        return self.loss is not None

    def predict(self, n_params: ArrayLike, n_tokens: ArrayLike) -> FloatArray:
        if self.loss is None:
            return super().predict(n_params, n_tokens)
        return self.loss.predict(n_params, n_tokens)

    @property
    def floor(self) -> float:
        return 0.0 if self.loss is None else self.loss.e

    def coefficient_draws(self, samples: int, seed: int) -> SampledLoss | None:
        return None if self.loss is None else self.loss.coefficient_draws(samples, seed)

    def notes(self, compute_flops: float) -> list[str]:
        if self.loss is None:
            return []
        return [f"loss from {self.loss_source}, evaluated at this law's allocation"]


class DeepSeekLaw(LawKind):
    """DeepSeek LLM 2024: allocation by non-embedding FLOPs/token M, with C = M · D.

    M_opt = m_coefficient · C^m_exponent, D_opt = d_coefficient · C^d_exponent (Eq. 4);
    batch size and learning rate from Eq. 1.
    """

    kind: Literal["deepseek"] = "deepseek"
    m_coefficient: PositiveFloat
    m_exponent: Exponent
    d_coefficient: PositiveFloat
    d_exponent: Exponent
    batch_coefficient: PositiveFloat
    """B_opt = batch_coefficient · C^batch_exponent, in tokens."""
    batch_exponent: SignedExponent
    lr_coefficient: PositiveFloat
    """η_opt = lr_coefficient · C^lr_exponent."""
    lr_exponent: SignedExponent

    def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
        # M_opt FLOPs/token, D = C / M; N = M / 6 keeps C = 6ND exact.
        c = np.asarray(compute_flops, dtype=np.float64)
        m = k.power_law(c, self.m_coefficient, self.m_exponent)
        return np.asarray(m / FLOPS_PER_PARAM_TOKEN), np.asarray(c / m)

    def notes(self, compute_flops: float) -> list[str]:
        return ["N = M/6 with M the non-embedding FLOPs/token (attention included)"]

    def hyperparameters(self, compute_flops: float) -> Hyperparameters:
        c = compute_flops
        return Hyperparameters(
            batch_size_tokens=float(k.power_law(c, self.batch_coefficient, self.batch_exponent)),
            learning_rate=float(k.power_law(c, self.lr_coefficient, self.lr_exponent)),
            flops_per_token=float(k.power_law(c, self.m_coefficient, self.m_exponent)),
            source="DeepSeek LLM 2024 (arXiv:2401.02954) Eq. 1, fitted on 1e17-2e19 FLOPs",
        )


# --------------------------------------------------------------------------- over-training


class GadreLaw(LawKind):
    r"""Gadre et al. 2024, the over-training law (arXiv:2403.08540, Eq. 4):

    .. math:: L(C, M) = E + (a M^{\eta} + b M^{-\eta})\, C^{-\eta},
              \quad C = 6ND, \quad M = D/N \text{ (tokens per parameter)}.

    At fixed compute the loss is least at :math:`M^* = (b/a)^{1/(2\eta)}`, where
    :math:`L^*(C) = E + 2\sqrt{ab}\, C^{-\eta}`; over-training by a factor M/M* costs the
    factor :math:`(a M^\eta + b M^{-\eta}) / (2\sqrt{ab})` on the reducible loss, the same
    at every compute (the paper's finding that over-trained runs scale in parallel).
    """

    kind: Literal["gadre"] = "gadre"
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

    def optimum(self, compute_flops: ArrayLike) -> tuple[FloatArray, FloatArray]:
        c = np.asarray(compute_flops, dtype=np.float64)
        m = self.tokens_per_param
        n = np.exp(0.5 * (np.log(c) - math.log(FLOPS_PER_PARAM_TOKEN * m)))
        return np.asarray(n), np.asarray(c / (FLOPS_PER_PARAM_TOKEN * n))

    @property
    def has_loss(self) -> bool:
        return True

    def predict(self, n_params: ArrayLike, n_tokens: ArrayLike) -> FloatArray:
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

    @property
    def floor(self) -> float:
        return self.e

    def frontier_loss(self, compute_flops: ArrayLike) -> FloatArray:
        c = np.asarray(compute_flops, dtype=np.float64)
        k2 = 2.0 * math.sqrt(self.a * self.b)
        return np.asarray(self.e + np.exp(math.log(k2) - self.eta * np.log(c)))

    def compute_for_loss(self, loss: FloatArray) -> tuple[FloatArray, NDArray[np.bool_]]:
        ell = np.asarray(loss, dtype=np.float64)
        k2 = 2.0 * math.sqrt(self.a * self.b)
        with np.errstate(divide="ignore", invalid="ignore"):
            excess = np.where(ell > self.e, ell - self.e, np.nan)
            c = np.exp(-(np.log(excess) - math.log(k2)) / self.eta)
        c = np.where(np.isnan(c), np.inf, c)
        return np.asarray(c), np.asarray(np.isfinite(c))

    def notes(self, compute_flops: float) -> list[str]:
        return [
            f"Gadre et al. over-training law: compute-optimal at M* = {self.tokens_per_param:.3g} "
            "tokens per parameter at every budget"
        ]

    @classmethod
    def loss_from(
        cls, params: Mapping[str, FloatArray], n_params: FloatArray, n_tokens: FloatArray
    ) -> FloatArray:
        eta = params["eta"]
        log_c = np.log(FLOPS_PER_PARAM_TOKEN) + np.log(n_params) + np.log(n_tokens)
        log_m = np.log(n_tokens) - np.log(n_params)
        term = params["a"] * np.exp(eta * log_m) + params["b"] * np.exp(-eta * log_m)
        return np.asarray(params["e"] + term * np.exp(-eta * log_c))


# --------------------------------------------------------------------------- the registry

ScalingLaw = Annotated[
    ParametricLaw | KaplanLaw | PowerLaw | DeepSeekLaw | GadreLaw, Field(discriminator="kind")
]
"""Every law kind, told apart by its ``kind`` field in a law file."""
