"""Scenarios: pinned plans side by side, and a budget sweep through several laws.

The spreadsheet's strength inside the planner: :func:`pinned_table` lays plans out column by
column (rows are :func:`planner.report._plan.plan_rows`' labels) and marks the cells that differ
from
the first plan; :func:`sweep` plans each budget under each law (budgets down, laws across) with
the budget's GPU-hours, cost and days and each law's N, D and emerged tasks (the score view of
:func:`planner.scores._predict.task_scores`). :func:`to_csv` and :func:`to_markdown` export either
table. Every number comes from :func:`planner.plan`.
"""

import csv
import io
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from planner.data._frozen import Frozen
from planner.errors import InfeasibleError, PlannerWarning
from planner.io._check_types import check_sequence
from planner.laws._preset import LawPreset
from planner.planning._records import Budget, Plan

LawSeq = tuple[str | Path | LawPreset, ...]

__all__ = [
    "SweepRow",
    "pinned_table",
    "sweep",
    "sweep_legend",
    "sweep_long_table",
    "sweep_table",
    "to_csv",
    "to_markdown",
]

MAX_BUDGETS = 50
"""Rows of a sweep (a screen's worth; a sweep is read, not mined)."""


class SweepRow(Frozen):
    """One budget of a sweep: its plans under each law."""

    budget_flops: float
    plans: tuple[Plan, ...]
    emerged: tuple[tuple[str, ...], ...]
    """Per plan, the tasks whose whole 80% score interval is past chance + 5 points (those that
    need more than pre-training, :func:`planner.report._scores.task_needs`, included: the
    tables' counts leave them out, :func:`sweep_legend`)."""

    def model_dump(self, *, mode: str = "json", exclude_none: bool = False) -> dict[str, Any]:
        """The row as plain data, each plan in the shape of ``planner plan --json``.

        ``emerged_needs`` names the emerged tasks whose scores were measured with more than
        pre-training, and what (:func:`planner.report._scores.task_needs`), as
        ``planner compare --json`` does: the tables' counts leave them out.

        A plan's own :meth:`~planner.planning._records.Plan.model_dump` names its law by id
        (``law``, ``law_name``, ``law_source``); dumped as a nested record it gave the whole
        law file under ``law_preset`` instead, and no ``law``.

        Parameters
        ----------
        mode : str
            As :meth:`planner.data._frozen.Frozen.model_dump`.
        exclude_none : bool
            Leave out every field that is None.

        Returns
        -------
        dict
        """
        from planner.report._scores import task_needs

        data = super().model_dump(mode=mode, exclude_none=exclude_none)
        data["plans"] = [p.model_dump(mode=mode, exclude_none=exclude_none) for p in self.plans]
        needs = task_needs()
        tasks = sorted({t for per_plan in self.emerged for t in per_plan if t in needs})
        data["emerged_needs"] = {t: needs[t] for t in tasks}
        return data


def sweep(
    budgets: Sequence[Budget | float | int | str],
    *,
    laws: Sequence[str | Path | LawPreset] | None = None,
    presets_dir: str | Path | None = None,
    experts: int | None = None,
    top_k: int | None = None,
    precision: str = "bf16",
    **kwargs: object,
) -> tuple[SweepRow, ...]:
    """Plan every budget under every law.

    Parameters
    ----------
    budgets : sequence of Budget, float, int or str
        1 to :data:`MAX_BUDGETS` budgets, each in any form :func:`planner.plan` reads (FLOPs,
        ``"$2M at $2/h"``, a :class:`~planner.planning._records.Budget` carrying its hardware);
        a row's ``budget_flops`` is the compute its budget buys.
    laws : sequence of str, Path or LawPreset, optional
        Default: every law of the registry.
    presets_dir : str or Path, optional
        The preset folder.
    experts, top_k : int, optional
        A mixture of experts: every budget under the laws that plan this routing
        (:func:`planner.planning._planning.compare` leaves the others out).
    precision : str
        ``bf16`` (default) or ``fp8``: GPU-hours, days and cost at that dense peak
        (:func:`planner.report._compare.at_precision`).
    **kwargs
        Hardware options of :func:`planner.plan` (``hardware``, or ``accelerator``, ``mfu``,
        ``n_gpus``, ``price_per_gpu_hour``), the same for every cell.

    Returns
    -------
    tuple of SweepRow
        In the order of ``budgets``.

    Raises
    ------
    InputError
        No budget, too many, or a bad one (naming it).
    InfeasibleError
        No law plans the routing asked for.

    Examples
    --------
    >>> rows = sweep([1e22, 1e23], laws=["besiroglu2024", "hoffmann2022-approach1"])
    >>> [len(r.plans) for r in rows]
    [2, 2]
    """
    from planner.planning._planning import compare
    from planner.report._compare import at_precision
    from planner.scores._predict import emerged_tasks

    budgets = check_sequence(budgets, "budgets", high=MAX_BUDGETS)  # type: ignore[assignment]
    # each law is checked where plan() resolves it
    chosen = None if laws is None else cast(LawSeq, check_sequence(laws, "laws", high=1000))
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        for b in budgets:
            plans = compare(
                b, laws=chosen, presets_dir=presets_dir, experts=experts, top_k=top_k, **kwargs
            )
            if not plans:
                raise InfeasibleError(
                    f"experts: no law of the sweep plans {experts} experts, top-{top_k or 1} "
                    "(planner compare --experts says why each refuses)"
                )
            plans = at_precision(plans, precision, presets_dir)
            emerged = tuple(emerged_tasks(p) for p in plans)
            out.append(SweepRow(budget_flops=plans[0].compute_flops, plans=plans,
                                emerged=emerged))  # fmt: skip
    return tuple(out)


def sweep_table(
    rows: Sequence[SweepRow], *, active: bool = False
) -> tuple[list[str], list[list[str]]]:
    """A sweep as text: budget, GPU-hours, cost and days, then one column per law.

    Parameters
    ----------
    rows : sequence of SweepRow
        From :func:`sweep`.
    active : bool
        A sweep at a routing (``sweep --experts``): a law's cell names the total and the
        active parameters, ``N (N_act active) / D, k emerged``.

    Returns
    -------
    header : list of str
    rows : list of list of str
        A law's cell: ``N / D, k emerged``.
    """
    from planner.report._scores import task_needs
    from planner.units import format_count, format_days, format_dollars, format_flops

    if not rows:
        return [], []
    header = ["budget", "GPU-h", "cost", "days", *(p.law for p in rows[0].plans)]
    needs = task_needs()
    out = []
    for r in rows:
        hw = r.plans[0].hardware
        cells = [
            f"{format_flops(r.budget_flops)} FLOPs",
            format_count(hw.gpu_hours) if hw else "-",
            format_dollars(hw.cost_dollars) if hw and hw.cost_dollars is not None else "-",
            format_days(hw.wall_clock_days) if hw and hw.wall_clock_days is not None else "-",
        ]
        for p, emerged in zip(r.plans, r.emerged, strict=True):
            n = format_count(p.n_params)
            if active and p.n_active_params is not None:
                n += f" ({format_count(p.n_active_params)} active)"
            cells.append(f"{n} / {format_count(p.n_tokens)}, {_alone(emerged, needs)} emerged")
        out.append(cells)
    return header, out


def sweep_long_table(
    rows: Sequence[SweepRow], *, active: bool = False
) -> tuple[list[str], list[list[str]]]:
    """A sweep one law per line (budgets down, then laws down), for a narrow terminal.

    The same figures as :func:`sweep_table`, laid out long instead of wide: the wide table has
    one column per law (13 laws make ~380 columns), this one a line per budget and law with the
    budget's GPU-hours, cost and days on its first line only.

    Parameters
    ----------
    rows : sequence of SweepRow
        From :func:`sweep`.
    active : bool, optional
        A mixture-of-experts sweep: an ``N active`` column after ``N`` (as :func:`sweep_table`'s
        ``N (N_act active)``).

    Returns
    -------
    header : list of str
        ``budget, law, N, [N active,] D, emerged, GPU-h, cost, days``.
    rows : list of list of str
        ``emerged`` is the number of tasks emerged, as in :func:`sweep_table`'s cells.
    """
    from planner.report._scores import task_needs
    from planner.units import format_count, format_days, format_dollars, format_flops

    header = ["budget", "law", "N", *(["N active"] if active else []), "D", "emerged"]
    header += ["GPU-h", "cost", "days"]
    needs = task_needs()
    out = []
    for r in rows:
        hw = r.plans[0].hardware
        budget_cells = [
            format_count(hw.gpu_hours) if hw else "-",
            format_dollars(hw.cost_dollars) if hw and hw.cost_dollars is not None else "-",
            format_days(hw.wall_clock_days) if hw and hw.wall_clock_days is not None else "-",
        ]
        for i, (p, emerged) in enumerate(zip(r.plans, r.emerged, strict=True)):
            first = i == 0
            out.append(
                [
                    f"{format_flops(r.budget_flops)} FLOPs" if first else "",
                    p.law,
                    format_count(p.n_params),
                    *(
                        [format_count(p.n_active_params) if p.n_active_params else "-"]
                        if active
                        else []
                    ),
                    format_count(p.n_tokens),
                    str(_alone(emerged, needs)),
                    *(budget_cells if first else ["", "", ""]),
                ]
            )
    return header, out


def _alone(emerged: Sequence[str], needs: dict[str, str]) -> int:
    """How many of ``emerged`` emerged from pre-training alone (issue 19 item 4)."""
    return sum(1 for t in emerged if t not in needs)


def sweep_legend(rows: Sequence[SweepRow] = ()) -> str:
    """What a sweep's ``k emerged`` counts, and the scored tasks it leaves out.

    Parameters
    ----------
    rows : sequence of SweepRow, optional
        A sweep: a task of its ``emerged`` that needs more than pre-training is named too (a
        law's own task curve with ``requires``).

    Returns
    -------
    str
        One sentence: the count is of tasks whose whole 80% score interval is past chance + 5
        points from pre-training alone; the tasks with a score curve whose scores were measured
        with more (GSM8K with chain-of-thought prompting) are named and not counted, as
        ``compare`` marks them.

    Examples
    --------
    >>> sweep_legend().endswith("from pre-training alone; not counted: gsm8k (needs CoT prompting)")
    True
    """
    from planner.report._scores import task_needs
    from planner.scores._calibration import load_score_calibration

    text = "emerged: tasks whose whole 80% score interval is past chance + 5 points"
    needs = task_needs()
    scored = [c.task for c in load_score_calibration().curve]
    scored += [t for r in rows for e in r.emerged for t in e if t not in scored]
    named = [f"{t} (needs {needs[t]})" for t in scored if t in needs]
    if not named:
        return f"{text}, from pre-training alone"
    return f"{text}, from pre-training alone; not counted: {', '.join(named)}"


def pinned_table(
    plans: Sequence[Plan],
) -> tuple[list[str], list[list[str]], list[list[bool]]]:
    """Pinned plans side by side, with the cells that differ from the first plan marked.

    Parameters
    ----------
    plans : sequence of Plan
        The pinned plans, oldest first.

    Returns
    -------
    header : list of str
        ``""`` then ``#1``, ``#2``, ...
    rows : list of list of str
        One row per label of :func:`planner.report._plan.plan_rows` (notes and warnings left out).
    differs : list of list of bool
        Per cell (plans only), whether it differs from the first plan's.
    """
    from planner.report._plan import plan_rows

    keep = (
        "law", "compute", "parameters N", "tokens D", "tokens per parameter", "loss",
        "GPU-hours", "wall clock", "cost", "constraint", "repetition", "inference tokens",
    )  # fmt: skip
    tables = [{**dict(plan_rows(p)), "law": p.law} for p in plans]
    labels = [k for k in keep if any(k in t for t in tables)]
    rows, differs = [], []
    for label in labels:
        values = [t.get(label, "-") for t in tables]
        rows.append([label, *values])
        differs.append([v != values[0] for v in values])
    return ["", *(f"#{i + 1}" for i in range(len(plans)))], rows, differs


def to_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table as CSV text (the standard library's writer: quoting is its job).

    Parameters
    ----------
    header : sequence of str
    rows : sequence of sequence of str

    Returns
    -------
    str
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def to_markdown(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table as a Markdown table (``|`` in a cell becomes ``/``).

    Parameters
    ----------
    header : sequence of str
    rows : sequence of sequence of str

    Returns
    -------
    str
    """

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * len(header), *map(line, rows)]) + "\n"
