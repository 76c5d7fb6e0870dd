"""Options of a budget plan beyond the dense 6ND split: a mixture of experts and a sequence length.

Kept apart from :mod:`planner.planning._planning` so the planning calls stay short; these
are argument checks that :func:`planner.planning._planning.plan` and the CLI call before planning.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.errors import InfeasibleError
from planner.io._checks import check_whole
from planner.laws._preset import LawPreset
from planner.laws.kinds.moe import MoeLaw
from planner.planning._records import Routing

__all__ = [
    "check_seq_len",
    "dense_only",
    "moe_fields",
    "routed",
    "routing_refusal",
    "routing_refusals",
]

MOE_LAWS = (
    "ludziejewski2025-moe for top-1 routing; krajewski2024-moe-e64 or krajewski2024-moe-e16 "
    "for experts = 64 or 16 x top-k"
)
"""The mixture-of-experts laws shipped, named in the refusal of a dense law."""


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


def routed(preset: LawPreset, experts: object, top_k: object) -> LawPreset:
    """The law at the routing a plan asks for: a mixture-of-experts law at E experts, top-K.

    Parameters
    ----------
    preset : LawPreset
        The law asked for.
    experts, top_k : object
        The experts and experts routed per token (None: a dense model, or the MoE law at
        its law file's routing).

    Returns
    -------
    LawPreset
        ``preset`` itself when neither is given (a dense plan is unchanged); else ``preset``
        with its law evaluated at the routing (:meth:`planner.laws.kinds.moe.MoeLaw.with_routing`).

    Raises
    ------
    InputError
        ``experts`` or ``top_k`` not a whole number in range.
    InfeasibleError
        A dense law (:func:`dense_only`), ``top_k`` without ``experts``, or a routing the MoE
        law's paper does not cover.
    """
    if experts is None and top_k is None:
        return preset
    if not isinstance(preset.law, MoeLaw):
        dense_only(preset, experts, top_k)
    e = check_whole(experts, "experts", low=1, high=1_000_000) if experts is not None else None
    k = (
        check_whole(top_k, "top_k", low=1, high=e if e is not None else 1_000_000)
        if top_k is not None
        else None
    )
    if e is None:
        raise InfeasibleError("top_k: give experts with it (the number of experts per MoE layer)")
    assert isinstance(preset.law, MoeLaw)
    return preset.model_copy(update={"law": preset.law.with_routing(e, k)})


DENSE_ONLY = "dense only: a dense law (every parameter active on every token) plans no experts"
"""Why a dense law has no plan at a routing (compare and sweep mark the law with it)."""


def routing_refusal(preset: LawPreset, experts: object, top_k: object) -> str | None:
    """Why a law cannot plan a routing, or None when it can (compare and sweep mark the law).

    Parameters
    ----------
    preset : LawPreset
        The law.
    experts, top_k : object
        The routing asked for (:func:`routed`).

    Returns
    -------
    str or None
        None where :func:`routed` accepts the routing (and for a dense model, neither given);
        :data:`DENSE_ONLY` for a dense law; else the MoE law's refusal (the routing its paper
        does not cover), as :func:`routed` words it.

    Raises
    ------
    InputError
        ``experts`` or ``top_k`` not a whole number in range (wrong for every law alike).
    """
    try:
        routed(preset, experts, top_k)
    except InfeasibleError as exc:
        if not isinstance(preset.law, MoeLaw):
            return DENSE_ONLY
        return str(exc)
    return None


def routing_refusals(
    laws: Sequence[LawPreset], experts: object, top_k: object
) -> dict[str, str] | None:
    """The laws that cannot plan a routing, and why (:func:`routing_refusal` of each).

    Parameters
    ----------
    laws : sequence of LawPreset
        The laws compared.
    experts, top_k : object
        The routing asked for (both None: a dense comparison).

    Returns
    -------
    dict of str to str, or None
        None when neither is given; else law id to reason, in the order of ``laws``.
    """
    if experts is None and top_k is None:
        return None
    refused = {}
    for law in laws:
        why = routing_refusal(law, experts, top_k)
        if why is not None:
            refused[law.id] = why
    return refused


def moe_fields(law: MoeLaw, active_params: float, n_tokens: float) -> tuple[float, Routing]:
    """The total parameters and the routing record of an MoE plan.

    Parameters
    ----------
    law : MoeLaw
        The law at the plan's routing.
    active_params, n_tokens : float
        The plan's N_act and D.

    Returns
    -------
    total : float
        Total parameters of the law's architecture with ``active_params`` active.
    routing : Routing
        The routing in words and how far the plan lies past the law's fitted runs.
    """
    return law.total_params(active_params), Routing(
        experts=law.experts,
        top_k=law.top_k,
        description=law.routing_text(),
        past_fitted=tuple(law.past_fitted(active_params, n_tokens)),
    )


def dense_only(preset: LawPreset, experts: object, top_k: object) -> None:
    """Refuse a mixture of experts for a dense law.

    Parameters
    ----------
    preset : LawPreset
        The law asked for.
    experts, top_k : int or None
        The experts and experts per token asked for (None: a dense model).

    Returns
    -------
    None
        When neither is given (a dense model, which every dense law plans).

    Raises
    ------
    InputError
        ``experts`` or ``top_k`` not a whole number in range.
    InfeasibleError
        Either given: the law predicts dense models only; the message names the MoE laws.
    """
    if experts is None and top_k is None:
        return
    e = check_whole(experts, "experts", low=1, high=1_000_000) if experts is not None else None
    if top_k is not None:
        check_whole(top_k, "top_k", low=1, high=e if e is not None else 1_000_000)
    raise InfeasibleError(
        f"experts: law {preset.id} is a dense law (every parameter active on every token), "
        "so it cannot split a budget into total and active parameters without guessing; "
        f"plan the mixture of experts with an MoE law (--law {MOE_LAWS}) "
        "or plan the dense model"
    )
