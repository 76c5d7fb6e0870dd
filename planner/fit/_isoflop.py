"""Approach 2 of Hoffmann et al. 2022: a parabola per iso-FLOP budget, then N_opt = k C^a."""

from itertools import pairwise

import numpy as np

from planner.data._frozen import Frozen
from planner.errors import InputError
from planner.fit._runs import Runs

__all__ = ["IsoFlopBudget", "IsoFlopFit", "fit_approach2"]


class IsoFlopBudget(Frozen):
    """One iso-FLOP profile: a parabola of loss in log N."""

    compute_flops: float
    n_runs: int
    n_opt: float
    loss_at_opt: float
    minimum_inside: bool
    """Whether the parabola's minimum lies within the profile's sampled N (else biased)."""


class IsoFlopFit(Frozen):
    """Approach 2: N_opt = k C^a over iso-FLOP profiles."""

    budgets: tuple[IsoFlopBudget, ...]
    a: float
    k: float
    note: str


def fit_approach2(
    runs: Runs, *, group_tolerance_dex: float = 0.1, min_points: int = 5
) -> IsoFlopFit:
    """Approach 2: a parabola of loss in log N per iso-FLOP budget, then N_opt = k C^a.

    Runs are grouped by compute: sorted by log10 C, a new group starts where the gap to the
    previous run exceeds ``group_tolerance_dex``. Groups with fewer than ``min_points`` runs, or
    whose parabola opens downwards, are skipped.

    Parameters
    ----------
    runs : Runs
        From :func:`planner.fit._runs.read_runs`.
    group_tolerance_dex : float
        Largest gap in log10 C within one budget group.
    min_points : int
        Fewest runs a budget needs for its parabola.

    Returns
    -------
    IsoFlopFit
        The per-budget minima and the power law N_opt = k C^a fitted through them.

    Notes
    -----
    Known bias: the fitted minimum is only as good as the profile around it. It needs enough
    points per budget and a spread of N roughly symmetric about the minimum; a minimum outside
    the sampled N (``minimum_inside = False``) is an extrapolation of the parabola.

    Raises
    ------
    InputError
        Fewer than two usable budgets.
    """
    c = runs.compute_flops
    lc = np.log10(c)
    order = np.argsort(lc, kind="stable")
    groups: list[list[int]] = [[int(order[0])]]
    for prev, cur in pairwise(order):
        if lc[cur] - lc[prev] > group_tolerance_dex:
            groups.append([])
        groups[-1].append(int(cur))
    log_n = np.log(np.asarray(runs.n_params))
    loss = np.asarray(runs.loss)
    budgets = []
    for g in groups:
        if len(g) < min_points:
            continue
        x, y = log_n[g], loss[g]
        c2, c1, c0 = np.polyfit(x, y, 2)
        if not c2 > 0:
            continue
        x_opt = -c1 / (2 * c2)
        budgets.append(
            IsoFlopBudget(
                compute_flops=float(10 ** np.mean(lc[g])),
                n_runs=len(g),
                n_opt=float(np.exp(x_opt)),
                loss_at_opt=float(c0 + c1 * x_opt + c2 * x_opt * x_opt),
                minimum_inside=bool(x.min() <= x_opt <= x.max()),
            )
        )
    if len(budgets) < 2:
        raise InputError(
            f"approach 2: needs at least two iso-FLOP budgets with >= {min_points} runs and a "
            f"convex profile; found {len(budgets)}"
        )
    slope, intercept = np.polyfit(
        np.log([b.compute_flops for b in budgets]), np.log([b.n_opt for b in budgets]), 1
    )
    outside = sum(not b.minimum_inside for b in budgets)
    return IsoFlopFit(
        budgets=tuple(budgets),
        a=float(slope),
        k=float(np.exp(intercept)),
        note=(
            "iso-FLOP minima are biased unless each budget has enough points spread "
            "symmetrically around its minimum"
            + (f"; {outside} budget(s) have their minimum outside the sampled N" if outside else "")
        ),
    )
