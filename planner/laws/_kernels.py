r"""Pure maths kernels of the scaling laws: loss surfaces and closed-form allocations.

Every kernel is ufunc-like: it accepts scalars or arrays, coerces once to float64, broadcasts,
and works in log space where magnitudes reach 1e20-1e30. Kernels take plain floats, never
msgspec records (``planner.laws._solve`` unpacks the models once).

Symbols follow the papers: the parametric law of Hoffmann et al. 2022 is

.. math:: L(N, D) = E + A / N^{\alpha} + B / D^{\beta},

with ``e, a, b, alpha, beta`` the lower-case argument names of ``E, A, B, α, β``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from planner.laws._numeric import FloatArray
from planner.units import FLOPS_PER_PARAM_TOKEN, PF_DAY_FLOPS

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = [
    "bisect_log",
    "effective_params",
    "effective_tokens",
    "hyperparameter_law",
    "kaplan_frontier_params",
    "kaplan_loss",
    "parametric_compute_for_loss",
    "parametric_frontier_loss",
    "parametric_loss",
    "parametric_optimal_params_for_tokens",
    "parametric_optimum",
    "power_law",
]


def _out(x: FloatArray) -> FloatArray:
    """Return a 0-d result as an ``np.float64`` scalar, arrays unchanged."""
    return x[()] if x.ndim == 0 else x


def parametric_loss(
    n_params: ArrayLike,
    n_tokens: ArrayLike,
    e: ArrayLike,
    a: ArrayLike,
    b: ArrayLike,
    alpha: ArrayLike,
    beta: ArrayLike,
) -> FloatArray:
    r"""Loss of the parametric law of Hoffmann et al. 2022 (Approach 3).

    Parameters
    ----------
    n_params, n_tokens : array_like
        Parameters N and training tokens D, broadcast together; must be > 0.
    e, a, b, alpha, beta : float
        E, A, B, α, β of the law (nats/token for E).

    Returns
    -------
    numpy.ndarray or numpy.float64
        :math:`E + A N^{-\alpha} + B D^{-\beta}`, computed as ``exp(log A - α log N)`` so that
        N, D of 1e30 are safe. Shape: the broadcast of the inputs.

    References
    ----------
    Hoffmann et al. 2022, arXiv:2203.15556, Eq. 2 and App. D.2.

    Examples
    --------
    >>> round(float(parametric_loss(70e9, 1.4e12, 1.69, 406.4, 410.7, 0.34, 0.28)), 4)
    1.9367
    """
    n = np.asarray(n_params, dtype=np.float64)
    d = np.asarray(n_tokens, dtype=np.float64)
    e_, a_, b_ = (np.asarray(x, dtype=np.float64) for x in (e, a, b))
    al, be = np.asarray(alpha, dtype=np.float64), np.asarray(beta, dtype=np.float64)
    out = e_ + np.exp(np.log(a_) - al * np.log(n)) + np.exp(np.log(b_) - be * np.log(d))
    return _out(np.asarray(out))


def parametric_optimum(
    compute_flops: ArrayLike, a: float, b: float, alpha: float, beta: float
) -> tuple[FloatArray, FloatArray]:
    r"""Closed-form compute-optimal (N, D) of the parametric law under C = 6ND.

    Parameters
    ----------
    compute_flops : array_like
        Budgets C (FLOPs).
    a, b : float
        A and B of the parametric law.
    alpha, beta : float
        The exponents α, β.

    Returns
    -------
    n_opt, n_tokens_opt : numpy.ndarray or numpy.float64
        Same shape as ``compute_flops``.

    Notes
    -----
    Hoffmann et al. 2022 Eq. 4:

    .. math::
        N_{opt}(C) = G (C/6)^{\beta/(\alpha+\beta)}, \quad
        D_{opt}(C) = G^{-1} (C/6)^{\alpha/(\alpha+\beta)}, \quad
        G = \left(\frac{\alpha A}{\beta B}\right)^{1/(\alpha+\beta)}.

    Examples
    --------
    >>> n, d = parametric_optimum(5.88e23, 406.4, 410.7, 0.34, 0.28)
    >>> f"{float(n):.3g} {float(d):.3g}"
    '3.25e+10 3.02e+12'
    """
    c = np.asarray(compute_flops, dtype=np.float64)
    log_g = (np.log(alpha * a) - np.log(beta * b)) / (alpha + beta)
    log_c6 = np.log(c) - np.log(FLOPS_PER_PARAM_TOKEN)
    n = np.exp(log_g + beta / (alpha + beta) * log_c6)
    d = np.exp(-log_g + alpha / (alpha + beta) * log_c6)
    return _out(n), _out(d)


def parametric_frontier_loss(
    compute_flops: ArrayLike, e: float, a: float, b: float, alpha: float, beta: float
) -> FloatArray:
    r"""Loss along the compute-optimal frontier, :math:`L(N_{opt}(C), D_{opt}(C))`.

    Parameters
    ----------
    compute_flops : array_like
        Budgets C (FLOPs).
    e, a, b : float
        E, A, B of the parametric law (nats/token).
    alpha, beta : float
        The exponents α, β.

    Returns
    -------
    ndarray
        L*(C), same shape as ``compute_flops``.

    Notes
    -----
    Along the frontier both reducible terms scale with the same power of compute, so

    .. math::
        L^*(C) = E + K (C/6)^{-\alpha\beta/(\alpha+\beta)},\quad
        K = A G^{-\alpha} + B G^{\beta}.

    Examples
    --------
    >>> round(float(parametric_frontier_loss(5.88e23, 1.69, 406.4, 410.7, 0.34, 0.28)), 4)
    1.93
    """
    c = np.asarray(compute_flops, dtype=np.float64)
    log_g = (np.log(alpha * a) - np.log(beta * b)) / (alpha + beta)
    k = np.exp(np.log(a) - alpha * log_g) + np.exp(np.log(b) + beta * log_g)
    gamma = alpha * beta / (alpha + beta)
    log_c6 = np.log(c) - np.log(FLOPS_PER_PARAM_TOKEN)
    return _out(np.asarray(e + k * np.exp(-gamma * log_c6)))


def parametric_compute_for_loss(
    loss: ArrayLike, e: float, a: float, b: float, alpha: float, beta: float
) -> FloatArray:
    r"""Minimum compute whose optimal plan reaches ``loss``: the inverse of the frontier loss.

    Parameters
    ----------
    loss : array_like
        Target losses.
    e, a, b : float
        E, A, B of the parametric law (nats/token).
    alpha, beta : float
        The exponents α, β.

    Returns
    -------
    ndarray
        C in FLOPs; inf where ``loss <= e``.

    Notes
    -----
    :math:`C = 6\,((L - E)/K)^{-(\alpha+\beta)/(\alpha\beta)}`, with K as in
    :func:`parametric_frontier_loss`. Entries with ``loss <= e`` are unreachable and give inf;
    callers validate before calling.

    Examples
    --------
    >>> c = parametric_compute_for_loss(1.929987, 1.69, 406.4, 410.7, 0.34, 0.28)
    >>> f"{float(c):.3g}"
    '5.88e+23'
    """
    ell = np.asarray(loss, dtype=np.float64)
    log_g = (np.log(alpha * a) - np.log(beta * b)) / (alpha + beta)
    k = np.exp(np.log(a) - alpha * log_g) + np.exp(np.log(b) + beta * log_g)
    gamma = alpha * beta / (alpha + beta)
    with np.errstate(divide="ignore", invalid="ignore"):
        excess = np.where(ell > e, ell - e, np.nan)
        out = FLOPS_PER_PARAM_TOKEN * np.exp(-(np.log(excess) - np.log(k)) / gamma)
    return _out(np.where(np.isnan(out), np.inf, out))


def parametric_optimal_params_for_tokens(
    n_tokens: ArrayLike, a: float, b: float, alpha: float, beta: float
) -> FloatArray:
    r"""The N that is compute-optimal for D tokens: :math:`N = G (D G)^{\beta/\alpha}`.

    This is Muennighoff et al.'s ``D_to_N``, used to define the unique parameters
    :math:`U_N = \min(N, N_{opt}(U_D))`.

    Parameters
    ----------
    n_tokens : array_like
        Tokens D.
    a, b : float
        A and B of the parametric law.
    alpha, beta : float
        The exponents α, β.

    Returns
    -------
    ndarray
        N, same shape as ``n_tokens``.

    Examples
    --------
    >>> n, d = parametric_optimum(1e22, 406.4, 410.7, 0.34, 0.28)
    >>> bool(np.isclose(parametric_optimal_params_for_tokens(d, 406.4, 410.7, 0.34, 0.28), n))
    True
    """
    d = np.asarray(n_tokens, dtype=np.float64)
    log_g = (np.log(alpha * a) - np.log(beta * b)) / (alpha + beta)
    return _out(np.exp(log_g + beta / alpha * (np.log(d) + log_g)))


def _decayed(total: FloatArray, unique: FloatArray, r_star: float) -> FloatArray:
    """``U + U R* (1 - exp(-R/R*))`` with ``R = total/unique - 1`` (clipped at 0)."""
    repeats = np.maximum(total / unique - 1.0, 0.0)
    return np.asarray(unique + unique * r_star * -np.expm1(-repeats / r_star))


def effective_tokens(n_tokens: ArrayLike, unique_tokens: ArrayLike, r_d_star: float) -> FloatArray:
    r"""Effective data D' of D tokens drawn from U unique tokens (Muennighoff et al. 2023).

    Parameters
    ----------
    n_tokens : array_like
        Training tokens D.
    unique_tokens : array_like
        Unique tokens U available.
    r_d_star : float
        R_D*, the decay constant of repeated data.

    Returns
    -------
    ndarray
        D', broadcast over the inputs.

    Notes
    -----
    :math:`D' = U_D + U_D R_D^* (1 - e^{-R_D/R_D^*})`, :math:`U_D = \min(U, D)`,
    :math:`R_D = D/U_D - 1` repetitions beyond the first epoch.

    Examples
    --------
    Four epochs are worth about 3.73 unique passes at R_D* = 15.39 (Muennighoff Eq. 18 slide):

    >>> round(float(effective_tokens(4.0, 1.0, 15.387756)), 2)
    3.73
    """
    d = np.asarray(n_tokens, dtype=np.float64)
    u = np.minimum(np.asarray(unique_tokens, dtype=np.float64), d)
    return _out(_decayed(d, u, r_d_star))


def effective_params(n_params: ArrayLike, unique_params: ArrayLike, r_n_star: float) -> FloatArray:
    r"""Effective parameters N' when N exceeds the unique parameters U_N (Muennighoff et al. 2023).

    Parameters
    ----------
    n_params : array_like
        Parameters N.
    unique_params : array_like
        U_N, the parameters compute-optimal for the unique data.
    r_n_star : float
        R_N*, the decay constant of excess parameters.

    Returns
    -------
    ndarray
        N', broadcast over the inputs.

    Notes
    -----
    :math:`N' = U_N + U_N R_N^* (1 - e^{-R_N/R_N^*})`, :math:`U_N = \min(N, N_{opt}(U_D))`,
    :math:`R_N = N/U_N - 1`.
    """
    n = np.asarray(n_params, dtype=np.float64)
    u = np.minimum(np.asarray(unique_params, dtype=np.float64), n)
    return _out(_decayed(n, u, r_n_star))


def kaplan_loss(
    n_params: ArrayLike, n_tokens: ArrayLike, n_c: float, d_c: float, alpha_n: float, alpha_d: float
) -> FloatArray:
    r"""Kaplan et al. 2020 Eq. 1.5: :math:`L = [(N_c/N)^{\alpha_N/\alpha_D} + D_c/D]^{\alpha_D}`.

    N is non-embedding parameters; loss in nats/token on WebText2.

    Parameters
    ----------
    n_params, n_tokens : array_like
        Non-embedding parameters N and tokens D (broadcast).
    n_c, d_c : float
        N_c and D_c of Table 2.
    alpha_n, alpha_d : float
        α_N and α_D of Table 2.

    Returns
    -------
    ndarray
        Loss in nats/token (WebText2).

    Examples
    --------
    >>> round(float(kaplan_loss(1.5e9, 2.29e10, 6.4e13, 1.8e13, 0.076, 0.103)), 3)
    2.31
    """
    n = np.asarray(n_params, dtype=np.float64)
    d = np.asarray(n_tokens, dtype=np.float64)
    term_n = np.exp(alpha_n / alpha_d * (np.log(n_c) - np.log(n)))
    term_d = np.exp(np.log(d_c) - np.log(d))
    return _out(np.asarray(np.exp(alpha_d * np.log(term_n + term_d))))


def kaplan_frontier_params(
    compute_flops: ArrayLike, coefficient: float, exponent: float, cmin_fraction: float
) -> FloatArray:
    r"""Kaplan et al. 2020 Table 6: :math:`N_{opt} = N_e\,C_{min}^{p_N}`, C_min in PF-days.

    A budget of C FLOPs is mapped to :math:`C_{min} = f\,C` (``cmin_fraction``). With
    f = 1/2 (training at the critical batch size costs C = 2 C_min, Kaplan Eq. 5.5) this
    reproduces the 4.68B that Hoffmann et al. App. D.4 quote for Kaplan at 1e21 FLOPs.

    Parameters
    ----------
    compute_flops : array_like
        Budgets C (FLOPs).
    coefficient : float
        N_e (non-embedding parameters at 1 PF-day).
    exponent : float
        p_N (0.73 in Table 6).
    cmin_fraction : float
        f in C_min = f C.

    Returns
    -------
    ndarray
        N_opt, non-embedding parameters.

    Examples
    --------
    >>> f"{float(kaplan_frontier_params(1e21, 1.3e9, 0.73, 0.5)):.4g}"
    '4.683e+09'
    """
    c = np.asarray(compute_flops, dtype=np.float64)
    log_cmin = np.log(cmin_fraction) + np.log(c) - np.log(PF_DAY_FLOPS)
    return _out(np.exp(np.log(coefficient) + exponent * log_cmin))


def power_law(x: ArrayLike, coefficient: float, exponent: float) -> FloatArray:
    """``coefficient * x**exponent``, in log space.

    Parameters
    ----------
    x : array_like
        Positive values (compute, usually).
    coefficient, exponent : float
        The power law's constants.

    Returns
    -------
    ndarray
        ``coefficient * x**exponent`` as ``exp(log coefficient + exponent log x)``.

    Examples
    --------
    >>> f"{float(power_law(5.76e23, 0.08933, 0.5)):.3g}"
    '6.78e+10'
    """
    v = np.asarray(x, dtype=np.float64)
    return _out(np.exp(np.log(coefficient) + exponent * np.log(v)))


def hyperparameter_law(
    coefficient: float,
    compute_flops: float,
    compute_exp: float,
    n_params: float = 1.0,
    params_exp: float = 0.0,
    n_tokens: float = 1.0,
    tokens_exp: float = 0.0,
) -> float:
    r"""A peak learning rate or batch size (tokens) as a product of powers of C, N and D.

    The one implementation of the hyperparameter laws, the law kind's and the run sheet's:
    DeepSeek LLM 2024's Eq. 1 is the case of compute alone, Step Law's (Li et al. 2025) of N
    and D alone.

    Parameters
    ----------
    coefficient : float
        :math:`a`.
    compute_flops, compute_exp : float
        :math:`C` (in the law's convention; DeepSeek's :math:`C = M D`) and its exponent.
    n_params, params_exp : float
        :math:`N` and its exponent (default: no N term).
    n_tokens, tokens_exp : float
        :math:`D` and its exponent (default: no D term).

    Returns
    -------
    float
        :math:`y = a\, C^{c} N^{n} D^{d}`, multiplied in that order.

    Notes
    -----
    .. math:: y = a\, C^{c}\, N^{n}\, D^{d}

    References
    ----------
    DeepSeek-AI 2024, arXiv:2401.02954, Eq. 1: :math:`\eta_{opt} = 0.3118\, C^{-0.1250}`,
    :math:`B_{opt} = 0.2920\, C^{0.3271}`; Li et al. 2025 (Step Law), arXiv:2503.04715.

    Examples
    --------
    >>> f"{hyperparameter_law(0.3118, 1e20, -0.1250):.3g}"  # DeepSeek's eta_opt at 1e20 FLOPs
    '0.000986'
    """
    value: float = coefficient * compute_flops**compute_exp * n_params**params_exp
    value *= n_tokens**tokens_exp
    return value


def bisect_log(
    func: Callable[[FloatArray], FloatArray],
    target: ArrayLike,
    lo: ArrayLike,
    hi: ArrayLike,
    *,
    iterations: int = 200,
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Vectorised bisection in log space for monotone ``func(x) = target`` on ``[lo, hi]``.

    Bisection cannot fail to converge once a sign change is bracketed; entries without one are
    reported in the returned mask so that callers raise a clear error instead of returning a
    number.

    Parameters
    ----------
    func : callable
        Vectorised, monotone (either direction) on the bracket.
    target, lo, hi : array_like
        Broadcast together; ``0 < lo < hi``.
    iterations : int
        Halvings of the log bracket (200 reaches float64 resolution on any bracket).

    Returns
    -------
    root : numpy.ndarray
        The root (geometric midpoint of the final bracket).
    bracketed : numpy.ndarray of bool
        Where a sign change existed; ``root`` is meaningless elsewhere.

    Examples
    --------
    >>> root, ok = bisect_log(lambda x: x**2, 2.0, 1.0, 10.0)
    >>> round(float(root), 12), bool(ok)
    (1.414213562373, True)
    """
    t = np.asarray(target, dtype=np.float64)
    lo_log, hi_log, t = np.broadcast_arrays(
        np.log(np.asarray(lo, dtype=np.float64)), np.log(np.asarray(hi, dtype=np.float64)), t
    )
    lo_log, hi_log = lo_log.copy(), hi_log.copy()
    f_lo = np.asarray(func(np.exp(lo_log))) - t
    f_hi = np.asarray(func(np.exp(hi_log))) - t
    bracketed = np.asarray((np.sign(f_lo) * np.sign(f_hi)) <= 0)
    increasing = f_hi > f_lo
    for _ in range(iterations):
        mid = 0.5 * (lo_log + hi_log)
        f_mid = np.asarray(func(np.exp(mid))) - t
        go_right = np.where(increasing, f_mid < 0, f_mid > 0)
        lo_log = np.where(go_right, mid, lo_log)
        hi_log = np.where(go_right, hi_log, mid)
        if np.all(hi_log - lo_log <= 1e-15 * np.maximum(1.0, np.abs(lo_log))):
            break
    root = np.exp(0.5 * (lo_log + hi_log))
    return np.asarray(root), bracketed
