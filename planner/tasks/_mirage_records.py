"""The metric view's results (Schaeffer et al. 2023)."""

from planner.data._frozen import Frozen

__all__ = ["MirageReport", "MirageRow"]


class MirageRow(Frozen):
    """One compute budget in the metric view."""

    compute_flops: float
    token_loss: float
    """Per-token cross-entropy on the answer (the law's reducible loss)."""
    p_token: float
    exact_match: float
    token_edit_distance: float


class MirageReport(Frozen):
    """Exact match against token edit distance across compute (Schaeffer et al. 2023)."""

    law: str
    answer_tokens: int
    rows: tuple[MirageRow, ...]
    emergence_score_exact_match: float
    """Schaeffer et al. Eq. 1 applied to exact match across the rows."""
    emergence_score_edit_distance: float
    """Eq. 1 applied to minus the token edit distance."""
    method: str
