"""The ranges the planner accepts, one place for each (CLI, TUI, CSV reader and library share them).

Outside these ranges the published laws are meaningless and float64 arithmetic starts losing
digits or overflowing; a value outside is refused with a message that names the range.
"""

from __future__ import annotations

__all__ = [
    "COMPUTE_RANGE_FLOPS",
    "EXPONENT_RANGE",
    "GPUS_MAX",
    "INFERENCE_TOKENS_RANGE",
    "LOSS_RANGE",
    "MFU_RANGE",
    "PARAMS_RANGE",
    "PRICE_MAX",
    "TOKENS_RANGE",
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
PRICE_MAX = 1e6
"""Dollars per GPU-hour: rental prices are 1-10 $/h; a million is a typo."""
GPUS_MAX = 10**9
"""GPUs in one run."""
EXPONENT_RANGE = (1e-3, 10.0)
"""Power-law exponents in law files. Published exponents lie in 0.05-0.9 (Kaplan et al. 2020
Table 5 to Hoffmann et al. 2022 Table 2); an exponent outside (1e-3, 10) has no physical
reading and makes the kernels underflow or overflow within the compute range."""
