r"""Planning calls: one question in, one typed, frozen :class:`~planner.planning._records.Plan` out.

:func:`plan`, :func:`plan_model`, :func:`plan_target_loss` and :func:`compare` assemble a plan
from the vectorised solvers of :mod:`planner.laws._solve` (the split and the loss), the hardware
report of :mod:`planner.planning._hardware`, the model shape of :mod:`planner.planning._shapes`,
and the law's
notes and warnings. The CLI and the TUI call exactly these.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from planner.defaults import DEFAULT_LAW
from planner.errors import InfeasibleError, InputError, PlannerWarning, SolverError
from planner.io._check_types import check_optional_path, check_sequence
from planner.laws import _kernels as k
from planner.laws._preset import LawPreset
from planner.laws._registry import list_laws
from planner.laws._repetition import (
    loss_and_repetition,
    optimum_with_repetition,
)
from planner.laws._solve import (
    check_compute,
    check_range,
    compute_for_loss,
    loss_model,
    require_loss_model,
    require_parametric,
    resolve_law,
)
from planner.limits import INFERENCE_TOKENS_RANGE, PARAMS_RANGE, TOKENS_RANGE
from planner.planning._assemble import (
    budget_to_flops,
    finish_plan,
    full_flops_per_token,
    inference_plan,
    optimal_fields,
    optional_positive,
)
from planner.planning._budgets import read_budget
from planner.planning._hardware import costed, resolve_hardware
from planner.planning._options import check_seq_len, routed
from planner.planning._records import Budget, HardwareOptions, Plan
from planner.units import (
    FLOPS_PER_PARAM_TOKEN,
    format_count,
    format_flops,
    parse_quantity,
)

__all__ = ["compare", "plan", "plan_model", "plan_target_loss"]


def plan(
    budget: Budget | float | int | str,
    *,
    law: str | Path | LawPreset = DEFAULT_LAW,
    max_params: float | str | None = None,
    n_params: float | str | None = None,
    n_tokens: float | str | None = None,
    unique_tokens: float | str | None = None,
    inference_tokens: float | str | None = None,
    accelerator: str | None = None,
    mfu: float | None = None,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    goodput: float | None = None,
    hardware: HardwareOptions | None = None,
    presets_dir: str | Path | None = None,
    seq_len: int | None = None,
    experts: int | None = None,
    top_k: int | None = None,
) -> Plan:
    """Plan a training budget: the split (N, D), the loss it reaches, and what it costs.

    Parameters
    ----------
    budget : Budget, float, int or str
        FLOPs (``5.76e23``, ``"1e24"``), a :class:`~planner.planning._records.Budget` in PF-days,
        GPU-hours or dollars (its accelerator, MFU, GPU count and price are used), or a budget
        as people state it (:func:`~planner.planning._budgets.read_budget`: ``"5 PF-days"``,
        ``"512 H100 x 30 days"``, ``"1M H100-hours"``, ``"$5M at $2/h"``), whose accelerator,
        GPU count and price must agree with the keywords below where both are given.
    law : str, Path or LawPreset
        Law id (``planner laws``), a law file, or a loaded preset. Default ``besiroglu2024``.
    max_params : float or str, optional
        Cap on N: the plan is the best split with N <= max_params.
    n_params : float or str, optional
        Train exactly this many parameters; D = C / (6 N).
    n_tokens : float or str, optional
        Train on exactly this many tokens; N = C / (6 D).
    unique_tokens : float or str, optional
        Only this many unique tokens exist: the loss-optimal split with repeated epochs
        (Muennighoff et al. 2023).
    inference_tokens : float or str, optional
        Expected lifetime inference tokens: the split that reaches the loss of the
        compute-optimal plan for ``budget`` at the least training + inference FLOPs
        (Sardana et al. 2024). Training FLOPs then exceed the budget; total FLOPs fall.
    accelerator, mfu, n_gpus, price_per_gpu_hour, goodput
        Hardware for GPU-hours, wall-clock days and cost (default H100 SXM at 40% MFU and 90%
        goodput: GPU-hours = C / (peak x MFU x goodput x 3600)).
    hardware : HardwareOptions, optional
        The same as one record (the CLI's, the TUI form's, a plan's ``hardware.options``);
        the keywords above override its fields, and it overrides a Budget's.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).
    seq_len : int, optional
        Tokens per sequence: the budget is spent at the full training FLOPs per token of
        Kaplan et al. 2020 Table 1 (6N plus attention ``6 n_layer n_ctx d_attn``, embedding
        and logits), ``D = C / flops_per_token.total`` at the law's N, instead of at 6N.
    experts, top_k : int, optional
        A mixture of experts with E experts, K routed per token: planned with an MoE law
        (``ludziejewski2025-moe``, top-1), which splits the budget into active parameters and
        tokens; ``n_params`` is then the total and ``n_active_params`` the active count. A
        dense law refuses them (:class:`InfeasibleError`) rather than guess.

    Returns
    -------
    Plan
        Frozen result; ``compute_flops == 6 * n_params * n_tokens`` (without ``seq_len``).

    Raises
    ------
    InputError
        Bad budget or constraint values.
    InfeasibleError
        Contradictory constraints, or a constraint the law cannot model.
    PresetError
        Unknown or malformed law / accelerator.

    Examples
    --------
    >>> p = plan(5.76e23, law="hoffmann2022-approach1")
    >>> f"{p.n_params:.3g} {p.n_tokens:.3g} {p.tokens_per_param:.1f}"
    '6.78e+10 1.42e+12 20.9'
    """
    preset = routed(resolve_law(law, presets_dir=presets_dir), experts, top_k)
    if isinstance(budget, str):  # "512 H100 x 30 days": the text may set the hardware too
        budget = read_budget(
            budget,
            accelerator=accelerator,
            mfu=mfu,
            n_gpus=n_gpus,
            price_per_gpu_hour=price_per_gpu_hour,
            goodput=goodput,
            hardware=hardware,
            presets_dir=presets_dir,
        )
        accelerator = mfu = n_gpus = price_per_gpu_hour = hardware = None  # all in the Budget
    c, budget_model = budget_to_flops(budget, presets_dir)  # parsed and checked here, once
    seq_len = check_seq_len(seq_len, n_tokens, unique_tokens, inference_tokens)
    if seq_len is not None and experts is not None:
        raise InfeasibleError(
            "seq_len: the full FLOPs count needs a dense model's shape; a mixture of experts is "
            "planned at 6 N_act per token"
        )
    cap = optional_positive("max_params", max_params, PARAMS_RANGE, "parameters")
    fixed_d = optional_positive("n_tokens", n_tokens, TOKENS_RANGE, "tokens")
    fixed_n = optional_positive("n_params", n_params, PARAMS_RANGE, "parameters")
    if fixed_n is not None:
        if fixed_d is not None:
            raise InfeasibleError(
                "n_params and n_tokens: with both fixed the budget is implied (6ND); "
                "use plan_model(n_params, n_tokens)"
            )
        fixed_d = c / (FLOPS_PER_PARAM_TOKEN * fixed_n)
        if not TOKENS_RANGE[0] <= fixed_d <= TOKENS_RANGE[1]:
            raise InfeasibleError(
                f"n_params: {fixed_n:g} parameters at {c:g} FLOPs leaves D = {fixed_d:g} tokens"
            )
    unique = optional_positive("unique_tokens", unique_tokens, TOKENS_RANGE, "tokens")
    t_inf = optional_positive(
        "inference_tokens", inference_tokens, INFERENCE_TOKENS_RANGE, "tokens"
    )
    options = resolve_hardware(
        budget=budget_model,
        accelerator=accelerator,
        mfu=mfu,
        n_gpus=n_gpus,
        price_per_gpu_hour=price_per_gpu_hour,
        goodput=goodput,
        hardware=hardware,
        presets_dir=presets_dir,
    )

    if cap is not None and (fixed_d is not None or fixed_n is not None):
        raise InfeasibleError(
            "max_params and n_tokens: give one with a budget (both fix the split); "
            "for a given model use plan_model(n_params, n_tokens)"
        )
    if t_inf is not None and (cap is not None or fixed_d is not None or unique is not None):
        raise InfeasibleError(
            "inference_tokens: cannot be combined with max_params, n_params, n_tokens or "
            "unique_tokens"
        )

    notes: list[str] = []
    n0, d0 = (float(x) for x in preset.law.optimum(np.asarray(c)))

    if t_inf is not None:
        spec = require_parametric(preset, "inference-aware planning")
        target = float(k.parametric_frontier_loss(c, spec.e, spec.a, spec.b, spec.alpha, spec.beta))
        notes.append(
            f"quality target: loss {target:.4f}, reached by the compute-optimal plan for "
            f"{format_flops(c)} FLOPs"
        )
        return inference_plan(
            preset,
            target,
            t_inf,
            options,
            notes,
            mode="inference",
            compute_optimal=(n0, d0),
            budget_flops=c,
            presets_dir=presets_dir,
        )

    if fixed_d is not None:
        n, d = c / (FLOPS_PER_PARAM_TOKEN * fixed_d), fixed_d
        if fixed_n is not None:
            n = fixed_n
            constraint = f"fixed model size {format_count(n)}"
        else:
            constraint = f"fixed token count {format_count(d)}"
        if not PARAMS_RANGE[0] <= n <= PARAMS_RANGE[1]:
            raise InfeasibleError(
                f"n_tokens: {fixed_d:g} tokens at {c:g} FLOPs leaves N = {n:g} parameters"
            )
    elif cap is not None and n0 > cap:
        n, d = cap, c / (FLOPS_PER_PARAM_TOKEN * cap)
        constraint = f"max_params {format_count(cap)} binding (optimum {format_count(n0)})"
    else:
        n, d = n0, d0
        constraint = None

    if unique is not None:
        require_parametric(preset, "a cap on unique tokens")
        if fixed_d is None:
            n_arr, d_arr, _ = optimum_with_repetition(c, unique, preset, max_params=cap)
            n, d = float(n_arr), float(d_arr)
            if d > unique:
                constraint = f"unique tokens {format_count(unique)}: {d / unique:.2f} epochs" + (
                    f", max_params {format_count(cap)}"
                    if cap is not None and n >= cap * (1 - 1e-9)
                    else ""
                )
    flops = None
    if seq_len is not None:
        flops = full_flops_per_token(preset, n, seq_len)
        d = c / flops.total
        notes.append(
            f"budget spent at the full count at sequence length {seq_len}: "
            f"{flops.total:.4g} FLOPs per token ({flops.total / flops.dense:.3f}x 6N, "
            "Kaplan et al. 2020 Table 1), so D = C / that at the law's N"
        )
    loss, repetition = loss_and_repetition(preset, n, d, unique, notes)
    moved = constraint is not None
    if not moved and repetition is None and loss is not None and flops is None:
        # the compute-optimal plan: the law's frontier loss (for Kaplan, Eq. 1.3 rather than
        # the converged loss of Eq. 1.5; for the other kinds the same number)
        loss = float(preset.law.frontier_loss(np.asarray(c)))
    return finish_plan(
        preset,
        mode="budget",
        n=n,
        d=d,
        loss=loss,
        hardware=costed(options, c, presets_dir=presets_dir),
        notes=notes,
        compute_flops=c,
        constraint=constraint,
        max_params=cap,
        fixed_tokens=fixed_d if fixed_n is None else None,
        repetition=repetition,
        flops_per_token=flops,
        **(optimal_fields(preset, c, (n0, d0)) if moved else {}),
    )


def plan_model(
    n_params: float | str,
    n_tokens: float | str,
    *,
    law: str | Path | LawPreset = DEFAULT_LAW,
    unique_tokens: float | str | None = None,
    accelerator: str | None = None,
    mfu: float | None = None,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    goodput: float | None = None,
    hardware: HardwareOptions | None = None,
    presets_dir: str | Path | None = None,
) -> Plan:
    """A given model: N parameters on D tokens: its compute (6ND), loss and tokens per parameter.

    The plan also carries the compute-optimal split for the same compute
    (``optimal_n_params``, ``optimal_n_tokens``, ``optimal_loss``).

    Parameters
    ----------
    n_params, n_tokens : float or str
        N and D, in the number grammar (``7B``, ``2T``).
    law : str, Path or LawPreset
        A law id, a path to a law file, or a loaded preset.
    unique_tokens : float or str, optional
        Unique tokens D is drawn from; the loss then counts repeated epochs (Muennighoff et al.).
    accelerator : str, optional
        Accelerator id for GPU-hours (default ``h100-sxm``).
    mfu : float, optional
        Model FLOPs utilisation in (0, 1] (default 0.40).
    n_gpus : int, optional
        GPUs, for the wall clock.
    price_per_gpu_hour : float, optional
        Dollars per GPU-hour, for the cost.
    goodput : float, optional
        Share of the GPU time that trains, in [0.01, 1] (default 0.90, Llama 3 405B).
    hardware : HardwareOptions, optional
        The same settings as one record; the keywords above override its fields.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    Plan
        ``mode = "model"``; the loss where the law has one.

    Examples
    --------
    >>> p = plan_model("7B", "2T", law="hoffmann2022-approach3")
    >>> f"{p.compute_flops:.3g} {p.loss:.4f} {p.tokens_per_param:.0f}"
    '8.4e+22 2.0203 286'
    """
    preset = resolve_law(law, presets_dir=presets_dir)
    n = float(
        check_range(
            "n_params", parse_quantity(n_params, name="n_params"), PARAMS_RANGE, "parameters"
        )
    )
    d = float(
        check_range("n_tokens", parse_quantity(n_tokens, name="n_tokens"), TOKENS_RANGE, "tokens")
    )
    c = FLOPS_PER_PARAM_TOKEN * n * d
    check_compute(c, "compute_flops (6 * n_params * n_tokens)")
    unique = optional_positive("unique_tokens", unique_tokens, TOKENS_RANGE, "tokens")
    options = resolve_hardware(
        accelerator=accelerator,
        mfu=mfu,
        n_gpus=n_gpus,
        price_per_gpu_hour=price_per_gpu_hour,
        goodput=goodput,
        hardware=hardware,
        presets_dir=presets_dir,
    )
    notes: list[str] = []
    loss, repetition = loss_and_repetition(preset, n, d, unique, notes)
    return finish_plan(
        preset,
        mode="model",
        n=n,
        d=d,
        loss=loss,
        hardware=costed(options, c, presets_dir=presets_dir),
        notes=notes,
        repetition=repetition,
        **optimal_fields(preset, c),
    )


def plan_target_loss(
    target_loss: float | str,
    *,
    law: str | Path | LawPreset = DEFAULT_LAW,
    max_params: float | str | None = None,
    inference_tokens: float | str | None = None,
    accelerator: str | None = None,
    mfu: float | None = None,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    goodput: float | None = None,
    hardware: HardwareOptions | None = None,
    presets_dir: str | Path | None = None,
) -> Plan:
    """The least compute (and its N, D) that reaches ``target_loss``.

    With ``max_params``, N is capped and D grows to reach the loss; with ``inference_tokens``,
    training + inference FLOPs are minimised instead (Sardana et al. 2024).

    Parameters
    ----------
    target_loss : float or str
        The loss to reach, on the law's scale.
    law : str, Path or LawPreset
        A law id, a path to a law file, or a loaded preset.
    max_params : float or str, optional
        A cap on N.
    inference_tokens : float or str, optional
        T, inference tokens over the model's life (not with ``max_params``).
    accelerator : str, optional
        Accelerator id for GPU-hours (default ``h100-sxm``).
    mfu : float, optional
        Model FLOPs utilisation in (0, 1] (default 0.40).
    n_gpus : int, optional
        GPUs, for the wall clock.
    price_per_gpu_hour : float, optional
        Dollars per GPU-hour, for the cost.
    goodput : float, optional
        Share of the GPU time that trains, in [0.01, 1] (default 0.90, Llama 3 405B).
    hardware : HardwareOptions, optional
        The same settings as one record; the keywords above override its fields.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    Plan
        ``mode = "target-loss"`` (or ``"inference"``); ``compute_flops`` is the least compute.

    Raises
    ------
    InfeasibleError
        A target at or below the law's irreducible loss, or below what ``max_params`` can reach.

    Examples
    --------
    >>> p = plan_target_loss(2.0, law="hoffmann2022-approach3")
    >>> f"{p.compute_flops:.3g} {p.loss:.4f}"
    '1.11e+23 2.0000'
    """
    preset = resolve_law(law, presets_dir=presets_dir)
    ell = parse_quantity(target_loss, name="target_loss")
    if ell <= 0:
        raise InputError(f"target_loss: must be a finite number > 0, got {target_loss!r}")
    cap = optional_positive("max_params", max_params, PARAMS_RANGE, "parameters")
    t_inf = optional_positive(
        "inference_tokens", inference_tokens, INFERENCE_TOKENS_RANGE, "tokens"
    )
    if t_inf is not None:
        if cap is not None:
            raise InfeasibleError("inference_tokens: cannot be combined with max_params")
        compute_for_loss(ell, preset)  # refuses a target the law cannot reach in range
        options = resolve_hardware(
            accelerator=accelerator,
            mfu=mfu,
            n_gpus=n_gpus,
            price_per_gpu_hour=price_per_gpu_hour,
            goodput=goodput,
            hardware=hardware,
            presets_dir=presets_dir,
        )
        return inference_plan(
            preset, ell, t_inf, options, [], mode="inference", presets_dir=presets_dir
        )

    c = float(compute_for_loss(ell, preset))
    n, d = (float(x) for x in preset.law.optimum(np.asarray(c)))
    constraint = None
    extra: dict[str, float | None] = {}
    if cap is not None and n > cap:
        model = require_loss_model(preset, "reach a target loss")
        limit = float(model.predict(cap, TOKENS_RANGE[1]))
        if ell <= limit:
            raise InfeasibleError(
                f"target_loss: {ell:g} is out of reach for {format_count(cap)} parameters under "
                f"law {preset.id!r} (its loss with unlimited data is {limit:.4f})"
            )
        d_arr, ok = k.bisect_log(lambda dd: model.predict(cap, dd), ell, 1.0, TOKENS_RANGE[1])
        if not bool(ok):
            raise SolverError("token count for the target loss not bracketed")
        n, d = cap, float(d_arr)
        constraint = f"max_params {format_count(cap)} binding"
        c = FLOPS_PER_PARAM_TOKEN * n * d
        extra = optimal_fields(preset, c)
    options = resolve_hardware(
        accelerator=accelerator,
        mfu=mfu,
        n_gpus=n_gpus,
        price_per_gpu_hour=price_per_gpu_hour,
        goodput=goodput,
        hardware=hardware,
        presets_dir=presets_dir,
    )
    loss_kind = loss_model(preset)
    if loss_kind is None:
        loss = None
    elif constraint is None:  # on the frontier: the law's frontier loss, the target itself
        loss = float(loss_kind.frontier_loss(np.asarray(c)))
    else:
        loss = float(loss_kind.predict(n, d))
    return finish_plan(
        preset,
        mode="target-loss",
        n=n,
        d=d,
        loss=loss,
        hardware=costed(options, c, presets_dir=presets_dir),
        notes=[f"target loss {ell:g} on {preset.loss_scale.id if preset.loss_scale else '?'}"],
        compute_flops=c,
        constraint=constraint,
        max_params=cap,
        **extra,
    )


def compare(
    budget: Budget | float | int | str,
    *,
    laws: tuple[str | Path | LawPreset, ...] | None = None,
    presets_dir: str | Path | None = None,
    experts: int | None = None,
    top_k: int | None = None,
    **kwargs: object,
) -> tuple[Plan, ...]:
    """The same budget through every law (or ``laws``): one plan each, in registry order.

    Warnings are collected in each plan's ``warnings`` rather than emitted.

    Parameters
    ----------
    budget : Budget, float, int or str
        As for :func:`plan`.
    laws : tuple of str, Path or LawPreset, optional
        The laws to compare (default: every law in the registry).
    presets_dir : str or Path, optional
        The preset folder.
    experts, top_k : int, optional
        A mixture of experts (as for :func:`plan`): only the laws that plan this routing are
        planned; the others (dense laws, routings an MoE law's paper does not cover) are left
        out, :func:`planner.planning._options.routing_refusal` saying why.
    **kwargs
        Further arguments of :func:`plan`, the same for every law.

    Returns
    -------
    tuple of Plan
        One per law (that takes the routing, where one is given), in the order of ``laws``.

    Examples
    --------
    >>> rows = compare(5.88e23)
    >>> len(rows) >= 9
    True
    >>> [p.law for p in compare(1e22, experts=64, top_k=1)]
    ['krajewski2024-moe-e64', 'ludziejewski2025-moe']
    """
    check_optional_path(presets_dir, "presets_dir")
    chosen = check_sequence(list_laws(presets_dir=presets_dir) if laws is None else laws, "laws")
    if experts is not None or top_k is not None:  # the laws that plan this routing
        from planner.planning._options import routing_refusal

        presets = [resolve_law(law, presets_dir=presets_dir) for law in chosen]  # type: ignore[arg-type]
        chosen = tuple(law for law in presets if routing_refusal(law, experts, top_k) is None)
        kwargs = {**kwargs, "experts": experts, "top_k": top_k}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        return tuple(
            plan(budget, law=law, presets_dir=presets_dir, **kwargs)  # type: ignore[arg-type]
            for law in chosen
        )
