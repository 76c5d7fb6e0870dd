"""Assembling a :class:`~planner.planning._records.Plan` from solver results.

The planning calls of :mod:`planner.planning._planning` solve for (N, D); the functions here turn a
solved
(N, D) into the typed plan every front end shows: hardware, shape, notes and warnings, the
compute-optimal comparison and the inference-aware variant.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from planner.errors import InfeasibleError, PlannerWarning
from planner.laws import _kernels as k
from planner.laws._preset import LawPreset
from planner.laws._published import PaperCheck
from planner.laws._repetition import repetition_warnings
from planner.laws._solve import (
    check_compute,
    check_range,
    inference_optimum,
    loss_model,
    require_parametric,
)
from planner.laws.kinds.moe import MoeLaw
from planner.limits import PAPER_AGREEMENT, outside_fitted
from planner.planning._hardware import costed, flops_of
from planner.planning._options import moe_fields
from planner.planning._records import (
    Budget,
    FlopsPerToken,
    HardwareOptions,
    HardwareReport,
    InferenceReport,
    Plan,
)
from planner.planning._shapes import (
    DEFAULT_SEQ_LEN,
    MAX_SHAPE_PARAMS,
    MIN_SHAPE_PARAMS,
    kaplan_flops_per_token,
    shape_for_params,
)
from planner.units import (
    FLOPS_PER_PARAM_TOKEN,
    INFERENCE_FLOPS_PER_PARAM_TOKEN,
    format_count,
    format_flops,
    parse_quantity,
)

__all__ = [
    "budget_to_flops",
    "finish_plan",
    "full_flops_per_token",
    "inference_plan",
    "optimal_fields",
    "optional_positive",
    "paper_checks",
    "paper_warning",
    "range_warnings",
]


def budget_to_flops(
    budget: Budget | float | int | str, presets_dir: str | Path | None
) -> tuple[float, Budget | None]:
    """The budget in FLOPs, and the Budget it came from (None for a bare number of FLOPs).

    Where a planning call's budget enters: parsed once (a number or text; a Budget was parsed
    when it was built) and its FLOPs checked once against the planner's compute range.

    Parameters
    ----------
    budget : Budget, float, int or str
        A :class:`~planner.planning._records.Budget` in any unit, or FLOPs in the number grammar.
    presets_dir : str or Path, optional
        Where the accelerator of a GPU-hour or dollar budget is looked up.

    Returns
    -------
    compute_flops : float
    budget : Budget or None
    """
    if isinstance(budget, Budget):
        return float(check_compute(flops_of(budget, presets_dir=presets_dir))), budget
    if isinstance(budget, str):  # read as the command line reads it: "70B" is no budget
        from planner.planning._budgets import read_budget

        return budget_to_flops(read_budget(budget, presets_dir=presets_dir), presets_dir)
    return float(check_compute(parse_quantity(budget, name="compute_flops"))), None


def range_warnings(preset: LawPreset, compute_flops: float) -> list[str]:
    """A warning when C is more than ``EXTRAPOLATION_FACTOR`` outside the law's fitted compute.

    Parameters
    ----------
    preset : LawPreset
    compute_flops : float

    Returns
    -------
    list of str
        Empty inside the range.
    """
    lo, hi = preset.fitted_compute_flops
    match outside_fitted(preset.fitted_compute_flops, compute_flops):
        case ("past", factor):
            return [
                f"{format_flops(compute_flops)} FLOPs is {factor:.0f}x the largest compute "
                f"{preset.id} was fitted on ({format_flops(hi)}): an extrapolation"
            ]
        case ("below", factor):
            return [
                f"{format_flops(compute_flops)} FLOPs is {factor:.0f}x below the smallest "
                f"compute {preset.id} was fitted on ({format_flops(lo)}): an extrapolation"
            ]
    return []


def paper_checks(preset: LawPreset) -> tuple[PaperCheck, ...]:
    r"""The law's allocation at each budget its own paper states one for, against that figure.

    For each :class:`~planner.laws._published.PublishedAllocation` :math:`(C, N_p, D_p)` of the
    preset,
    the law's optimum :math:`(N, D)` at :math:`C`, the relative errors :math:`N/N_p - 1` and
    :math:`D/D_p - 1`, and whether either exceeds :data:`~planner.limits.PAPER_AGREEMENT`.

    Parameters
    ----------
    preset : LawPreset
        The law.

    Returns
    -------
    tuple of PaperCheck
        In the order of ``preset.published_allocation``; empty if it has none.

    References
    ----------
    Llama Team 2024, arXiv:2407.21783, section 3.2.1 (402B on 16.55T at 3.8e25 FLOPs);
    Hoffmann et al. 2022, arXiv:2203.15556, Tables 3 and A3.

    Examples
    --------
    >>> from planner import load_law
    >>> check = paper_checks(load_law("llama3-2024"))[0]
    >>> check.disagrees, round(check.n_params_error, 2), round(check.n_tokens_error, 2)
    (True, 0.51, -0.37)
    """
    out = []
    for fig in preset.published_allocation:
        n, d = (float(x) for x in preset.law.optimum(np.float64(fig.compute_flops)))
        n_err = None if fig.n_params is None else n / fig.n_params - 1.0
        d_err = None if fig.n_tokens is None else d / fig.n_tokens - 1.0
        worst = max(abs(e) for e in (n_err, d_err) if e is not None)
        out.append(
            PaperCheck(
                compute_flops=fig.compute_flops,
                paper_n_params=fig.n_params,
                paper_n_tokens=fig.n_tokens,
                law_n_params=n,
                law_n_tokens=d,
                n_params_error=n_err,
                n_tokens_error=d_err,
                disagrees=worst > PAPER_AGREEMENT,
                source=fig.source,
            )
        )
    return tuple(out)


def paper_warning(law: str, checks: Sequence[PaperCheck]) -> str | None:
    """One line on where a law disagrees with its own paper's allocations, or None.

    Parameters
    ----------
    law : str
        The law's id.
    checks : sequence of PaperCheck
        From :func:`paper_checks`.

    Returns
    -------
    str or None
        None when every figure agrees within :data:`~planner.limits.PAPER_AGREEMENT`.
    """
    bad = [c for c in checks if c.disagrees]
    if not bad:
        return None

    def worst(c: PaperCheck) -> float:
        return max(abs(e) for e in (c.n_params_error, c.n_tokens_error) if e is not None)

    c = max(bad, key=worst)
    paper, ours = [], []
    if c.paper_n_params is not None and c.n_params_error is not None:
        paper.append(format_count(c.paper_n_params))
        ours.append(f"{format_count(c.law_n_params)} ({c.n_params_error:+.0%})")
    if c.paper_n_tokens is not None and c.n_tokens_error is not None:
        paper.append(f"{format_count(c.paper_n_tokens)} tokens")
        ours.append(f"{format_count(c.law_n_tokens)} tokens ({c.n_tokens_error:+.0%})")
    text = (
        f"{law} disagrees with its own paper: at {format_flops(c.compute_flops)} FLOPs the paper "
        f"states {' on '.join(paper)} ({c.source}); the law gives {' on '.join(ours)}"
    )
    if len(checks) > 1:
        text += f"; {len(bad)} of {len(checks)} stated allocations differ by more than " + (
            f"{PAPER_AGREEMENT:.0%}"
        )
    return text


def full_flops_per_token(preset: LawPreset, n: float, seq_len: int) -> FlopsPerToken:
    """Training FLOPs per token of N parameters at a sequence length, beyond 6N.

    The shape is the planner's rule for N (:func:`~planner.planning._shapes.shape_for_params`); the
    terms are Kaplan et al. 2020 Table 1's
    (:func:`~planner.planning._shapes.kaplan_flops_per_token`).
    For a law counting total parameters the non-embedding N is N less the shape's embedding
    (``vocab_size x d_model``); ``dense`` is 6N as the law counts it.

    Parameters
    ----------
    preset : LawPreset
        The law (its parameter convention).
    n : float
        Parameters, as the law counts them.
    seq_len : int
        Tokens per sequence.

    Returns
    -------
    FlopsPerToken

    Raises
    ------
    InfeasibleError
        N outside the range the shape rule covers.
    """
    if not MIN_SHAPE_PARAMS <= n <= MAX_SHAPE_PARAMS:
        raise InfeasibleError(
            f"seq_len: the attention FLOPs need a model shape, and N = {format_count(n)} is "
            f"outside the {format_count(MIN_SHAPE_PARAMS)}-{MAX_SHAPE_PARAMS:.0e} parameters "
            "the shape rule covers"
        )
    shape = shape_for_params(n, parameter_convention=preset.parameter_convention, seq_len=seq_len)
    embedding = float(shape.vocab_size * shape.d_model)
    non_embedding = n if preset.parameter_convention == "non-embedding" else n - embedding
    return kaplan_flops_per_token(
        non_embedding,
        shape.n_layers,
        shape.n_heads * shape.head_dim,
        shape.d_model,
        shape.vocab_size,
        seq_len,
        dense=FLOPS_PER_PARAM_TOKEN * n,
    )


def finish_plan(
    preset: LawPreset,
    *,
    mode: str,
    n: float,
    d: float,
    loss: float | None,
    hardware: HardwareReport,
    notes: list[str],
    compute_flops: float | None = None,
    **extra: object,
) -> Plan:
    """Assemble the :class:`~planner.planning._records.Plan` for a solved (N, D), with C = 6ND.

    Adds the shape (Hoffmann et al. 2022 Table 4 aspect ratio, when N is in the shape rule's
    range; otherwise a note says why there is none), the law's hyperparameters and notes, and
    the extrapolation and repetition warnings, each also emitted as a
    :class:`~planner.errors.PlannerWarning`.

    Parameters
    ----------
    preset : LawPreset
        The law planned with.
    mode : str
        The plan's question: ``budget``, ``model``, ``target-loss`` or ``inference``.
    n, d : float
        Parameters and training tokens.
    loss : float or None
        The loss at (N, D), None for laws without a loss model.
    hardware : HardwareReport
        GPU-hours, days and cost of the training run.
    notes : list of str
        How the figures were obtained.
    compute_flops : float, optional
        The budget the caller was given; reported as given (not recomputed as 6ND, which
        would print 5.76e23 as 5.7600000000000094e23) when 6ND equals it to rounding.
    **extra
        Further :class:`~planner.planning._records.Plan` fields (constraint, repetition, inference,
        ...).

    Returns
    -------
    Plan
    """
    flops = extra.get("flops_per_token")
    c = FLOPS_PER_PARAM_TOKEN * n * d
    if isinstance(flops, FlopsPerToken):
        c = flops.total * d  # the full count: attention, embedding and logits beside 6N
    if compute_flops is not None and abs(c / compute_flops - 1.0) < 1e-9:
        c = compute_flops  # echo the input exactly
    has_shape = MIN_SHAPE_PARAMS <= n <= MAX_SHAPE_PARAMS
    shape_note = (
        []
        if has_shape
        else [
            f"no model shape: N = {format_count(n)} is outside the "
            f"{format_count(MIN_SHAPE_PARAMS)}-{MAX_SHAPE_PARAMS:.0e} parameters the shape rule "
            "covers"
        ]
    )
    total, routing, past_fitted = n, None, tuple[str, ...]()
    if isinstance(preset.law, MoeLaw):
        total, routing = moe_fields(preset.law, n, d)
        past_fitted = routing.past_fitted
        if routing.experts > 1:
            has_shape = False  # the shape rule is for dense models
            shape_note = [
                "no model shape: the shape rule (Hoffmann et al. 2022) is for dense models"
            ]
    loss_note = None
    if loss is None:
        loss_note = f"law {preset.id} publishes no loss model"
    result = Plan(
        mode=mode,  # type: ignore[arg-type]
        law_preset=preset,
        parameter_convention=preset.parameter_convention,
        compute_flops=c,
        n_params=total,
        n_tokens=d,
        tokens_per_param=d / n,
        n_active_params=n,
        routing=routing,
        loss=loss,
        loss_scale=preset.loss_scale if loss is not None else None,
        loss_note=loss_note,
        hyperparameters=preset.law.hyperparameters(c),
        hardware=hardware,
        shape=shape_for_params(
            n,
            parameter_convention=preset.parameter_convention,
            seq_len=flops.seq_len if isinstance(flops, FlopsPerToken) else DEFAULT_SEQ_LEN,
        )
        if has_shape
        else None,
        notes=tuple(notes + preset.law.notes(c) + shape_note),
        warnings=tuple(
            range_warnings(preset, c)
            + repetition_warnings(extra.get("repetition"))
            + [f"{preset.id}: past the law's fitted runs: {s}" for s in past_fitted]
        ),
        fitted_compute_flops=preset.fitted_compute_flops,
        paper_checks=paper_checks(preset),
        **extra,  # type: ignore[arg-type]
    )
    for message in result.warnings:
        warnings.warn(message, PlannerWarning, stacklevel=3)
    return result


def optional_positive(
    name: str, value: float | str | None, bounds: tuple[float, float], unit: str
) -> float | None:
    """An optional quantity in the number grammar, checked against ``bounds``.

    Parameters
    ----------
    name : str
        The field, for the error message.
    value : float, str or None
    bounds : (float, float)
        Inclusive range.
    unit : str
        For the error message.

    Returns
    -------
    float or None
        None when ``value`` is None.
    """
    if value is None:
        return None
    return float(check_range(name, parse_quantity(value, name=name), bounds, unit))


def optimal_fields(
    preset: LawPreset, c: float, optimum: tuple[float, float] | None = None
) -> dict[str, float | None]:
    """The compute-optimal (N, D) and loss at the same compute, for a constrained plan.

    Parameters
    ----------
    preset : LawPreset
    c : float
        Compute (FLOPs).
    optimum : (float, float), optional
        The law's optimum (N, D) at ``c`` where the caller has it (it is not solved again).

    Returns
    -------
    dict
        ``optimal_n_params``, ``optimal_n_tokens`` and ``optimal_loss`` (None without a loss).
    """
    n0, d0 = optimum if optimum is not None else preset.law.optimum(np.asarray(c))
    model = loss_model(preset)
    return {
        "optimal_n_params": float(n0),
        "optimal_n_tokens": float(d0),
        "optimal_loss": None if model is None else float(model.frontier_loss(np.asarray(c))),
    }


def inference_plan(
    preset: LawPreset,
    target: float,
    t_inf: float,
    options: HardwareOptions,
    notes: list[str],
    *,
    mode: str,
    compute_optimal: tuple[float, float] | None = None,
    budget_flops: float | None = None,
    presets_dir: str | Path | None = None,
) -> Plan:
    r"""The plan that reaches ``target`` with least training + inference compute.

    Sardana et al. 2024: minimise :math:`6ND + 2NT` subject to :math:`L(N, D) = \ell`, against
    the compute-optimal run for the same loss (the ``saving`` of the report).

    Parameters
    ----------
    preset : LawPreset
        A law with a parametric loss.
    target : float
        The loss to reach.
    t_inf : float
        Expected inference tokens T over the model's life.
    options : HardwareOptions
        Accelerator, MFU, GPUs and price.
    notes : list of str
        Notes so far.
    mode : str
        The plan's mode (``budget`` or ``inference``).
    compute_optimal : (float, float), optional
        The compute-optimal (N, D) for ``target`` where the caller has it (a budget's plan:
        the loss came from it, so it is not converted back to compute and solved again).
    budget_flops : float, optional
        The budget the plan was asked for (a plan for a target loss has none).
    presets_dir : str or Path, optional
        Where the accelerator is looked up.

    Returns
    -------
    Plan
    """
    spec = require_parametric(preset, "inference-aware planning")
    n_arr, d_arr = inference_optimum(target, t_inf, preset)
    n, d = float(n_arr), float(d_arr)
    if compute_optimal is None:
        c_opt = float(
            k.parametric_compute_for_loss(target, spec.e, spec.a, spec.b, spec.alpha, spec.beta)
        )
        n_opt, d_opt = k.parametric_optimum(c_opt, spec.a, spec.b, spec.alpha, spec.beta)
        compute_optimal = (float(n_opt), float(d_opt))
    n0, d0 = compute_optimal
    train = FLOPS_PER_PARAM_TOKEN * n * d
    inference = INFERENCE_FLOPS_PER_PARAM_TOKEN * n * t_inf
    total_opt = FLOPS_PER_PARAM_TOKEN * n0 * d0 + INFERENCE_FLOPS_PER_PARAM_TOKEN * n0 * t_inf
    report = InferenceReport(
        inference_tokens=t_inf,
        target_loss=target,
        train_flops=train,
        inference_flops=inference,
        total_flops=train + inference,
        compute_optimal_n_params=n0,
        compute_optimal_n_tokens=d0,
        compute_optimal_total_flops=total_opt,
        saving=1.0 - (train + inference) / total_opt,
    )
    return finish_plan(
        preset,
        mode=mode,
        n=n,
        d=d,
        loss=float(k.parametric_loss(n, d, spec.e, spec.a, spec.b, spec.alpha, spec.beta)),
        # the training run, larger than the budget here
        hardware=costed(options, train, presets_dir=presets_dir),
        notes=notes,
        inference=report,
        budget_flops=budget_flops,
        constraint=f"inference demand {format_count(t_inf)} tokens",
        optimal_n_params=n0,
        optimal_n_tokens=d0,
        optimal_loss=target,
    )
