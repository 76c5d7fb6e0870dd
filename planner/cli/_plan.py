"""``planner plan``: a budget, a given model or a target loss to a plan and what follows.

The plan, its capabilities, task scores and run sheet, as text or one JSON object.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING, Any

from planner.cli._args import (
    UsageError,
    add_budget_options,
    add_emergence_options,
    add_experts_options,
    add_run_options,
    budget_of,
    energy_options,
    hardware_options,
    law_arg,
    number_arg,
)

if TYPE_CHECKING:
    from planner.laws._preset import LawPreset
    from planner.planning._records import Plan
    from planner.run._sheet import RunSheet

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner plan`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    p = sub.add_parser(
        "plan",
        help="plan a budget, a given model, or a target loss",
        description="Plan BUDGET (FLOPs by default), or a given model (--params N --tokens D), "
        "or the least compute for --target-loss L.",
    )
    p.set_defaults(func=run)
    p.add_argument(
        "budget",
        nargs="?",
        help="training budget: 1e24 (FLOPs), '5 PF-days', '1M H100-hours', "
        "'512 H100 x 30 days' (sets --gpu, --gpus and --days), '$5M at $2/h'",
    )
    p.add_argument(
        "--law",
        default=None,
        type=law_arg,
        metavar="ID|PATH",
        help="law id or law file (default besiroglu2024)",
    )
    positive = number_arg(0, math.inf)
    p.add_argument(
        "--max-params", type=positive, default=None, metavar="N", help="cap on parameters, e.g. 70B"
    )
    p.add_argument(
        "--params", type=positive, default=None, metavar="N", help="fixed parameter count"
    )
    p.add_argument("--tokens", type=positive, default=None, metavar="D", help="fixed token count")
    p.add_argument(
        "--unique-tokens",
        type=positive,
        default=None,
        metavar="U",
        help="unique tokens available (repetition)",
    )
    p.add_argument(
        "--inference-tokens",
        type=positive,
        default=None,
        metavar="T",
        help="expected inference tokens",
    )
    p.add_argument(
        "--target-loss",
        type=positive,
        default=None,
        metavar="L",
        help="plan the least compute reaching loss L",
    )
    p.add_argument(
        "--like",
        default=None,
        metavar="FAMILY",
        help="task scores for a data recipe like FAMILY's (a family of the score calibration, "
        "e.g. qwen1.5, pythia, llama-2; an unknown name lists them)",
    )
    p.add_argument(
        "--recipe",
        default=None,
        choices=("general", "code"),
        help="the run's data recipe for the task scores: general (web text, the default) or "
        "code (mostly source code, like StarCoder); with --like, that family's",
    )
    p.add_argument(
        "--until",
        default=None,
        metavar="TASK[=SCORE]",
        help="plan the least compute at which TASK emerges (its score's 80%% lower bound "
        "reaching chance + 5 points, or its loss threshold), or with "
        "=SCORE (a fraction, e.g. mmlu=0.6) at which its score's 80%% lower bound reaches SCORE",
    )
    add_experts_options(
        p,
        experts_help="a mixture of experts with E experts, planned with a BUDGET and an MoE law "
        "(--law ludziejewski2025-moe, krajewski2024-moe-e64 or -e16: total and active "
        "parameters and tokens); a dense law refuses it with the reason",
        top_k_help="experts routed per token (with --experts): 1 with ludziejewski2025-moe (its "
        "default), K with krajewski2024-moe-e64/-e16 (experts = 64 or 16 x K)",
    )
    add_emergence_options(p)
    add_run_options(p)
    add_budget_options(p)


def run(args: argparse.Namespace) -> None:
    """Run ``planner plan`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.defaults import DEFAULT_LAW
    from planner.laws._solve import resolve_law

    law = resolve_law(args.law or DEFAULT_LAW)
    _print_plan(_cmd_plan(args, law), args)


def _thresholds(args: argparse.Namespace) -> dict[str, float]:
    from planner.units import parse_quantity

    out: dict[str, float] = {}
    for item in args.threshold:
        task, sep, value = item.partition("=")
        if not sep or not task:
            raise UsageError(f"--threshold: expected TASK=LOSS, got {item!r}")
        loss = parse_quantity(value, name=f"--threshold {task}")
        if not loss > 0:
            raise UsageError(f"--threshold {task}: must be a loss > 0, got {value!r}")
        out[task] = loss
    return out


def _cmd_plan(args: argparse.Namespace, law: LawPreset) -> object:
    from planner.planning import _planning as planning
    from planner.planning._options import routed

    routed(law, args.experts, args.top_k)  # a dense law refuses --experts, before any mode
    moe = args.experts is not None or args.top_k is not None
    if moe and (args.budget is None or args.until is not None or args.target_loss is not None):
        raise UsageError("--experts: a mixture of experts is planned with a BUDGET")
    if args.until is not None:
        if any(x is not None for x in (args.budget, args.target_loss, args.params, args.tokens)):
            raise UsageError("--until: give no BUDGET, --target-loss, --params or --tokens with it")
        if "=" in args.until:  # TASK=SCORE: the score's 80% lower bound reaches SCORE
            from planner.scores._predict import compute_for_score
            from planner.units import parse_quantity

            task, _, text = args.until.partition("=")
            compute = compute_for_score(
                task.strip(),
                parse_quantity(text.strip(), name="--until score"),
                law=law,
                like=args.like,
                recipe=args.recipe,
            )
        else:
            from planner.tasks._emergence import compute_to_emerge

            compute = compute_to_emerge(
                args.until,
                law=law,
                task_files=tuple(args.tasks),
                thresholds=_thresholds(args),
                threshold_offset=args.threshold_offset,
                like=args.like,
                recipe=args.recipe,
            )
        return planning.plan(
            compute,
            law=law,
            max_params=args.max_params,
            unique_tokens=args.unique_tokens,
            hardware=hardware_options(args),
        )
    if args.target_loss is not None:
        if args.budget is not None or args.params is not None or args.tokens is not None:
            raise UsageError("--target-loss: give no BUDGET, --params or --tokens with it")
        return planning.plan_target_loss(
            args.target_loss,
            law=law,
            max_params=args.max_params,
            inference_tokens=args.inference_tokens,
            hardware=hardware_options(args),
        )
    if args.budget is None:
        if args.params is None or args.tokens is None:
            raise UsageError("plan: give a BUDGET, or --params N --tokens D, or --target-loss L")
        if args.max_params is not None or args.inference_tokens is not None:
            raise UsageError(
                "--params/--tokens (a given model): "
                "--max-params and --inference-tokens do not apply"
            )
        return planning.plan_model(
            args.params,
            args.tokens,
            law=law,
            unique_tokens=args.unique_tokens,
            hardware=hardware_options(args),
        )
    budget = budget_of(args)
    if budget.days is not None:  # "512 H100 x 30 days": the deadline, as --days 30
        args.days = budget.days
    return planning.plan(
        budget,
        law=law,
        max_params=args.max_params,
        n_params=args.params,
        n_tokens=args.tokens,
        unique_tokens=args.unique_tokens,
        inference_tokens=args.inference_tokens,
        seq_len=args.seq_len,
        experts=args.experts,
        top_k=args.top_k,
    )


def _print_plan(result: object, args: argparse.Namespace) -> None:
    from planner.planning._records import Plan
    from planner.report import _plan as report
    from planner.tasks._emergence import capabilities

    assert isinstance(result, Plan)
    rows = capabilities(
        result,
        task_files=tuple(args.tasks),
        thresholds=_thresholds(args),
        threshold_offset=args.threshold_offset,
        like=args.like,
        recipe=args.recipe,
    )
    from planner.errors import PlannerError
    from planner.report import _run as run_report

    try:
        sheet, run_error = _plan_run(result, args), ""
    except PlannerError as exc:  # e.g. a model beyond the shapes' range: the plan stands
        sheet, run_error = None, str(exc)
    view = report.precision_view(result, args.precision) if args.precision != "bf16" else None
    if args.json:
        print(
            report.plan_json_text(
                result,
                rows,
                like=args.like,
                recipe=args.recipe,
                run=sheet if sheet is not None else run_error,
                precision=view,
            )
        )
        return
    print(report.render_plan(result))
    print()
    print(report.format_table(*report.emergence_rows(rows, result.compute_flops)))
    extra = report.translation_lines(rows) + report.compute_view_summary(rows, result.compute_flops)
    from planner.report._shapes import shape_lines

    extra += shape_lines(rows, result.compute_flops)
    for line in extra:
        print(line)
    from planner.report import _scores as score_report
    from planner.tasks._score_view import task_scores

    scores = task_scores(result, like=args.like, recipe=args.recipe)
    print()
    print(report.format_table(*score_report.score_rows(scores)))
    print(score_report.score_source(scores))
    print()
    if sheet is None:
        print(f"run sheet: not available: {run_error}")
    else:
        print("run sheet")
        print(report.format_table(None, [list(r) for r in run_report.run_rows(sheet)]))
        for line in sheet.warnings:
            print(f"  note: {line}")
        if sheet.deadline_missed_days is not None:  # said where a warning is looked for too
            print(f"planner: warning: {sheet.warnings[0]}", file=sys.stderr)
    if view is not None:
        print()
        for line in report.precision_lines(view):
            print(line)
    for w in result.warnings:
        print(f"planner: warning: {w}", file=sys.stderr)


def _plan_run(p: Plan, args: argparse.Namespace) -> RunSheet:
    """The run sheet of a plan with the command line's run options.

    Parameters
    ----------
    p : Plan
        The plan.
    args : argparse.Namespace
        ``planner plan`` options.

    Returns
    -------
    RunSheet
    """
    from planner.report._run import plan_run_sheet

    return plan_run_sheet(
        p,
        seq_len=args.seq_len,
        micro_batch=args.micro_batch,
        days=args.days,
        energy=energy_options(args),
        attention=args.attention,
        precision=args.precision,
    )
