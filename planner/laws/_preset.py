"""A law file: the law, its citation, its conventions, and the task curves fitted with it.

:class:`LawPreset` is what ``presets/laws/*.toml`` and a user's ``--law-file`` hold; it is
refused when loaded if its constants are meaningless over the planner's compute range
(:func:`law_defect`).
"""

import math
from typing import Annotated, Literal

import numpy as np

from planner.data._frozen import ID_PATTERN, Frozen, Ge, Le, Pattern, PositiveFloat, field_names
from planner.laws._published import LossScale, PublishedAllocation
from planner.laws.kinds import ScalingLaw
from planner.limits import COMPUTE_RANGE_FLOPS
from planner.units import FLOPS_PER_PARAM_TOKEN

__all__ = ["LawPreset", "LossScoreCurve", "law_defect"]


class LossScoreCurve(Frozen):
    r"""A task's score as a function of the loss, fitted on a user's own runs (two-step method).

    :math:`s(L) = f + (c - f)\,\sigma\big(k\,(L_0 - L)\big)`: the second step of Bhagia et al.
    2024 (arXiv:2412.04403, Eq. 2, there with the task loss): the first step is the law's
    :math:`L(N, D)`, so a plan with the law predicts the score at its loss, on the user's scale.
    """

    task: Annotated[str, Pattern(ID_PATTERN)]
    column: str
    """The CSV column the scores came from."""
    floor: Annotated[float, Ge(0.0), Le(1.0)]
    """Chance score, or fitted where the task has none known."""
    floor_fitted: bool
    ceiling: Annotated[float, Ge(0.0), Le(1.0)]
    k: Annotated[float, Ge(0.0)]
    """Steepness, per unit of loss."""
    l0: float
    """The loss at the curve's midpoint."""
    q_low: float
    """10th percentile of the runs' logit-scale residuals (run-to-run spread)."""
    q_high: float
    n_runs: int
    loss_range: tuple[float, float]
    """The lowest and highest loss of the runs (outside it the curve extrapolates)."""
    mae_points: float
    """Mean absolute residual of the runs, in points."""
    note: str = ""
    """What the curve cannot tell (e.g. scores that never leave chance on the runs)."""
    draws_floor: tuple[float, ...] = ()
    """Refits on runs resampled with replacement (bootstrap), one entry per draw."""
    draws_ceiling: tuple[float, ...] = ()
    draws_k: tuple[float, ...] = ()
    draws_l0: tuple[float, ...] = ()

    def _validate(self) -> None:
        if not self.floor < self.ceiling:
            raise ValueError(f"need floor < ceiling, got {self.floor}, {self.ceiling}")
        draws = (self.draws_floor, self.draws_ceiling, self.draws_k, self.draws_l0)
        if len({len(x) for x in draws}) > 1:
            raise ValueError("the draws_* arrays differ in length")
        if not self.q_low <= self.q_high:
            raise ValueError(f"need q_low <= q_high, got {self.q_low}, {self.q_high}")
        if not self.loss_range[0] <= self.loss_range[1]:
            raise ValueError(f"loss_range must be (low, high), got {self.loss_range}")


class LawPreset(Frozen):
    """One law file in ``presets/laws/``: the law, its citation and its conventions."""

    schema_version: Literal[1] = 1
    id: Annotated[str, Pattern(ID_PATTERN)]
    """Stable id, e.g. ``hoffmann2022-approach3``; equals the file name without ``.toml``."""
    name: str
    """Short human name."""
    source: str
    """Citation: paper, arXiv id, table or equation."""
    notes: str = ""
    """Caveats a user should read."""
    aliases: tuple[str, ...] = ()
    """Other names that resolve to this law (``chinchilla``, ``kaplan``), lower case; the file
    says why each points here."""
    parameter_convention: Literal["total", "non-embedding"]
    """Whether N counts embedding parameters."""
    flop_convention: str
    """How compute is counted, e.g. ``6ND, total parameters``."""
    fitted_compute_flops: tuple[PositiveFloat, PositiveFloat]
    """The range of training compute (FLOPs) the law was fitted on."""
    loss_scale: LossScale | None = None
    """The scale of the law's losses; required when the law predicts a loss."""
    law: ScalingLaw
    task_curve: tuple[LossScoreCurve, ...] = ()
    """Task scores as functions of this law's loss, fitted on the same runs (``planner fit
    --task-col``): plans with the law predict these tasks on the user's own scale."""
    published_allocation: tuple[PublishedAllocation, ...] = ()
    """Allocations the law's own paper states (e.g. Llama 3 section 3.2.1: 402B on 16.55T at
    3.8e25): a plan says where the law's allocation disagrees with them."""

    def _validate(self) -> None:
        lo, hi = self.fitted_compute_flops
        if self.task_curve and not self.has_loss:
            raise ValueError("task_curve needs a law that predicts a loss")
        if not lo < hi:
            raise ValueError(
                f"fitted_compute_flops must be [low, high] with low < high, got {lo}, {hi}"
            )
        if self.has_loss and self.loss_scale is None:
            raise ValueError("loss_scale is required for a law that predicts a loss")
        defect = law_defect(self)
        if defect:
            raise ValueError(defect)

    @property
    def has_loss(self) -> bool:
        """Whether the law predicts a loss."""
        return self.law.has_loss


_PROBE_BUDGETS = np.logspace(
    math.log10(COMPUTE_RANGE_FLOPS[0]), math.log10(COMPUTE_RANGE_FLOPS[1]), 27
)


def law_defect(preset: LawPreset) -> str | None:
    """Why a law is physically meaningless over the planner's compute range, or None.

    The law's optimum and loss are evaluated at budgets from 1e9 to 1e35 FLOPs: N and D must be
    finite and positive, C = 6ND must hold, and the loss (where the law has one) must be finite,
    above the law's floor and falling with compute. Constants that overflow there (an
    exponent of 1e10, a coefficient of 1e300) are refused when the file is loaded.

    Parameters
    ----------
    preset : LawPreset
        The law to probe at 27 budgets, log-spaced over ``limits.COMPUTE_RANGE_FLOPS``.

    Returns
    -------
    str or None
        The first defect found, naming the law's constants; None for a sound law.
    """
    spec = preset.law
    fields = ", ".join(k for k in field_names(type(spec)) if k not in ("kind", "stderr", "loss"))
    c = _PROBE_BUDGETS
    with np.errstate(all="ignore"):
        try:
            n, d = (np.asarray(x) for x in preset.law.optimum(c))
        except (ArithmeticError, ValueError) as exc:
            return f"law ({fields}): the allocation fails within 1e9-1e35 FLOPs: {exc}"
        ok = np.isfinite(n) & np.isfinite(d) & (n > 0) & (d > 0)
        if not np.all(ok):
            bad = float(c[~ok][0])
            return (
                f"law ({fields}): the compute-optimal N or D is not a finite positive number at "
                f"{bad:.0e} FLOPs; the constants overflow within 1e9-1e35 FLOPs"
            )
        # np.allclose(6ND, C, rtol=1e-6) written out: its first call in a process costs 0.25 ms
        # (every plan loads a law), its tolerance is |a - b| <= 1e-8 + 1e-6 |b|
        if not np.all(np.abs(FLOPS_PER_PARAM_TOKEN * n * d - c) <= 1e-8 + 1e-6 * np.abs(c)):
            return f"law ({fields}): the allocation does not satisfy C = 6ND (numerical overflow)"
        model = preset.law if preset.law.has_loss else None
        if model is None:
            return None
        loss = np.asarray(model.predict(n, d))
        floor = model.floor
        if not np.all(np.isfinite(loss) & (loss > floor)):
            bad = float(c[~(np.isfinite(loss) & (loss > floor))][0])
            return f"law ({fields}): the loss is not finite above its floor at {bad:.0e} FLOPs"
        if np.any(np.diff(loss) > 1e-12 * np.abs(loss[1:])):
            return f"law ({fields}): the loss rises with compute along the frontier"
    return None
