"""The compare view as rows of text: one law per row.

Each row says how far the law extrapolates past its fitted range and how its allocation
compares with its own paper's figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from planner.laws._published import PaperCheck
from planner.planning._records import Plan
from planner.units import format_count, format_days, format_dollars, format_flops, format_gpu_hours

__all__ = ["at_precision", "compare_json", "compare_rows", "fit_range_text", "paper_text"]


def _loss_text(p: Plan) -> str:
    return "n/a" if p.loss is None else f"{p.loss:.4f}"


def fit_range_text(p: Plan) -> str:
    """How far the plan's compute lies outside its law's fitted range, as a factor.

    Parameters
    ----------
    p : Plan
        The plan.

    Returns
    -------
    str
        ``inside``, ``1536x past`` (C over the largest fitted compute), ``20x below`` (the
        smallest over C), or ``-`` when the law states no range.

    Examples
    --------
    >>> from planner.planning._planning import plan
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     fit_range_text(plan(1e24, law="gadre2024-rpj"))
    '1536x past'
    """
    if p.fitted_compute_flops is None:
        return "-"
    lo, hi = p.fitted_compute_flops
    c = p.compute_flops
    if c > hi:
        return f"{c / hi:.2g}x past" if c / hi < 10 else f"{c / hi:.0f}x past"
    if c < lo:
        return f"{lo / c:.2g}x below" if lo / c < 10 else f"{lo / c:.0f}x below"
    return "inside"


def paper_text(p: Plan) -> str:
    """The law's allocation against its own paper's figures, as a compare cell.

    Parameters
    ----------
    p : Plan
        The plan.

    Returns
    -------
    str
        ``-`` (the paper states no allocation), ``agrees`` (every stated allocation within
        :data:`planner.limits.PAPER_AGREEMENT`), or the worst disagreement, e.g.
        ``N +51% D -37% at 3.80e25``.
    """
    if not p.paper_checks:
        return "-"
    bad = [c for c in p.paper_checks if c.disagrees]
    if not bad:
        return "agrees"

    def worst(c: PaperCheck) -> float:
        return max(abs(e) for e in (c.n_params_error, c.n_tokens_error) if e is not None)

    c = max(bad, key=worst)
    parts = []
    if c.n_params_error is not None:
        parts.append(f"N {c.n_params_error:+.0%}")
    if c.n_tokens_error is not None:
        parts.append(f"D {c.n_tokens_error:+.0%}")
    return " ".join(parts) + f" at {format_flops(c.compute_flops)}"


def _compare_note(p: Plan) -> str:
    """What to know about one law's row beyond its columns.

    Its first warning that is not the extrapolation (the ``fit range`` column shows that).
    """
    from planner.limits import outside_fitted

    rest = list(p.warnings)
    if p.fitted_compute_flops is not None and outside_fitted(
        p.fitted_compute_flops, p.compute_flops
    ):
        rest = rest[1:]  # range_warnings comes first (planner.planning._assemble.finish_plan)
    return rest[0] if rest else ""


MOE_COLUMNS_NOTE = "D/N: tokens per active parameter (D / N active; N is the total)"
"""The legend of a comparison at a routing (``compare --experts``): D/N is per active parameter
(:attr:`planner.planning._records.Plan.tokens_per_param`), beside a total N."""


def compare_rows(
    plans: Sequence[Plan],
    emerged: Sequence[str] | None = None,
    *,
    refused: Mapping[str, str] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the compare view: one law per row.

    Parameters
    ----------
    plans : sequence of Plan
        From :func:`planner.planning._planning.compare`.
    emerged : sequence of str, optional
        Per plan, the tasks emerged by their score curves (``planner.scores._predict``), as text.
    refused : mapping of str to str, optional
        Given for a comparison at a routing (``compare --experts``): the laws left out and why
        (:func:`planner.planning._options.routing_refusal`), each a row under the plans
        marked ``dense only`` or ``refused`` in the N column, its reason in the note; the
        table then has an ``N active`` column beside N (the total).

    Returns
    -------
    header : list of str
    rows : list of list of str
        Cells as text, for :func:`format_table` or a TUI table.
    """
    header, rows = _compare_rows(plans, emerged)
    if refused is None:
        return header, rows
    header.insert(2, "N active")
    for p, row in zip(plans, rows, strict=True):
        row.insert(2, "-" if p.n_active_params is None else format_count(p.n_active_params))
    for law, why in refused.items():  # "dense only", or "refused": the reason in the note
        mark = "dense only" if why.startswith("dense only") else "refused"
        rows.append([law, mark, *("-" for _ in header[2:-1]), why])
    return header, rows


def compare_json(
    plans: Sequence[Plan], refused: Mapping[str, str] | None = None
) -> list[dict[str, object]]:
    """The compare view as the data of ``planner compare --json``: one object per law.

    Each plan in the shape of ``planner plan --json``'s plan fields, with what the table's
    ``emerged`` column shows: ``emerged``, the tasks whose whole 80% score interval is past
    chance + 5 points (:func:`planner.scores._predict.emerged_tasks`), and ``emerged_needs``,
    those of them whose scores were measured with more than pre-training and what
    (:func:`planner.report._scores.task_needs`: ``{"gsm8k": "CoT prompting"}``), so that no
    reader of the JSON takes them for emerged from the compute alone (issue 19 item 4). A law
    that refuses the routing is ``{"law": id, "refused": why}``.

    Parameters
    ----------
    plans : sequence of Plan
        From :func:`planner.planning._planning.compare`.
    refused : mapping of str to str, optional
        Each law that plans no such mixture of experts, and why.

    Returns
    -------
    list of dict
    """
    from planner.report._scores import task_needs
    from planner.scores._predict import emerged_tasks

    needs = task_needs()
    out: list[dict[str, object]] = []
    for p in plans:
        data = p.model_dump(mode="json")
        tasks = emerged_tasks(p)
        data["emerged"] = list(tasks)
        data["emerged_needs"] = {t: needs[t] for t in tasks if t in needs}
        out.append(data)
    out += [{"law": law, "refused": why} for law, why in (refused or {}).items()]
    return out


def at_precision(
    plans: Sequence[Plan], precision: str, presets_dir: str | Path | None = None
) -> tuple[Plan, ...]:
    r"""The plans with GPU-hours, days and cost at the accelerator's dense peak for ``precision``.

    .. math:: \text{GPU-hours} = C / (3600 \, P_{\text{precision}} \, \text{MFU} \,
        \text{goodput})

    the plan's MFU and goodput on the accelerator's cited dense peak for the precision
    (:func:`planner.run._throughput.peak_for`, as ``planner run --precision`` counts it).

    Parameters
    ----------
    plans : sequence of Plan
        Planned at the BF16 peak (every plan is).
    precision : str
        ``bf16`` (the plans themselves) or ``fp8``.
    presets_dir : str or Path, optional
        Where the accelerators are looked up.

    Returns
    -------
    tuple of Plan
        At ``bf16`` the plans unchanged; else each plan with hardware re-costed.

    Raises
    ------
    InputError
        An unknown precision, or ``fp8`` on an accelerator without a cited FP8 peak.
    """
    from planner.io._check_types import check_text
    from planner.planning._accelerators import load_accelerator
    from planner.run._throughput import PRECISIONS, peak_for

    precision = check_text(precision, "precision", choices=PRECISIONS)
    out = []
    for p in plans:
        hw = p.hardware
        if hw is None:  # nothing costed
            out.append(p)
            continue
        peak, _ = peak_for(load_accelerator(hw.accelerator, presets_dir=presets_dir), precision)
        if peak == hw.peak_flops_per_s:
            out.append(p)
            continue
        f = hw.peak_flops_per_s / peak
        days, cost = hw.wall_clock_days, hw.cost_dollars
        costed = hw.model_copy(
            update={
                "peak_flops_per_s": peak,
                "gpu_hours": hw.gpu_hours * f,
                "wall_clock_days": None if days is None else days * f,
                "cost_dollars": None if cost is None else cost * f,
            }
        )
        out.append(p.model_copy(update={"hardware": costed}))
    return tuple(out)


def _compare_rows(
    plans: Sequence[Plan], emerged: Sequence[str] | None = None
) -> tuple[list[str], list[list[str]]]:
    header = ["law", "N", "D", "D/N", "loss", "loss scale", "GPU-h", "cost", "days"]
    header += ["fit range", "vs paper"]
    if emerged is not None:
        header.append("emerged")
    header.append("note")
    rows = []
    for i, p in enumerate(plans):
        hw = p.hardware
        row = [
            p.law,
            format_count(p.n_params) + ("*" if p.parameter_convention == "non-embedding" else ""),
            format_count(p.n_tokens),
            f"{p.tokens_per_param:.1f}",
            _loss_text(p),
            p.loss_scale.id if p.loss_scale else "-",
            format_gpu_hours(hw.gpu_hours).removesuffix(" GPU-h") if hw else "-",
            format_dollars(hw.cost_dollars) if hw and hw.cost_dollars is not None else "-",
            format_days(hw.wall_clock_days) if hw and hw.wall_clock_days is not None else "-",
            fit_range_text(p),
            paper_text(p),
        ]
        if emerged is not None:
            row.append(emerged[i] or "-")
        row.append(_compare_note(p))
        rows.append(row)
    return header, rows
