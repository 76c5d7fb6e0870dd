"""A fit as text and as JSON: coefficients with intervals, allocation, hold-out, Approach 2.

The presentation of :mod:`planner.fit._parametric` and :mod:`planner.fit._kinds` results for
``planner
fit`` and the TUI's fit screen (no terminal library is imported here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.report._plan import format_table
from planner.units import format_flops

if TYPE_CHECKING:
    from collections.abc import Sequence

    from planner.fit._kinds import KindFit
    from planner.fit._parametric import FitReport
    from planner.laws._preset import LossScoreCurve

__all__ = ["fit_json", "render_fit", "render_kind_fit"]


def fit_json(report: FitReport) -> dict[str, object]:
    """The fit as one JSON-ready object: E, A, B, alpha, beta, objective at the top level.

    Parameters
    ----------
    report : FitReport
        From :func:`planner.fit._parametric.fit_runs`.

    Returns
    -------
    dict
        JSON-serialisable.
    """
    f = report.approach3
    data: dict[str, object] = {
        "E": f.e,
        "A": f.a,
        "B": f.b,
        "alpha": f.alpha,
        "beta": f.beta,
        "objective": f.objective,
        "converged": f.converged,
        "message": f.message,
        "allocation_exponent": f.allocation_exponent,
        "tokens_per_param": [
            {"compute_flops": c, "tokens_per_param": t} for c, t in f.tokens_per_param
        ],
        "n_runs": report.n_runs,
        "n_dropped": report.n_dropped,
        "source": report.source,
        "sha256": report.sha256,
        "fitted_compute_flops": list(report.fitted_compute_flops),
        "n_starts": f.n_starts,
        "n_polished": f.n_polished,
        "delta": f.delta,
        "warnings": list(report.warnings),
        "degenerate": report.degenerate,
    }
    if report.bootstrap is not None:
        b = report.bootstrap
        data["stderr"] = b.stderr
        data["ci"] = {k: list(v) for k, v in b.ci.items()}
        data["bootstrap"] = {
            "n_resamples": b.n_resamples,
            "seed": b.seed,
            "level": b.level,
            "n_failed": b.n_failed,
        }
    if report.holdout is not None:
        data["holdout"] = report.holdout.model_dump()
    if report.approach2 is not None:
        data["approach2"] = report.approach2.model_dump()
    return data


def render_fit(report: FitReport) -> str:
    """The fit as text: coefficients (with intervals), allocation, hold-out, Approach 2.

    Parameters
    ----------
    report : FitReport
        From :func:`planner.fit._parametric.fit_runs`.

    Returns
    -------
    str
    """
    f = report.approach3
    b = report.bootstrap
    lines = [
        f"{report.n_runs} runs from {report.source} ({report.n_dropped} highest-loss dropped); "
        f"compute {format_flops(report.fitted_compute_flops[0])}-"
        f"{format_flops(report.fitted_compute_flops[1])} FLOPs",
        f"objective {f.objective:.6g} (summed Huber, delta {f.delta:g}); "
        # scipy's own words only when it failed (fit --json keeps them as `message`)
        "converged"
        if f.converged
        else f"NOT converged ({f.message.lower()})",
        f"{f.n_starts} grid starts screened, {f.n_polished} polished by L-BFGS-B",
        *(["DEGENERATE: this fit means nothing as a scaling law"] if report.degenerate else []),
        *(f"warning: {w}" for w in report.warnings),
        "",
    ]
    header = ["coefficient", "estimate"] + (
        ["stderr", f"{b.level:.0%} interval"] if b is not None else []
    )
    rows = []
    for key, value in (
        ("E", f.e),
        ("A", f.a),
        ("B", f.b),
        ("alpha", f.alpha),
        ("beta", f.beta),
        ("a", f.allocation_exponent),
    ):
        row = [key if key != "a" else "a = beta/(alpha+beta)", f"{value:.5g}"]
        if b is not None:
            lo, hi = b.ci[key]
            # a bootstrap bound is not good to 5 digits (its 5th moves between scipy releases)
            row += [f"{b.stderr[key]:.3g}", f"[{lo:.4g}, {hi:.4g}]"]
        rows.append(row)
    lines.append(format_table(header, rows))
    lines.append("")
    tpp = ", ".join(f"{t:.1f} at {format_flops(c)}" for c, t in f.tokens_per_param)
    lines.append(f"tokens per parameter (compute-optimal): {tpp}")
    if b is not None:
        lo, hi = b.ci["tokens_per_param_at_5.88e23"]
        lines.append(
            f"  at 5.88e23: {b.level:.0%} interval [{lo:.1f}, {hi:.1f}] over {b.n_resamples} "
            f"resamples (seed {b.seed}, {b.n_failed} failed)"
        )
    if report.holdout is not None:
        h = report.holdout
        lines.append(
            f"hold-out: fit on {h.n_fit} runs, predict the {h.n_held_out} with compute >= "
            f"{format_flops(h.compute_threshold)}: mean |error| {h.mean_abs_rel_error:.2%}, "
            f"max {h.max_abs_rel_error:.2%}"
        )
    if report.approach2 is not None:
        a2 = report.approach2
        lines.append(
            f"approach 2: N_opt = {a2.k:.4g} C^{a2.a:.3f} over {len(a2.budgets)} iso-FLOP budgets; "
            f"{a2.note}"
        )
    return "\n".join(lines)


def render_kind_fit(fit: KindFit) -> str:
    """A fit of a law kind other than the parametric one, as text.

    Parameters
    ----------
    fit : KindFit
        From :func:`planner.fit._kinds.fit_kind`.

    Returns
    -------
    str
        The fitted parameters, the objective and convergence, the hold-out errors.
    """
    lines = [
        f"{fit.n_runs} runs from {fit.source}; compute "
        f"{format_flops(fit.fitted_compute_flops[0])}-{format_flops(fit.fitted_compute_flops[1])} "
        f"FLOPs; kind {fit.kind}",
        f"objective {fit.objective:.6g} (summed Huber, delta 0.001); "
        f"{'converged' if fit.converged else 'NOT converged'}; {fit.n_starts} grid starts",
        *(["DEGENERATE: this fit means nothing as a scaling law"] if fit.degenerate else []),
        *(f"warning: {w}" for w in fit.warnings),
        "",
        format_table(["coefficient", "estimate"], [[k, f"{v:.5g}"] for k, v in fit.params.items()]),
    ]
    if fit.holdout is not None:
        h = fit.holdout
        lines.append(
            f"hold-out: fit on {h.n_fit} runs, predict the {h.n_held_out} with compute >= "
            f"{format_flops(h.compute_threshold)}: mean |error| {h.mean_abs_rel_error:.2%}, "
            f"max {h.max_abs_rel_error:.2%}"
        )
    return "\n".join(lines)


def task_curve_json(curve: LossScoreCurve) -> dict[str, object]:
    """A task curve for ``planner fit --json``: its constants, without the bootstrap draws.

    Parameters
    ----------
    curve : LossScoreCurve

    Returns
    -------
    dict
        The draws are in the written law file; here their count is ``n_bootstrap``.
    """
    data = curve.model_dump()
    for key in ("draws_floor", "draws_ceiling", "draws_k", "draws_l0"):
        data.pop(key)
    data["n_bootstrap"] = len(curve.draws_k)
    return data


def render_task_curves(curves: Sequence[LossScoreCurve]) -> str:
    """The task curves of ``planner fit --task-col`` as text.

    Parameters
    ----------
    curves : sequence of LossScoreCurve

    Returns
    -------
    str
    """
    lines = [
        "task score curves on the runs' loss: score = f + (c - f) sigmoid(k (L0 - L)) "
        "(Bhagia et al. 2024, step 2)",
        f"{'task':14s} {'column':16s} {'runs':>4s} {'f':>6s} {'c':>6s} {'k':>7s} {'L0':>7s} "
        f"{'MAE':>5s}  fitted loss",
    ]
    for c in curves:
        floor = f"{c.floor:.3f}" + ("*" if c.floor_fitted else "")
        lines.append(
            f"{c.task:14s} {c.column[:16]:16s} {c.n_runs:4d} {floor:>6s} {c.ceiling:6.3f} "
            f"{c.k:7.3f} {c.l0:7.3f} {c.mae_points:5.1f}  "
            f"{c.loss_range[0]:.3f}-{c.loss_range[1]:.3f}"
        )
    lines += [f"{c.task}: {c.note}" for c in curves if c.note]
    lines.append(
        "f: chance (* fitted); MAE in points on the runs; intervals from "
        f"{len(curves[0].draws_k) if curves else 0} bootstrap refits"
    )
    return "\n".join(lines)
