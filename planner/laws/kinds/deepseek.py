"""DeepSeek LLM 2024: allocation by non-embedding FLOPs per token, with batch size and LR."""

from typing import TYPE_CHECKING

import numpy as np

from planner.data._frozen import Exponent, PositiveFloat, SignedExponent
from planner.laws import _kernels as k
from planner.laws._hyperparameters import Hyperparameters
from planner.laws._numeric import FloatArray
from planner.laws.kinds.base import LawKind, override
from planner.units import FLOPS_PER_PARAM_TOKEN

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["DeepSeekLaw"]


class DeepSeekLaw(LawKind, tag="deepseek"):
    """DeepSeek LLM 2024: allocation by non-embedding FLOPs/token M, with C = M · D.

    M_opt = m_coefficient · C^m_exponent, D_opt = d_coefficient · C^d_exponent (Eq. 4);
    batch size and learning rate from Eq. 1.
    """

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

    @override
    def optimum(self, compute_flops: "ArrayLike") -> tuple[FloatArray, FloatArray]:
        # M_opt FLOPs/token, D = C / M; N = M / 6 keeps C = 6ND exact.
        c = np.asarray(compute_flops, dtype=np.float64)
        m = k.power_law(c, self.m_coefficient, self.m_exponent)
        return np.asarray(m / FLOPS_PER_PARAM_TOKEN), np.asarray(c / m)

    @override
    def notes(self, compute_flops: float) -> list[str]:
        return ["N = M/6 with M the non-embedding FLOPs/token (attention included)"]

    @override
    def hyperparameters(self, compute_flops: float) -> Hyperparameters:
        c = float(compute_flops)
        return Hyperparameters(
            batch_size_tokens=k.hyperparameter_law(self.batch_coefficient, c, self.batch_exponent),
            learning_rate=k.hyperparameter_law(self.lr_coefficient, c, self.lr_exponent),
            flops_per_token=float(k.power_law(c, self.m_coefficient, self.m_exponent)),
            source="DeepSeek LLM 2024 (arXiv:2401.02954) Eq. 1, fitted on 1e17-2e19 FLOPs",
        )
