"""Small numeric helpers of the score curves: numpy only, nothing that imports more of it."""

from __future__ import annotations

import _random  # the C Mersenne Twister of `random` (the Python module costs 1.3 ms to import)
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

__all__ = ["FloatArray", "first_crossing_log", "quantile_last_axis", "sigmoid", "standard_normal"]

if TYPE_CHECKING:
    from numpy.typing import NDArray

    FloatArray: TypeAlias = NDArray[np.float64]
else:  # NDArray[np.float64] spelt out: importing numpy.typing costs 0.5 ms of every start-up
    FloatArray: TypeAlias = np.ndarray[tuple[Any, ...], np.dtype[np.float64]]
"""A float64 array: the one alias of the package (every module imports it from here)."""


def quantile_last_axis(x: FloatArray, q: float) -> FloatArray:
    """The q-quantile along the last axis, linear interpolation (numpy's default method).

    ``np.quantile`` imports ``numpy.ma`` on first use (11 ms of the CLI's start-up); this is the
    same arithmetic on a sorted copy.

    Parameters
    ----------
    x : ndarray
        At least one value along the last axis.
    q : float
        In [0, 1].

    Returns
    -------
    ndarray
        ``x`` without its last axis.

    Examples
    --------
    >>> float(quantile_last_axis(np.array([1.0, 2.0, 3.0, 4.0]), 0.1))
    1.3
    """
    xs = np.sort(x, axis=-1)
    pos = q * (xs.shape[-1] - 1)
    lo = int(np.floor(pos))
    hi = min(lo + 1, xs.shape[-1] - 1)
    frac = pos - lo
    return np.asarray(xs[..., lo] * (1.0 - frac) + xs[..., hi] * frac)


def sigmoid(z: FloatArray) -> FloatArray:
    """The logistic function, written with tanh so that no ``exp`` overflows.

    Parameters
    ----------
    z : ndarray

    Returns
    -------
    ndarray
        ``1 / (1 + exp(-z))``, in [0, 1].
    """
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)))  # no overflow for large |z|


def first_crossing_log(
    func: Callable[[FloatArray], FloatArray],
    target: float,
    lo: float,
    hi: float,
    *,
    points: int = 64,
    rounds: int = 4,
) -> float | None:
    """The least x in [lo, hi] (to a grid step) at which a rising ``func(x)`` reaches ``target``.

    A vectorised search in log space: grids of ``points`` each, every grid spanning the step of
    the one before in which ``func`` first reaches ``target``, so ``func`` is called a few times
    on arrays instead of ~50 times on scalars (bisection). The result is the grid point at or
    just past the crossing (``func`` there is >= ``target``), within
    ``tol = ln(hi/lo) / (points - 1)**rounds`` in ``ln x`` of the crossing: 3.8e-6 for the
    planner's compute range with the defaults.

    After two grids the step holding the crossing is narrow enough for a straight line through
    its ends to place the crossing within a few ``tol`` (a smooth ``func``: the line's error is
    ``h**2 / 8`` times ``|f''/f'|`` over a step ``h``). One grid of 33 points ``tol`` apart
    around that estimate then gives the answer to ``tol``: three calls of ``func`` instead of
    ``rounds``, ~0.3 ms less per task on ``planner plan``'s path (issue 23 item 3). Where the
    estimate misses (a kink, a bend), the window does not hold the crossing (its first point
    already reaches ``target``, or its last does not) and the remaining ``rounds - 2`` grids
    run as before, so the promise holds for every ``func``.

    Parameters
    ----------
    func : callable
        Vectorised; rising in x (the first crossing is taken where it is not).
    target : float
        The level to reach.
    lo, hi : float
        The bracket, ``0 < lo < hi``.
    points, rounds : int
        Grid size and refinements: they set the precision ``tol`` above.

    Returns
    -------
    float or None
        ``lo`` if ``func(lo) >= target``; None if ``func`` stays below ``target`` on the bracket.

    Examples
    --------
    >>> x = first_crossing_log(lambda x: x**2, 2.0, 1.0, 10.0)
    >>> abs(x - 2**0.5) < 1e-5 and x**2 >= 2.0
    True
    """
    a, b = math.log(lo), math.log(hi)
    tol = (b - a) / (points - 1) ** rounds
    for done in range(1, rounds + 1):
        grid = np.linspace(a, b, points)
        values = np.asarray(func(np.exp(grid)), dtype=np.float64)
        reached = values >= target
        if not reached.any():
            return None
        i = int(np.argmax(reached))
        if i == 0:
            return float(np.exp(grid[0]))
        a, b = float(grid[i - 1]), float(grid[i])
        if done == 2 and rounds > 2:
            found = _crossing_near_line(func, target, a, b, values[i - 1], values[i], tol)
            if found is not None:
                return found
    return math.exp(b)


_WINDOW = np.arange(-16, 17, dtype=np.float64)
"""A window of 33 grid points, in steps of ``tol``, centred on the straight line's crossing."""


def _crossing_near_line(
    func: Callable[[FloatArray], FloatArray],
    target: float,
    a: float,
    b: float,
    fa: float,
    fb: float,
    tol: float,
) -> float | None:
    """The crossing to ``tol``, searched ``16 tol`` either side of the line through the step's ends.

    ``fa < target <= fb`` at ``ln x = a, b``. None when the window, clipped to ``[a, b]``, does
    not hold the crossing (its first point reaches ``target`` or its last does not).
    """
    guess = a + (b - a) * (target - fa) / (fb - fa) if fb > fa else b
    window = np.clip(guess + tol * _WINDOW, a, b)
    reached = np.asarray(func(np.exp(window)), dtype=np.float64) >= target
    if reached[0] or not reached[-1]:
        return None
    return float(np.exp(window[int(np.argmax(reached))]))


def standard_normal(seed: int, size: int) -> FloatArray:
    r"""``size`` reproducible draws from the standard normal, without ``numpy.random``.

    ``numpy.random`` costs ~16 ms to import, a tenth of the CLI's start-up, for the 10,000
    draws behind P(past). The uniforms come from the standard library's Mersenne Twister
    (``random.Random(seed).randbytes``, 53 bits each, shifted off 0) and become normals by the
    Box-Muller transform (Box & Muller 1958, Ann. Math. Statist. 29(2):610):

    .. math:: z_1 = \sqrt{-2\ln u_1}\cos 2\pi u_2,\qquad z_2 = \sqrt{-2\ln u_1}\sin 2\pi u_2

    Parameters
    ----------
    seed : int
        Any non-negative integer; the same seed gives the same draws.
    size : int
        How many draws (>= 0).

    Returns
    -------
    ndarray
        Shape ``(size,)``.

    Examples
    --------
    >>> z = standard_normal(0, 100_000)
    >>> abs(float(z.mean())) < 0.01, abs(float(z.std()) - 1) < 0.01
    (True, True)
    """
    pairs = (size + 1) // 2
    # ``random.Random(seed).randbytes(16 * pairs)``, as Python 3.11's random.py writes it
    bits = _random.Random(seed).getrandbits(128 * pairs).to_bytes(16 * pairs, "little")
    raw = np.frombuffer(bits, dtype=np.uint64)
    u = ((raw >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53  # in (0, 1)
    radius = np.sqrt(-2.0 * np.log(u[:pairs]))
    angle = (2.0 * math.pi) * u[pairs:]
    z = np.concatenate([radius * np.cos(angle), radius * np.sin(angle)])
    return np.asarray(z[:size])
