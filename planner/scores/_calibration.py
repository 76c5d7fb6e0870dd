"""Task score calibrations (the fitted curves of public models) by id or path."""

from __future__ import annotations

from pathlib import Path

from planner.data._registry import load_by_name
from planner.scores._records import ScoreCalibration

__all__ = ["load_score_calibration"]


def load_score_calibration(
    name: str | Path = "obsscaling2024", *, presets_dir: str | Path | None = None
) -> ScoreCalibration:
    """Load task score curves by id (``obsscaling2024``) or path.

    Parameters
    ----------
    name : str or Path
        A calibration id in ``presets/scores/`` or a path to a ``.json`` file.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    ScoreCalibration
    """
    return load_by_name(name, "scores", ScoreCalibration, presets_dir)
