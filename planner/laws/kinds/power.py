"""Published allocation power laws (Hoffmann et al. approaches 1 and 2, Llama 3)."""

from typing import TYPE_CHECKING, Literal

import numpy as np

from planner.data._frozen import Exponent, PositiveFloat
from planner.laws import _kernels as k
from planner.laws._numeric import FloatArray
from planner.laws.kinds.base import LawKind, SampledLoss, override
from planner.laws.kinds.parametric import ParametricLaw
from planner.units import FLOPS_PER_PARAM_TOKEN

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["PowerLaw"]


class PowerLaw(LawKind, tag="power"):
    """A published allocation power law: N_opt (or D_opt) = coefficient · C^exponent."""

    quantity: Literal["params", "tokens"]
    """Which of N or D the power law gives; the other follows from C = 6ND."""
    coefficient: PositiveFloat
    exponent: Exponent
    loss: ParametricLaw | None = None
    """A loss model on the same corpus, evaluated at this law's allocation, if one exists."""
    loss_source: str | None = None
    """Where the loss model's constants come from."""

    def _validate(self) -> None:
        if self.loss is not None and not self.loss_source:
            raise ValueError("loss_source is required when a loss model is given")

    @override
    def optimum(self, compute_flops: "ArrayLike") -> tuple[FloatArray, FloatArray]:
        c = np.asarray(compute_flops, dtype=np.float64)
        x = k.power_law(c, self.coefficient, self.exponent)
        other = np.asarray(c / (FLOPS_PER_PARAM_TOKEN * x))
        return (x, other) if self.quantity == "params" else (other, x)

    @override
    @property
    def has_loss(self) -> bool:
        return self.loss is not None

    @override
    def predict(self, n_params: "ArrayLike", n_tokens: "ArrayLike") -> FloatArray:
        if self.loss is None:
            return super().predict(n_params, n_tokens)
        return self.loss.predict(n_params, n_tokens)

    @override
    @property
    def floor(self) -> float:
        return 0.0 if self.loss is None else self.loss.e

    @override
    def coefficient_draws(self, samples: int, seed: int) -> SampledLoss | None:
        return None if self.loss is None else self.loss.coefficient_draws(samples, seed)

    @override
    def notes(self, compute_flops: float) -> list[str]:
        if self.loss is None:
            return []
        return [f"loss from {self.loss_source}, evaluated at this law's allocation"]
