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
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli_parser import EXIT_USAGE, build_parser, one_line
from planner.errors import PlannerError, PlannerWarning

if TYPE_CHECKING:
    from planner.models import LawPreset, LossScale
    from planner.runs import Runs

__all__ = ["main"]


def _thresholds(args: argparse.Namespace) -> dict[str, float]:
    from planner.units import parse_quantity

    out: dict[str, float] = {}
    for item in args.threshold:
        task, sep, value = item.partition("=")
        if not sep or not task:
            raise _UsageError(f"--threshold: expected TASK=LOSS, got {item!r}")
        loss = parse_quantity(value, name=f"--threshold {task}")
        if not loss > 0:
            raise _UsageError(f"--threshold {task}: must be a loss > 0, got {value!r}")
        out[task] = loss
    return out


def _budget(args: argparse.Namespace) -> object:
    from planner.models import Budget
    from planner.units import parse_quantity

    value = parse_quantity(args.budget, name="budget")
    if not value > 0:
        from planner.errors import InputError

        raise InputError(f"budget: must be a finite number > 0, got {args.budget!r}")
    if args.unit == "flops":
        return value
    from planner.defaults import DEFAULT_ACCELERATOR, DEFAULT_MFU

    return Budget(  # a bad field raises InputError naming it
        value=value,
        unit=args.unit,
        accelerator=args.gpu or DEFAULT_ACCELERATOR,
        mfu=DEFAULT_MFU if args.mfu is None else args.mfu,
        price_per_gpu_hour=args.price,
        n_gpus=args.gpus,
    )


def _hardware_kwargs(args: argparse.Namespace) -> dict[str, object]:
    return {
        "accelerator": args.gpu,
        "mfu": args.mfu,
        "n_gpus": args.gpus,
        "price_per_gpu_hour": args.price,
    }


def _cmd_plan(args: argparse.Namespace, law: LawPreset) -> object:
    from planner import planning

    if args.until is not None:
        if any(x is not None for x in (args.budget, args.target_loss, args.params, args.tokens)):
            raise _UsageError(
                "--until: give no BUDGET, --target-loss, --params or --tokens with it"
            )
        if "=" in args.until:  # TASK=SCORE: the score's 80% lower bound reaches SCORE
            from planner.scores import compute_for_score
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
            from planner.emergence import compute_to_emerge

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
            **_hardware_kwargs(args),  # type: ignore[arg-type]
        )
    if args.target_loss is not None:
        if args.budget is not None or args.params is not None or args.tokens is not None:
            raise _UsageError("--target-loss: give no BUDGET, --params or --tokens with it")
        return planning.plan_target_loss(
            args.target_loss,
            law=law,
            max_params=args.max_params,
            inference_tokens=args.inference_tokens,
            **_hardware_kwargs(args),  # type: ignore[arg-type]
        )
    if args.budget is None:
        if args.params is None or args.tokens is None:
            raise _UsageError("plan: give a BUDGET, or --params N --tokens D, or --target-loss L")
        if args.max_params is not None or args.inference_tokens is not None:
            raise _UsageError(
                "--params/--tokens (a given model): "
                "--max-params and --inference-tokens do not apply"
            )
        return planning.plan_model(
            args.params,
            args.tokens,
            law=law,
            unique_tokens=args.unique_tokens,
            **_hardware_kwargs(args),  # type: ignore[arg-type]
        )
    budget = _budget(args)
    extra = _hardware_kwargs(args) if args.unit == "flops" else {}
    return planning.plan(
        budget,  # type: ignore[arg-type]
        law=law,
        max_params=args.max_params,
        n_params=args.params,
        n_tokens=args.tokens,
        unique_tokens=args.unique_tokens,
        inference_tokens=args.inference_tokens,
        **extra,  # type: ignore[arg-type]
    )


class _UsageError(PlannerError):
    """A combination of options that makes no sense."""


def _cmd_fit(args: argparse.Namespace) -> None:
    from planner import fit as fitting
    from planner import fit_report
    from planner.files import check_output
    from planner.lawfile import fit_to_law
    from planner.models import LossScale, build, validate_id
    from planner.presets import validate_new_law_id
    from planner.runs import slug

    # every argument is checked before the fit starts: a bad --out must not cost a long fit
    out = law_id = scale = None
    if args.out is not None:
        out = check_output(
            args.out, inputs=[args.runs], force=args.force, name="--out", force_hint="--force"
        )
        law_id = validate_new_law_id(
            args.law_id if args.law_id is not None else slug(out.name), name="--law-id"
        )
        if args.loss_scale or args.corpus or args.tokenizer:
            scale = build(
                LossScale,
                "",
                id=validate_id(args.loss_scale, name="--loss-scale")
                if args.loss_scale
                else f"user-{slug(Path(args.runs).name)}",
                corpus=args.corpus or "not stated",
                tokenizer=args.tokenizer or "not stated",
            )
    elif args.law_id or args.loss_scale or args.corpus or args.tokenizer or args.force:
        raise _UsageError(
            "--law-id, --loss-scale, --corpus, --tokenizer and --force go with --out FILE"
        )

    fitting.check_fit_options(
        bootstrap=args.bootstrap,
        seed=args.seed,
        level=args.level,
        holdout_fraction=args.holdout_fraction,
    )
    where: dict[str, str] = {}
    for item in args.where:
        col, sep, value = item.partition("=")
        if not sep or not col:
            raise _UsageError(f"--where: expected COLUMN=VALUE, got {one_line(repr(item))}")
        where[col] = value
    if args.kind != "parametric" and (args.bootstrap or args.approach2):
        raise _UsageError(
            f"--kind {args.kind}: --bootstrap and --approach2 are available for the parametric "
            "kind only"
        )
    runs = fitting.read_runs(
        args.runs,
        params_col=args.params_col,
        tokens_col=args.tokens_col,
        compute_col=args.compute_col,
        loss_col=args.loss_col,
        drop_highest=args.drop_highest,
        where=where,
        max_params=args.max_params,
    )
    if args.kind != "parametric":
        _fit_other_kind(args, runs, out, law_id, scale)
        return

    def progress(done: int, total: int) -> None:
        print(f"planner: bootstrap {done}/{total}", file=sys.stderr, flush=True)

    result = fitting.fit_runs(
        runs,
        bootstrap=args.bootstrap,
        seed=args.seed,
        level=args.level,
        holdout_fraction=args.holdout_fraction,
        approach2=args.approach2,
        progress=progress if args.bootstrap >= 100 else None,
    )
    for warning in result.warnings:
        print(f"planner: warning: {warning}", file=sys.stderr)
    written = None
    if out is not None and law_id is not None:
        preset = fit_to_law(
            result,
            law_id=law_id,
            loss_scale=scale,
            parameter_convention=args.parameter_convention,
            allow_degenerate=args.force,
        )
        written = _write_law(preset, out, args)
    if args.json:
        data = fit_report.fit_json(result)
        if written:
            data["law_file"] = written
        print(json.dumps(data, indent=2))
        return
    print(fit_report.render_fit(result))
    if written:
        print(f"law file written: {written} (use: planner plan BUDGET --law {written})")


def _write_law(preset: LawPreset, out: Path, args: argparse.Namespace) -> str:
    from planner.lawfile import write_law_file

    written = write_law_file(
        preset, out, inputs=[args.runs], force=args.force, name="--out", force_hint="--force"
    )
    return str(written)


def _fit_other_kind(
    args: argparse.Namespace,
    runs: Runs,
    out: Path | None,
    law_id: str | None,
    scale: LossScale | None,
) -> None:
    """``planner fit --kind KIND`` for a kind other than the parametric one."""
    from planner import fit_report
    from planner.fit_kinds import fit_kind, kind_fit_to_law

    result = fit_kind(runs, args.kind, holdout_fraction=args.holdout_fraction)
    for warning in result.warnings:
        print(f"planner: warning: {warning}", file=sys.stderr)
    written = None
    if out is not None and law_id is not None:
        preset = kind_fit_to_law(
            result,
            law_id=law_id,
            loss_scale=scale,
            parameter_convention=args.parameter_convention,
            allow_degenerate=args.force,
        )
        written = _write_law(preset, out, args)
    if args.json:
        data = result.model_dump(mode="json")
        if written:
            data["law_file"] = written
        print(json.dumps(data, indent=2))
        return
    print(fit_report.render_kind_fit(result))
    if written:
        print(f"law file written: {written} (use: planner plan BUDGET --law {written})")


def _print_plan(result: object, law: LawPreset, args: argparse.Namespace) -> None:
    from planner import report
    from planner.emergence import capabilities
    from planner.models import Plan

    assert isinstance(result, Plan)
    rows = capabilities(
        result,
        law=law,
        task_files=tuple(args.tasks),
        thresholds=_thresholds(args),
        threshold_offset=args.threshold_offset,
        like=args.like,
        recipe=args.recipe,
    )
    if args.json:
        print(report.plan_json_text(result, rows, like=args.like, recipe=args.recipe))
        return
    print(report.render_plan(result))
    print()
    print(report.format_table(*report.emergence_rows(rows, result.compute_flops)))
    extra = report.translation_lines(rows) + report.compute_view_summary(rows, result.compute_flops)
    for line in extra:
        print(line)
    from planner.scores import task_scores

    scores = task_scores(result, like=args.like, recipe=args.recipe)
    print()
    print(report.format_table(*report.score_rows(scores)))
    print(report.score_source(scores))
    for w in result.warnings:
        print(f"planner: warning: {w}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    """Run the subcommand the parser chose (each sets ``func``)."""
    args.func(args)
    return 0


def _do_plan(args: argparse.Namespace) -> None:
    from planner.defaults import DEFAULT_LAW
    from planner.solve import resolve_law

    law = resolve_law(args.law or DEFAULT_LAW)
    _print_plan(_cmd_plan(args, law), law, args)


def _do_tasks(args: argparse.Namespace) -> None:
    from planner import listings, report
    from planner.emergence import list_tasks, loss_threshold_ids

    tasks = list_tasks(tuple(args.tasks))
    if args.json:
        print(json.dumps([t.model_dump(mode="json") for t in tasks], indent=2))
    else:
        thresholds = loss_threshold_ids(tuple(args.tasks))
        print(report.format_table(*listings.tasks_rows(tasks, thresholds)))


def _do_mirage(args: argparse.Namespace) -> None:
    from planner import listings, report
    from planner.defaults import DEFAULT_LAW
    from planner.mirage import mirage

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
    from planner import planning, report

    extra = _hardware_kwargs(args) if args.unit == "flops" else {}
    plans = planning.compare(_budget(args), **extra)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps([p.model_dump(mode="json") for p in plans], indent=2))
        return
    print(f"compute {plans[0].compute_flops:.3g} FLOPs through every law")
    print(report.format_table(*report.compare_rows(plans)))
    print("* non-embedding parameters; loss scales differ between rows and do not compare.")


def _do_laws(args: argparse.Namespace) -> None:
    from planner import listings, report
    from planner.presets import list_laws

    laws = list_laws()
    if args.json:
        print(json.dumps([law.model_dump(mode="json") for law in laws], indent=2))
    else:
        print(report.format_table(*listings.laws_rows(laws)))


def _do_hardware(args: argparse.Namespace) -> None:
    from planner import listings, report
    from planner.presets import list_accelerators

    accs = list_accelerators()
    if args.json:
        print(json.dumps([a.model_dump(mode="json") for a in accs], indent=2))
    else:
        print(report.format_table(*listings.accelerator_rows(accs)))


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "plan": _do_plan,
    "fit": _cmd_fit,
    "tasks": _do_tasks,
    "mirage": _do_mirage,
    "compare": _do_compare,
    "laws": _do_laws,
    "hardware": _do_hardware,
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
