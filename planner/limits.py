"""The ranges the planner accepts, one place for each (CLI, TUI, CSV reader and library share them).

Outside these ranges the published laws are meaningless and float64 arithmetic starts losing
digits or overflowing; a value outside is refused with a message that names the range.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "COMPUTE_RANGE_FLOPS",
    "EXPONENT_RANGE",
    "EXTRAPOLATION_FACTOR",
    "GOODPUT_RANGE",
    "GPUS_MAX",
    "INFERENCE_TOKENS_RANGE",
    "LOSS_RANGE",
    "MFU_RANGE",
    "PAPER_AGREEMENT",
    "PARAMS_RANGE",
    "PRICE_MAX",
    "TOKENS_RANGE",
    "outside_fitted",
]

COMPUTE_RANGE_FLOPS = (1e9, 1e35)
"""Training budgets. Below 1e9 FLOPs no language model is trained; 1e35 is 10^9 times the
largest published runs (Llama 3 405B: 3.8e25, arXiv:2407.21783)."""
PARAMS_RANGE = (1e3, 1e16)
"""Parameter counts: from toy models to 10^4 times the largest dense models published."""
TOKENS_RANGE = (1e3, 1e20)
"""Token counts: 1e20 is 10^6 times the largest published training sets (~1.5e13 tokens)."""
INFERENCE_TOKENS_RANGE = (1.0, 1e22)
"""Lifetime inference tokens (Sardana et al. 2024 consider up to ~1e13-1e14)."""
LOSS_RANGE = (1e-6, 100.0)
"""Losses in nats/token: a loss above 100 nats/token is no language model's (uniform over a
1e6-token vocabulary is 13.8)."""
MFU_RANGE = (1e-3, 1.0)
"""Model FLOPs utilisation. Published runs reach 0.3-0.5 (Llama 3: 38-43%); below 0.1% the
GPU-hours of any budget stop meaning anything."""
GOODPUT_RANGE = (0.01, 1.0)
"""Share of a job's GPU time that trains. Llama 3 405B kept over 90% (arXiv:2407.21783
§3.3.4); below 1% a run does nothing but restart."""
PRICE_MAX = 1e6
"""Dollars per GPU-hour: rental prices are 1-10 $/h; a million is a typo."""
GPUS_MAX = 10**9
"""GPUs in one run."""
EXPONENT_RANGE = (1e-3, 10.0)
"""Power-law exponents in law files. Published exponents lie in 0.05-0.9 (Kaplan et al. 2020
Table 5 to Hoffmann et al. 2022 Table 2); an exponent outside (1e-3, 10) has no physical
reading and makes the kernels underflow or overflow within the compute range."""

PAPER_AGREEMENT = 0.10
"""A law whose allocation at a budget its own paper states one for differs from that figure by
more than this fraction (in N or D) says so (issue 19). Published allocations are printed to 2-4
significant figures (Hoffmann et al. 2022 Table 3: 1-5% rounding, 5.6% in its 67B row's
tokens), so a 10% gap is more than rounding."""

EXTRAPOLATION_FACTOR = 10.0
"""A budget more than this factor outside a law's fitted compute range gets a warning."""


def outside_fitted(
    fitted_compute_flops: tuple[float, float], compute_flops: float
) -> tuple[Literal["past", "below"], float] | None:
    """How far a compute lies outside a law's fitted range, beyond :data:`EXTRAPOLATION_FACTOR`.

    Parameters
    ----------
    fitted_compute_flops : (float, float)
        The smallest and largest compute the law was fitted on.
    compute_flops : float
        The plan's compute C.

    Returns
    -------
    (str, float) or None
        ``("past", C / largest)`` or ``("below", smallest / C)`` when that factor exceeds
        :data:`EXTRAPOLATION_FACTOR`; None otherwise.

    Examples
    --------
    >>> outside_fitted((1e18, 1e22), 1e25)
    ('past', 1000.0)
    >>> outside_fitted((1e18, 1e22), 1e21) is None
    True
    """
    lo, hi = fitted_compute_flops
    if compute_flops > hi * EXTRAPOLATION_FACTOR:
        return "past", compute_flops / hi
    if compute_flops < lo / EXTRAPOLATION_FACTOR:
        return "below", lo / compute_flops
    return None
