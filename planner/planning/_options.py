"""Options of a budget plan beyond the dense 6ND split: a mixture of experts and a sequence length.

Kept apart from :mod:`planner.planning._planning` so the planning calls stay short; both functions
are
argument checks that :func:`planner.planning._planning.plan` and the CLI call before planning.
"""

from __future__ import annotations

from planner.errors import InfeasibleError
from planner.io._checks import check_whole
from planner.laws._preset import LawPreset

__all__ = ["check_seq_len", "dense_only"]


def check_seq_len(
    seq_len: object, n_tokens: object, unique_tokens: object, inference_tokens: object
) -> int | None:
    """The sequence length a budget is spent at (full FLOPs count), checked.

    Parameters
    ----------
    seq_len : object
        Tokens per sequence, or None (the budget is spent at 6N per token).
    n_tokens, unique_tokens, inference_tokens : object
        The plan's other options: with any of them given the full count is not planned.

    Returns
    -------
    int or None
        The sequence length, a whole number from 1 to 1e7.

    Raises
    ------
    InputError
        ``seq_len`` not a whole number in range.
    InfeasibleError
        ``seq_len`` with fixed tokens, unique tokens or inference tokens.
    """
    if seq_len is None:
        return None
    checked = check_whole(seq_len, "seq_len", low=1, high=10_000_000)
    if n_tokens is not None or unique_tokens is not None or inference_tokens is not None:
        raise InfeasibleError(
            "seq_len: the full FLOPs count is planned with a budget, max_params or "
            "n_params only (not n_tokens, unique_tokens or inference_tokens)"
        )
    return checked


def dense_only(preset: LawPreset, experts: int | None, top_k: int | None) -> None:
    """Refuse a mixture of experts: every shipped law is dense.

    Parameters
    ----------
    preset : LawPreset
        The law asked for.
    experts, top_k : int or None
        The experts and experts per token asked for (None: a dense model).

    Returns
    -------
    None
        When neither is given (a dense model, which every shipped law plans).

    Raises
    ------
    InputError
        ``experts`` or ``top_k`` not a whole number in range.
    InfeasibleError
        Either given: the law predicts dense models only.
    """
    if experts is None and top_k is None:
        return
    if experts is not None:
        check_whole(experts, "experts", low=1, high=1_000_000)
    if top_k is not None:
        check_whole(top_k, "top_k", low=1, high=experts if experts is not None else 1_000_000)
    raise InfeasibleError(
        f"experts: law {preset.id} is a dense law (every parameter active on every token), "
        "and no mixture-of-experts scaling law ships with planner (none whose constants could "
        "be read in its source), so the budget cannot be split into total and active "
        "parameters without guessing; plan the dense model, or give the MoE's active "
        "parameters as --params"
    )
