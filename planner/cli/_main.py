"""Command line: ``planner plan | compare | fit | laws | hardware | tasks | mirage``.

``planner`` alone opens the terminal UI (imported lazily, only then).

A thin shell over the library: every command calls one public function and prints its typed
result. Errors the planner raises on purpose exit with code 2 and one line on stderr; stdout is
reserved for results.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from planner.cli._args import (
    EXIT_USAGE,
    HardwareKwargs,
    UsageError,
    hardware_kwargs,
    one_line,
)
from planner.cli._parser import build_parser
from planner.errors import PlannerError, PlannerWarning

if TYPE_CHECKING:
    from planner.laws._preset import LawPreset

__all__ = ["main"]


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


_BUDGET_FLAGS = {
    "Budget.price_per_gpu_hour": "--price (dollars per GPU-hour)",
    "Budget.n_gpus": "--gpus",
    "Budget.mfu": "--mfu",
    "Budget.accelerator": "--gpu",
}
"""The CLI option each library Budget field comes from, for its errors."""


def _budget(args: argparse.Namespace) -> object:
    from planner.planning._records import Budget
    from planner.units import parse_budget

    value, unit = parse_budget(args.budget, args.unit)  # "$2M", "5 PF-days" carry their unit
    if not value > 0:
        from planner.errors import InputError

        raise InputError(f"budget: must be a finite number > 0, got {args.budget!r}")
    if unit == "flops":
        return value
    from planner.defaults import DEFAULT_ACCELERATOR, DEFAULT_MFU
    from planner.errors import InputError

    try:
        return Budget(  # a bad field raises InputError naming it
            value=value,
            unit=unit,
            accelerator=args.gpu or DEFAULT_ACCELERATOR,
            mfu=DEFAULT_MFU if args.mfu is None else args.mfu,
            price_per_gpu_hour=args.price,
            n_gpus=args.gpus,
        )
    except InputError as exc:  # name the option the user types, not the library's field
        field, _, rest = str(exc).partition(": ")
        if field in _BUDGET_FLAGS:
            raise InputError(f"{_BUDGET_FLAGS[field]}: {rest}") from None
        raise


def _cmd_plan(args: argparse.Namespace, law: LawPreset) -> object:
    from planner.planning import _planning as planning
    from planner.planning._options import dense_only

    dense_only(law, args.experts, args.top_k)
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
            **hardware_kwargs(args),
        )
    if args.target_loss is not None:
        if args.budget is not None or args.params is not None or args.tokens is not None:
            raise UsageError("--target-loss: give no BUDGET, --params or --tokens with it")
        return planning.plan_target_loss(
            args.target_loss,
            law=law,
            max_params=args.max_params,
            inference_tokens=args.inference_tokens,
            **hardware_kwargs(args),
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
            **hardware_kwargs(args),
        )
    budget = _budget(args)
    extra: HardwareKwargs = hardware_kwargs(args) if args.unit == "flops" else {}
    return planning.plan(
        budget,  # type: ignore[arg-type]
        law=law,
        max_params=args.max_params,
        n_params=args.params,
        n_tokens=args.tokens,
        unique_tokens=args.unique_tokens,
        inference_tokens=args.inference_tokens,
        seq_len=args.seq_len,
        **extra,
    )


def _cmd_fit(args: argparse.Namespace) -> None:
    from planner.cli._fit import run_fit

    run_fit(args)


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
    from planner.cli._run import plan_run
    from planner.errors import PlannerError
    from planner.report import _run as run_report

    try:
        sheet, run_error = plan_run(result, args), ""
    except PlannerError as exc:  # e.g. a model beyond the shapes' range: the plan stands
        sheet, run_error = None, str(exc)
    if args.json:
        print(
            report.plan_json_text(
                result,
                rows,
                like=args.like,
                recipe=args.recipe,
                run=sheet if sheet is not None else run_error,
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
    from planner.scores._predict import task_scores

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
    for w in result.warnings:
        print(f"planner: warning: {w}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    """Run the subcommand the parser chose (each sets ``func``)."""
    args.func(args)
    return 0


def _do_plan(args: argparse.Namespace) -> None:
    from planner.defaults import DEFAULT_LAW
    from planner.laws._solve import resolve_law

    law = resolve_law(args.law or DEFAULT_LAW)
    _print_plan(_cmd_plan(args, law), args)


def _do_tasks(args: argparse.Namespace) -> None:
    from planner.report import _listings as listings
    from planner.report import _plan as report
    from planner.tasks._emergence import list_tasks, loss_threshold_ids

    tasks = list_tasks(tuple(args.tasks))
    if args.json:
        print(json.dumps([t.model_dump(mode="json") for t in tasks], indent=2))
    else:
        thresholds = loss_threshold_ids(tuple(args.tasks))
        print(report.format_table(*listings.tasks_rows(tasks, thresholds)))


def _do_mirage(args: argparse.Namespace) -> None:
    from planner.defaults import DEFAULT_LAW
    from planner.report import _listings as listings
    from planner.report import _plan as report
    from planner.tasks._metric_view import mirage

    result = mirage(args.answer_tokens, law=args.law or DEFAULT_LAW)
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), indent=2))
        return
    print(f"answer of {result.answer_tokens} tokens, law {result.law}: {result.method}")
    print(report.format_table(*listings.mirage_rows(result)))
    print(
        "emergence score (Schaeffer et al. Eq. 1): exact match "
        f"{result.emergence_score_exact_match:.3g}, token edit distance "
        f"{result.emergence_score_edit_distance:.3g} (Eq. 1 is scale-free, so edit "
        "distance, linear in L, scores the same for every L; exact match grows with L)"
    )


def _do_compare(args: argparse.Namespace) -> None:
    from planner.planning import _planning as planning
    from planner.report import _plan as report
    extra: HardwareKwargs = hardware_kwargs(args) if args.unit == "flops" else {}
    plans = planning.compare(_budget(args), **extra)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps([p.model_dump(mode="json") for p in plans], indent=2))
        return
    from planner.report._scores import emerged_text
    from planner.units import format_flops

    print(f"every law at {format_flops(plans[0].compute_flops)} FLOPs")
    emerged = [emerged_text(p) for p in plans]
    print(report.format_table(*report.compare_rows(plans, emerged)))
    print("* non-embedding parameters; loss scales differ between rows and do not compare.")


def _do_laws(args: argparse.Namespace) -> None:
    from planner.laws._registry import list_laws
    from planner.report import _listings as listings
    from planner.report import _plan as report

    laws = list_laws()
    if args.json:
        print(json.dumps([law.model_dump(mode="json") for law in laws], indent=2))
    else:
        print(report.format_table(*listings.laws_rows(laws)))


def _do_hardware(args: argparse.Namespace) -> None:
    from planner.planning._accelerators import list_accelerators
    from planner.report import _listings as listings
    from planner.report import _plan as report

    accs = list_accelerators()
    if args.json:
        print(json.dumps([a.model_dump(mode="json") for a in accs], indent=2))
    else:
        print(report.format_table(*listings.accelerator_rows(accs)))


def _do_figure(args: argparse.Namespace) -> None:
    import warnings as _warnings

    from planner.defaults import DEFAULT_LAW
    from planner.io._checks import check_real
    from planner.io._files import check_output
    from planner.laws._solve import resolve_law
    from planner.planning import _planning as planning
    from planner.report._figures import figure

    budget = check_real(args.budget, "budget", low=0.0, low_open=True)
    write = {  # checked before any work; never over the law file read (--law ./law.toml)
        "inputs": [args.law] if args.law else [],
        "force": args.force,
        "name": "--out",
        "force_hint": "--force",
        "replace_read_only": args.replace_read_only,
    }
    out = check_output(args.out, **write)
    law = resolve_law(args.law or DEFAULT_LAW)
    with _warnings.catch_warnings():  # the figure says what it extrapolates in its own note
        _warnings.simplefilter("ignore", PlannerWarning)
        p = planning.plan(budget, law=law)
        written = figure(args.kind, p, out, **write)
    print(f"figure written: {written.resolve()}")


def _do_sweep(args: argparse.Namespace) -> None:
    from planner.cli._run import sweep_command

    sweep_command(args)


def _do_serve(args: argparse.Namespace) -> None:
    from planner.cli._run import serve_command

    serve_command(args)


def _do_run(args: argparse.Namespace) -> None:
    from planner.cli._run import run_command

    run_command(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "plan": _do_plan,
    "fit": _cmd_fit,
    "tasks": _do_tasks,
    "mirage": _do_mirage,
    "compare": _do_compare,
    "laws": _do_laws,
    "hardware": _do_hardware,
    "run": _do_run,
    "figure": _do_figure,
    "serve": _do_serve,
    "sweep": _do_sweep,
}


EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells expect."""
EXIT_INTERNAL = 70
"""Exit code of a failure the planner did not foresee (EX_SOFTWARE): a bug to report."""


def _error(message: str) -> None:
    print(f"planner: error: {one_line(message) or 'unknown error'}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planner`` command; returns the exit code.

    0 on success; 2 with one line on stderr for input the planner refuses; 130 after Ctrl-C;
    70 with one line if something unforeseen fails (a bug: no traceback is shown, the line
    says what to report). numpy's RuntimeWarnings are errors here, never terminal noise.
    """
    try:
        args = build_parser(COMMANDS).parse_args(argv)
        if args.command is None:
            return _run_tui(args)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PlannerWarning)  # shown from the result instead
            warnings.simplefilter("error", RuntimeWarning)  # numpy's overflow/invalid warnings
            return _run(args)
    except PlannerError as exc:
        _error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return EXIT_USAGE
    except (RuntimeWarning, FloatingPointError, OverflowError, ZeroDivisionError) as exc:
        _error(f"numerical failure ({exc}); the inputs are probably out of range")
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("planner: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `planner laws | head`
        return 0
    except RecursionError:
        _error("input nested too deeply")
        return EXIT_USAGE
    except MemoryError:
        _error("out of memory; the input is too large")
        return EXIT_USAGE
    except Exception as exc:  # a bug: one line, no traceback, a non-zero code
        _error(f"internal error, please report it: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL


def _run_tui(args: argparse.Namespace) -> int:
    """Run the app; a crash inside it gives a non-zero exit code (Textual's return code)."""
    from planner.tui.app import make_app

    app = make_app(law_files=tuple(args.law_file))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
