r"""Throughput of a training run from published model FLOPs utilisation (MFU) and goodput.

.. math:: \text{GPU-hours} = \frac{C}{\text{peak} \times \text{MFU} \times g \times 3600}

with C = 6ND the model FLOPs, the dense BF16 peak of the accelerator, the MFU measured on
that accelerator at that scale by a published run, and g the goodput (the share of the
job's GPU time that trains: failures, restarts and checkpoints take the rest). Model cards
count GPU time, so g belongs in the GPU-hours they publish.

Published MFU (model FLOPs over the dense BF16 peak):

- **H100 (and the H200 and H800, the same GH100 tensor cores)**: Llama 3 405B, Dubey et al.
  2024 (arXiv:2407.21783) Table 4: 43% on 8,192 GPUs and 41% on 16,384 GPUs at 8K sequences
  (38% at 131K). The planner uses 43% up to 8,192 GPUs and 41% above.
- **A100**: LLaMA 65B, Touvron et al. 2023 (arXiv:2302.13971) §2.4: "around 380
  tokens/sec/GPU on 2048 A100 GPU with 80GB", i.e. 6 x 65.2e9 x 380 / 312e12 = 47.6%.
- Elsewhere no large run's MFU was read for the accelerator: the planning default
  :data:`planner.defaults.DEFAULT_MFU` (40%). For scale: MegaScale reached 55.2% on 12,288
  GPUs (Jiang et al. 2024, arXiv:2402.15627, abstract) and PaLM 540B 46.2% on TPU v4
  (Chowdhery et al. 2022, Table 3).

**Goodput** g = 0.90: Llama 3 405B's pre-training had "higher than 90% effective training
time" over 54 days on 16,384 H100s (Dubey et al. 2024 §3.3.4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.defaults import DEFAULT_GOODPUT, DEFAULT_MFU
from planner.errors import InputError

if TYPE_CHECKING:
    from planner.planning._records import Accelerator

__all__ = [
    "DEFAULT_GOODPUT", "FP8_MFU_NOTE", "PRECISIONS", "PUBLISHED_MFU", "peak_for", "published_mfu",
]  # fmt: skip

PRECISIONS = ("bf16", "fp8")
"""Training precisions the throughput knows: the dense tensor peak used for each."""

FP8_MFU_NOTE = (
    "FP8: the BF16 MFU above applied to the FP8 dense peak (an assumption; the one FP8 "
    "utilisation read in a source, Llama 4 Behemoth's 390 TFLOP/s per GPU on 32K GPUs, is 19.7% "
    "of the H100's FP8 peak: give it with --mfu 0.197)"
)
"""The stated assumption behind an FP8 run's utilisation. The FP8 figure: Meta, "The Llama 4
herd" (ai.meta.com/blog/llama-4-multimodal-intelligence, April 2025), "using FP8 and 32K GPUs,
we achieved 390 TFLOPs/GPU", read in secondary quotations of the post; 390 / 1978.9 = 19.7%."""


_LLAMA3 = "Dubey et al. 2024 (arXiv:2407.21783) Table 4, Llama 3 405B on H100"
_LLAMA1 = ("Touvron et al. 2023 (arXiv:2302.13971) §2.4: LLaMA 65B, 380 tokens/s/GPU on 2,048 "
           "A100-80GB = 6 x 65.2e9 x 380 / 312e12")  # fmt: skip
PUBLISHED_MFU: dict[str, tuple[tuple[int, float, str], ...]] = {
    "hopper": ((8192, 0.43, f"{_LLAMA3}: 43% on 8,192 GPUs"),
               (10**9, 0.41, f"{_LLAMA3}: 41% on 16,384 GPUs (8K sequences)")),
    "a100": ((10**9, 0.476, _LLAMA1),),
}  # fmt: skip
"""Per accelerator family: (up to this many GPUs, MFU, source), by increasing scale."""
_FAMILY = {
    "h100-sxm": "hopper", "h200-sxm": "hopper", "h800": "hopper",
    "a100-sxm": "a100", "a100-sxm-40gb": "a100",
}  # fmt: skip


def published_mfu(accelerator: str, n_gpus: int | None) -> tuple[float, str]:
    """The MFU a published run reached on this accelerator at this scale.

    Parameters
    ----------
    accelerator : str
        A catalogue id.
    n_gpus : int or None
        GPUs in the run (None: the smallest published scale).

    Returns
    -------
    (float, str)
        The MFU and its source; the planning default (40%) where none is published.

    Examples
    --------
    >>> published_mfu("h100-sxm", 16384)[0], published_mfu("h100-sxm", 1024)[0]
    (0.41, 0.43)
    >>> published_mfu("a100-sxm", 2048)[0]
    0.476
    """
    rows = PUBLISHED_MFU.get(_FAMILY.get(accelerator, ""), ())
    for limit, mfu, source in rows:
        if n_gpus is None or n_gpus <= limit:
            return mfu, source
    if rows:
        return rows[-1][1], rows[-1][2]
    return DEFAULT_MFU, (
        f"no published large-run MFU read for {accelerator}: planning default {DEFAULT_MFU:.0%}"
    )


def peak_for(accelerator: Accelerator, precision: str) -> tuple[float, str]:
    r"""The accelerator's cited dense tensor peak for a training precision.

    .. math:: \text{GPU-hours}_{fp8} = \frac{P_{bf16}}{P_{fp8}} \, \text{GPU-hours}_{bf16}
              \quad \text{(equal MFU)}

    Parameters
    ----------
    accelerator : Accelerator
        A catalogue entry: ``peak_flops_per_s`` (BF16) and ``fp8_flops_per_s`` where its
        datasheet gives one (cited in the preset's ``source``).
    precision : str
        ``bf16`` or ``fp8``.

    Returns
    -------
    (float, str)
        The dense peak in FLOP/s and a label naming it.

    Raises
    ------
    InputError
        An unknown precision, or ``fp8`` on an accelerator without a cited FP8 peak.

    Examples
    --------
    >>> from planner import load_accelerator
    >>> peak_for(load_accelerator("h100-sxm"), "fp8")[0]
    1978900000000000.0
    """
    if precision not in PRECISIONS:
        raise InputError(f"precision: expected one of {', '.join(PRECISIONS)}, got {precision!r}")
    if precision == "bf16":
        return accelerator.peak_flops_per_s, f"{accelerator.id} dense BF16 peak"
    if accelerator.fp8_flops_per_s is None:
        raise InputError(
            f"precision: {accelerator.id} has no cited dense FP8 peak in the catalogue; "
            "use --precision bf16 or another accelerator"
        )
    return accelerator.fp8_flops_per_s, f"{accelerator.id} dense FP8 peak"
