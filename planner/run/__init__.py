"""The run sheet.

Batch and learning rate by the hyperparameter laws, memory and the parallel layout, wall clock
from published MFU, energy, carbon and cost.

Public names, by the module that defines them:

- ``_hparam_check``: ``LawError``, ``PublishedRun``, ``SELECTION_FAMILIES``, ``law_errors``,
  ``read_published_runs``, ``selection_split``, ``split_errors``
- ``_hparams``: ``DEFAULT_BATCH_LAW``, ``DEFAULT_LR_LAW``, ``DEFAULT_SEQ_LEN``, ``HparamLaw``,
  ``KAPLAN_SCALE``, ``hyperparameters``, ``list_hparam_laws``, ``load_hparam_law``,
  ``past_range``, ``predict``; and the records it fills, defined with the laws
  (:mod:`planner.laws`): ``HparamPrediction``, ``Hyperparameters`` (one record for a law
  kind's and the run sheet's batch and learning rate)
- ``_layout``: ``BYTES_OPTIMIZER_FP8``, ``BYTES_PER_PARAM``, ``Layout``, ``LayoutCandidate``,
  ``LayoutChoice``, ``MemoryBreakdown``, ``USABLE_MEMORY``, ``activation_bytes``, ``fits``,
  ``layout_candidates``, ``layouts``, ``memory_per_gpu``
- ``_moe``: ``MOE_SOURCE``, ``MoELayout``, ``MoELayoutCandidate``, ``MoEMemory``, ``MoESpec``,
  ``all_to_all_bytes``, ``moe_flops_per_token``, ``moe_layout_candidates``, ``moe_layouts``,
  ``moe_memory_per_gpu``, ``moe_spec``, ``split_params``
- ``_sheet``: ``EnergyOptions``, ``MoERunSheet``, ``RunSheet``, ``energy_kwh``, ``run_sheet``
- ``_throughput``: ``DEFAULT_GOODPUT``, ``FP8_MFU_NOTE``, ``PRECISIONS``, ``PUBLISHED_MFU``,
  ``peak_for``, ``published_mfu``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.run._hparam_check import (
        SELECTION_FAMILIES,
        LawError,
        PublishedRun,
        law_errors,
        read_published_runs,
        selection_split,
        split_errors,
    )
    from planner.run._hparams import (
        DEFAULT_BATCH_LAW,
        DEFAULT_LR_LAW,
        DEFAULT_SEQ_LEN,
        KAPLAN_SCALE,
        HparamLaw,
        HparamPrediction,
        Hyperparameters,
        hyperparameters,
        list_hparam_laws,
        load_hparam_law,
        past_range,
        predict,
    )
    from planner.run._layout import (
        BYTES_OPTIMIZER_FP8,
        BYTES_PER_PARAM,
        USABLE_MEMORY,
        Layout,
        LayoutCandidate,
        LayoutChoice,
        MemoryBreakdown,
        activation_bytes,
        fits,
        layout_candidates,
        layouts,
        memory_per_gpu,
    )
    from planner.run._moe import (
        MOE_SOURCE,
        MoELayout,
        MoELayoutCandidate,
        MoEMemory,
        MoESpec,
        all_to_all_bytes,
        moe_flops_per_token,
        moe_layout_candidates,
        moe_layouts,
        moe_memory_per_gpu,
        moe_spec,
        split_params,
    )
    from planner.run._sheet import (
        EnergyOptions,
        MoERunSheet,
        RunSheet,
        energy_kwh,
        run_sheet,
    )
    from planner.run._throughput import (
        DEFAULT_GOODPUT,
        FP8_MFU_NOTE,
        PRECISIONS,
        PUBLISHED_MFU,
        peak_for,
        published_mfu,
    )

_NAMES = {
    "BYTES_OPTIMIZER_FP8": "_layout",
    "BYTES_PER_PARAM": "_layout",
    "DEFAULT_BATCH_LAW": "_hparams",
    "DEFAULT_GOODPUT": "_throughput",
    "DEFAULT_LR_LAW": "_hparams",
    "DEFAULT_SEQ_LEN": "_hparams",
    "EnergyOptions": "_sheet",
    "FP8_MFU_NOTE": "_throughput",
    "HparamLaw": "_hparams",
    "HparamPrediction": "_hparams",
    "Hyperparameters": "_hparams",
    "KAPLAN_SCALE": "_hparams",
    "LawError": "_hparam_check",
    "Layout": "_layout",
    "LayoutCandidate": "_layout",
    "LayoutChoice": "_layout",
    "MOE_SOURCE": "_moe",
    "MemoryBreakdown": "_layout",
    "MoELayout": "_moe",
    "MoELayoutCandidate": "_moe",
    "MoEMemory": "_moe",
    "MoERunSheet": "_sheet",
    "MoESpec": "_moe",
    "PRECISIONS": "_throughput",
    "PUBLISHED_MFU": "_throughput",
    "PublishedRun": "_hparam_check",
    "RunSheet": "_sheet",
    "SELECTION_FAMILIES": "_hparam_check",
    "USABLE_MEMORY": "_layout",
    "activation_bytes": "_layout",
    "all_to_all_bytes": "_moe",
    "energy_kwh": "_sheet",
    "fits": "_layout",
    "hyperparameters": "_hparams",
    "law_errors": "_hparam_check",
    "layout_candidates": "_layout",
    "layouts": "_layout",
    "list_hparam_laws": "_hparams",
    "load_hparam_law": "_hparams",
    "memory_per_gpu": "_layout",
    "moe_flops_per_token": "_moe",
    "moe_layout_candidates": "_moe",
    "moe_layouts": "_moe",
    "moe_memory_per_gpu": "_moe",
    "moe_spec": "_moe",
    "past_range": "_hparams",
    "peak_for": "_throughput",
    "predict": "_hparams",
    "published_mfu": "_throughput",
    "read_published_runs": "_hparam_check",
    "run_sheet": "_sheet",
    "selection_split": "_hparam_check",
    "split_errors": "_hparam_check",
    "split_params": "_moe",
}

__all__ = [
    "BYTES_OPTIMIZER_FP8",
    "BYTES_PER_PARAM",
    "DEFAULT_BATCH_LAW",
    "DEFAULT_GOODPUT",
    "DEFAULT_LR_LAW",
    "DEFAULT_SEQ_LEN",
    "FP8_MFU_NOTE",
    "KAPLAN_SCALE",
    "MOE_SOURCE",
    "PRECISIONS",
    "PUBLISHED_MFU",
    "SELECTION_FAMILIES",
    "USABLE_MEMORY",
    "EnergyOptions",
    "HparamLaw",
    "HparamPrediction",
    "Hyperparameters",
    "LawError",
    "Layout",
    "LayoutCandidate",
    "LayoutChoice",
    "MemoryBreakdown",
    "MoELayout",
    "MoELayoutCandidate",
    "MoEMemory",
    "MoERunSheet",
    "MoESpec",
    "PublishedRun",
    "RunSheet",
    "activation_bytes",
    "all_to_all_bytes",
    "energy_kwh",
    "fits",
    "hyperparameters",
    "law_errors",
    "layout_candidates",
    "layouts",
    "list_hparam_laws",
    "load_hparam_law",
    "memory_per_gpu",
    "moe_flops_per_token",
    "moe_layout_candidates",
    "moe_layouts",
    "moe_memory_per_gpu",
    "moe_spec",
    "past_range",
    "peak_for",
    "predict",
    "published_mfu",
    "read_published_runs",
    "run_sheet",
    "selection_split",
    "split_errors",
    "split_params",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
