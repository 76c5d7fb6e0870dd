"""Placing a task's loss threshold on a law's loss scale, and where a plan stands against it.

A threshold is measured on one corpus and tokenizer (Du et al.'s ~2.2 on theirs); a law's loss
is on another. See :mod:`planner.tasks._emergence` for the methods and their order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

import msgspec
import numpy as np

from planner.laws._numeric import FloatArray
from planner.laws._preset import LawPreset
from planner.laws._published import LossScale
from planner.tasks._records import Threshold

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["LossFn", "Placement", "past_probability", "place_threshold", "threshold_status"]

if TYPE_CHECKING:
    LossFn: TypeAlias = Callable[[ArrayLike, ArrayLike], FloatArray]
else:  # its runtime value, without importing numpy.typing (0.5 ms of every start-up)
    LossFn: TypeAlias = Callable[[Any, Any], FloatArray]
"""A loss function of (N, D), broadcast."""


class Placement(msgspec.Struct, frozen=True):
    """A threshold band on a law's loss scale, and how it was placed there."""

    lo: float
    hi: float
    method: str
    """How the band was placed (same scale, user offset, reference models)."""
    lo_s: FloatArray | None = None
    """Per coefficient draw, the band's low end; None when it does not depend on them."""
    hi_s: FloatArray | None = None

    @property
    def mid(self) -> float:
        """The band's midpoint."""
        return 0.5 * (self.lo + self.hi)


def place_threshold(
    threshold: Threshold | None,
    scale: LossScale | None,
    preset: LawPreset,
    point: LossFn,
    sampled: LossFn | None,
    override: float | None,
    offset: float | None,
) -> Placement | str:
    """Place a threshold on the law's loss scale, or say why it cannot be.

    By the first method that applies (the module docstring of :mod:`planner.tasks._emergence`):
    the user's threshold; the same scale; the user's offset; the published reference models
    on either side, evaluated under the law (the band lies between the worst model with the
    ability and the best without).

    Parameters
    ----------
    threshold : Threshold or None
        The task's threshold on its own scale.
    scale : LossScale or None
        That scale.
    preset : LawPreset
        The law planned with.
    point : callable
        The law's loss ``point(n, d)``.
    sampled : callable or None
        The loss under coefficient draws, ``sampled(n, d) -> (..., samples)``.
    override : float or None
        A threshold the user measured on the law's scale.
    offset : float or None
        An offset from the threshold's scale to the law's, vouched for by the user.

    Returns
    -------
    Placement or str
        The band, or the reason there is none.
    """
    law_scale = preset.loss_scale.id if preset.loss_scale else None
    if override is not None:
        return Placement(override, override, f"user threshold {override:g} on {law_scale}")
    if threshold is None or scale is None:
        return "no loss threshold published"
    if law_scale == scale.id:
        return Placement(
            threshold.band_low, threshold.band_high, f"same scale ({scale.id}): used as published"
        )
    if offset is not None:
        return Placement(
            threshold.band_low + offset,
            threshold.band_high + offset,
            f"user offset {offset:+g} from {scale.id} ({threshold.loss:g}) to {law_scale}",
        )
    refs = threshold.reference_models
    if not refs:
        return f"no honest translation from {scale.id} to {law_scale}: no reference models"
    n = np.array([r.n_params for r in refs])
    d = np.array([r.n_tokens for r in refs])
    emerged = np.array([r.emerged for r in refs])
    losses = point(n, d)
    lo, hi = float(losses[emerged].max()), float(losses[~emerged].min())
    if not lo < hi:
        return (
            f"no honest translation from {scale.id} to {law_scale}: under this law the reference "
            "models do not separate (a model with the ability has a higher loss than one without)"
        )
    names = ", ".join(r.name for r in refs)
    method = (
        f"{scale.id} threshold {threshold.loss:g} placed by reference models ({names}) "
        f"evaluated under {preset.id}: between the worst with the ability ({lo:.4f}) and the "
        f"best without ({hi:.4f})"
    )
    lo_s = hi_s = None
    if sampled is not None:
        ls = sampled(n, d)  # (refs, samples)
        lo_s = ls[emerged].max(axis=0)
        hi_s = ls[~emerged].min(axis=0)
    return Placement(lo, hi, method, lo_s, hi_s)


def past_probability(loss: FloatArray, lo: ArrayLike, hi: ArrayLike) -> float:
    """Mean over samples of P(threshold > loss), the threshold uniform on [lo, hi].

    Parameters
    ----------
    loss : ndarray
        The plan's loss, per coefficient draw (or one value).
    lo, hi : array_like
        The band, per draw or fixed.

    Returns
    -------
    float
        In [0, 1].
    """
    lo_a, hi_a = np.minimum(lo, hi), np.maximum(lo, hi)
    width = hi_a - lo_a
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(
            width > 0, (hi_a - loss) / np.where(width > 0, width, 1.0), (loss < lo_a) * 1.0
        )
    return float(np.clip(frac, 0.0, 1.0).mean())


def threshold_status(loss: float, lo: float, hi: float) -> str:
    """``emerged`` below the band, ``near`` inside it, ``not_yet`` above it.

    Parameters
    ----------
    loss : float
        The plan's loss.
    lo, hi : float
        The band on the same scale.

    Returns
    -------
    str
    """
    if loss < lo:
        return "emerged"
    if loss <= hi:
        return "near"
    return "not_yet"
