r"""The metric view (Schaeffer et al. 2023): how much of an apparent jump is the metric.

The same smooth per-token improvement, scored by exact match (:math:`p^L`) and by token edit
distance (:math:`L(1 - p)`), across compute.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from planner.defaults import DEFAULT_LAW
from planner.errors import InfeasibleError, InputError
from planner.io._checks import shown
from planner.laws._numeric import FloatArray
from planner.laws._preset import LawPreset
from planner.laws._solve import allocate, check_compute, resolve_law
from planner.tasks._mirage_records import MirageReport, MirageRow

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["emergence_score", "exact_match", "mirage", "token_edit_distance"]


def emergence_score(y: ArrayLike) -> float:
    r"""Schaeffer et al. 2023 Eq. 1 for a metric ``y`` ordered by increasing scale.

    .. math:: \mathrm{sign}(\arg\max_i y_i - \arg\min_i y_i)
              \frac{\max y - \min y}{\sqrt{\mathrm{Median}(\{(y_i - y_{i-1})^2\})}}

    Parameters
    ----------
    y : array_like
        Metric values ordered by increasing scale (at least two).

    Returns
    -------
    float
        Large and positive for a sharp rise, near its range over the typical step for a smooth one.

    Examples
    --------
    >>> emergence_score([0.0, 0.0, 0.0, 0.0, 1.0]) > emergence_score([0.0, 0.25, 0.5, 0.75, 1.0])
    True
    """
    v = np.asarray(y, dtype=np.float64)
    if v.size < 2:
        raise InputError("y: needs at least two points")
    sign = np.sign(int(np.argmax(v)) - int(np.argmin(v)))
    step = math.sqrt(float(np.median(np.diff(v) ** 2)))
    spread = float(v.max() - v.min())
    if step == 0.0:
        return math.copysign(1e12, sign) if spread > 0 else 0.0
    return float(sign * spread / step)


def exact_match(p_token: ArrayLike, answer_tokens: int) -> FloatArray:
    """Exact match on an answer of L tokens, each right with probability p: ``p**L``.

    Schaeffer et al. 2023 section 2, tokens independent.

    Parameters
    ----------
    p_token : array_like
        Per-token probability of the right token, in [0, 1].
    answer_tokens : int
        L, tokens in the answer.

    Returns
    -------
    ndarray
        Exact-match probability p**L.

    Examples
    --------
    >>> float(exact_match(0.5, 4))
    0.0625
    """
    return np.asarray(np.asarray(p_token, dtype=np.float64) ** answer_tokens)


def token_edit_distance(p_token: ArrayLike, answer_tokens: int) -> FloatArray:
    """Expected token edit distance of an L-token answer: ``L (1 - p)`` (Schaeffer et al. 2023).

    Parameters
    ----------
    p_token : array_like
        Per-token probability of the right token, in [0, 1].
    answer_tokens : int
        L, tokens in the answer.

    Returns
    -------
    ndarray
        Expected edit distance L (1 - p).

    Examples
    --------
    >>> float(token_edit_distance(0.8, 8))
    1.5999999999999996
    """
    return np.asarray(answer_tokens * (1.0 - np.asarray(p_token, dtype=np.float64)))


MIRAGE_DEFAULT_COMPUTE = tuple(10.0 ** (18 + 0.5 * i) for i in range(17))
"""1e18 to 1e26 FLOPs in half decades."""


def mirage(
    answer_tokens: int,
    *,
    law: str | Path | LawPreset = DEFAULT_LAW,
    compute_flops: ArrayLike | None = None,
) -> MirageReport:
    r"""Exact match against token edit distance across compute, for an answer of L tokens.

    Schaeffer et al. 2023: with per-token probability :math:`p = e^{-L_{CE}}`, exact match on L
    tokens is :math:`p^L` and token edit distance is :math:`L (1 - p)`. The per-token loss on the
    answer is taken as the law's *reducible* loss at the compute-optimal plan,
    :math:`L(C) - E` (Schaeffer et al.'s :math:`(N/c)^\alpha` has no floor; a deterministic
    answer has no irreducible entropy). The same smooth improvement looks like a jump under exact
    match and a steady curve under edit distance. An illustration, not a prediction.

    Parameters
    ----------
    answer_tokens : int
        L, tokens in the answer (1 to 10,000).
    law : str, Path or LawPreset
        A law with a loss model (id, file or preset).
    compute_flops : array_like, optional
        Budgets to evaluate, at least two (default ``MIRAGE_DEFAULT_COMPUTE``: 1e18 to 1e26
        FLOPs in half decades).

    Returns
    -------
    MirageReport
        Per budget the per-token loss, p, exact match and edit distance; for each metric its
        emergence score across the budgets.

    Examples
    --------
    >>> r = mirage(32)
    >>> r.emergence_score_exact_match > r.emergence_score_edit_distance
    True
    """
    if (
        isinstance(answer_tokens, bool)
        or not isinstance(answer_tokens, int)
        or not 1 <= answer_tokens <= 10_000
    ):
        raise InputError(
            f"answer_tokens: must be a whole number from 1 to 10000, got {shown(answer_tokens)}"
        )
    preset = resolve_law(law)
    if not preset.law.has_loss:
        raise InfeasibleError(
            f"law {preset.id!r} publishes no loss model, so it has no per-token loss"
        )
    c = MIRAGE_DEFAULT_COMPUTE if compute_flops is None else check_compute(compute_flops)
    c = np.sort(np.atleast_1d(c))
    if c.size < 2:
        raise InputError("compute_flops: the metric view needs at least two budgets")
    alloc = allocate(c, preset)
    assert alloc.loss is not None
    token_loss = alloc.loss - preset.law.floor
    p = np.exp(-token_loss)
    em = exact_match(p, answer_tokens)
    ted = token_edit_distance(p, answer_tokens)
    rows = tuple(
        MirageRow(
            compute_flops=float(ci),
            token_loss=float(li),
            p_token=float(pi),
            exact_match=float(ei),
            token_edit_distance=float(ti),
        )
        for ci, li, pi, ei, ti in zip(c, token_loss, p, em, ted, strict=True)
    )
    return MirageReport(
        law=preset.id,
        answer_tokens=answer_tokens,
        rows=rows,
        emergence_score_exact_match=emergence_score(em),
        emergence_score_edit_distance=emergence_score(-ted),
        method=(
            "per-token loss = the law's reducible loss L(C) - E along its compute-optimal "
            "frontier; p = exp(-loss); exact match = p^L, token edit distance = L (1 - p) "
            "(Schaeffer et al. 2023, section 2)"
        ),
    )
