"""The accelerator catalogue: load one by id, alias or path, or list them all."""

from __future__ import annotations

from pathlib import Path

from planner.data._registry import load_by_name, preset_dir, preset_ids
from planner.defaults import DEFAULT_ACCELERATOR
from planner.planning._records import Accelerator

__all__ = ["list_accelerators", "load_accelerator"]


def load_accelerator(
    name: str | Path = DEFAULT_ACCELERATOR, *, presets_dir: str | Path | None = None
) -> Accelerator:
    """Load an accelerator by id (``h100-sxm``), alias (``H100``, any case) or ``.toml`` path.

    Parameters
    ----------
    name : str or Path
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    Accelerator

    Raises
    ------
    PresetError
        Unknown name (with the closest ids), or a file missing, not TOML or not valid.

    Examples
    --------
    >>> load_accelerator("a100-sxm").peak_flops_per_s
    312000000000000.0
    """
    return load_by_name(name, "hardware", Accelerator, presets_dir)


def list_accelerators(*, presets_dir: str | Path | None = None) -> tuple[Accelerator, ...]:
    """Every accelerator in the catalogue, sorted by id.

    Parameters
    ----------
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    tuple of Accelerator
    """
    folder = preset_dir(presets_dir) / "hardware"
    return tuple(load_accelerator(i, presets_dir=presets_dir) for i in preset_ids(folder))
