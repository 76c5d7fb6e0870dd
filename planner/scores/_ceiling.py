r"""How well any score curve in (N, D) could call emergence: the monotone ceiling.

A curve of :mod:`planner.scores._curves` never falls as N or D grows, so its call "emerged or not"
is a *monotone* rule: if a model of (N, D) is called emerged, so is every model of the same
recipe with at least N parameters and at least D tokens. :func:`monotone_call_ceiling` finds,
among all such rules, the one that calls the most models of a table right, on the table itself.
No curve of this form, however fitted, calls more of those models right. Held-out predictions
(leave-one-family-out) come from a different fit for each family, so together they need not
form one monotone rule: for them the ceiling is a guide, not a bound.

It is the linear programme

.. math::
    \min_{f \in [0, 1]^n} \sum_i (1 - 2 e_i) f_i
    \quad \text{s.t.} \quad f_i \le f_j \text{ whenever } N_i \le N_j,\ D_i \le D_j
    \text{ and } r_i = r_j,

with :math:`e_i = 1` for a model that emerged (score at least chance +
:data:`planner.scores._curves.EMERGED_MARGIN`) and :math:`r` the recipe. Its constraint matrix has
one
+1 and one -1 per row (the incidence matrix of a directed graph), so it is totally unimodular
and a vertex optimum is 0/1: the errors of the best monotone classifier, as in isotonic
regression with an absolute loss (Stout 2015, "Isotonic regression for multiple independent
variables", Algorithmica 71). Needs scipy (imported when called).
"""

from typing import TYPE_CHECKING

import numpy as np

from planner.data._frozen import Frozen
from planner.errors import InputError, SolverError
from planner.scores._records import EMERGED_MARGIN

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["CallCeiling", "monotone_call_ceiling"]


class CallCeiling(Frozen):
    """The most models a monotone rule in (N, D) calls right (see the module docstring)."""

    n_models: int
    errors: int
    """Models the best monotone rule calls wrong."""
    calls_right: float
    """1 - errors / n_models."""


def monotone_call_ceiling(
    n_params: "NDArray[np.float64]",
    n_tokens: "NDArray[np.float64]",
    score: "NDArray[np.float64]",
    chance: float,
    recipe: "NDArray[np.str_] | None" = None,
) -> CallCeiling:
    """The best in-sample emergence calls of any rule monotone in N and D, per recipe.

    Parameters
    ----------
    n_params, n_tokens, score : ndarray
        One entry per model: total parameters, training tokens, measured score.
    chance : float
        The task's chance score; a model emerged when ``score >= chance + EMERGED_MARGIN``.
    recipe : ndarray of str, optional
        Each model's recipe; models of different recipes do not constrain each other.

    Returns
    -------
    CallCeiling

    Raises
    ------
    InputError
        Arrays of different lengths, or none.
    SolverError
        The linear programme failed (it should not: it is always feasible and bounded).

    Examples
    --------
    The larger model scored at chance, the smaller one did not: one of them is called wrong.

    >>> import numpy as np
    >>> monotone_call_ceiling(
    ...     np.array([1e9, 2e9]), np.array([1e12, 2e12]), np.array([0.5, 0.25]), 0.25
    ... ).errors
    1
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_array

    n = np.asarray(n_params, dtype=np.float64)
    d = np.asarray(n_tokens, dtype=np.float64)
    y = np.asarray(score, dtype=np.float64)
    r = np.zeros(y.size, dtype=np.str_) if recipe is None else np.asarray(recipe)
    if y.size == 0 or not (n.shape == d.shape == y.shape == r.shape == (y.size,)):
        raise InputError(
            f"monotone_call_ceiling: needs equal, non-empty arrays, got {n.shape}, {d.shape}, "
            f"{y.shape}, {r.shape}"
        )
    emerged = y >= chance + EMERGED_MARGIN
    below = (n[:, None] <= n[None, :]) & (d[:, None] <= d[None, :]) & (r[:, None] == r[None, :])
    np.fill_diagonal(below, False)
    i, j = np.nonzero(below)  # f_i - f_j <= 0
    rows = np.arange(i.size)
    a_ub = coo_array(
        (np.r_[np.ones(i.size), -np.ones(i.size)], (np.r_[rows, rows], np.r_[i, j])),
        shape=(i.size, y.size),
    ).tocsr()
    cost = np.where(emerged, -1.0, 1.0)
    # scipy-stubs type A_ub as dense only; the HiGHS methods take sparse (scipy's linprog docs)
    result = linprog(  # type: ignore[call-overload]
        cost,
        A_ub=a_ub if i.size else None,
        b_ub=np.zeros(i.size) if i.size else None,
        bounds=(0.0, 1.0),
        method="highs-ds",  # the dual simplex ends on a vertex: a 0/1 labelling
    )
    if not result.success:
        raise SolverError(f"monotone_call_ceiling: {result.message}")
    called = np.asarray(result.x) > 0.5
    errors = int(np.count_nonzero(called != emerged))
    return CallCeiling(n_models=int(y.size), errors=errors, calls_right=1.0 - errors / y.size)
