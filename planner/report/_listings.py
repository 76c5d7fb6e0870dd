"""The registries as rows of text: laws, accelerators, task families, the metric view.

For ``planner laws | hardware | tasks | mirage`` and the TUI (no terminal library here).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from planner.laws._preset import LawPreset
from planner.planning._records import Accelerator
from planner.tasks._mirage_records import MirageReport
from planner.tasks._records import Task
from planner.units import format_flops

__all__ = ["accelerator_rows", "laws_rows", "mirage_rows", "tasks_rows"]


def laws_rows(laws: Sequence[LawPreset]) -> tuple[list[str], list[list[str]]]:
    """Header and one row per law for ``planner laws``.

    Parameters
    ----------
    laws : sequence of LawPreset

    Returns
    -------
    header : list of str
    rows : list of list of str
        Cells as text, for :func:`format_table` or a TUI table. ``vs paper``: how many of the
        allocations the law's paper states it misses by more than 10%
        (:func:`planner.planning._assemble.paper_checks`).
    """
    from planner.planning._assemble import paper_checks

    def vs_paper(law: LawPreset) -> str:
        checks = paper_checks(law)
        bad = sum(c.disagrees for c in checks)
        if not checks:
            return "-"
        return f"{bad} of {len(checks)} differ" if bad else f"agrees ({len(checks)})"

    header = ["id", "kind", "N counts", "loss scale", "fitted FLOPs", "vs paper", "source"]
    rows = [
        [
            law.id,
            law.law.kind,
            law.parameter_convention,
            law.loss_scale.id if law.loss_scale else "(no loss model)",
            f"{format_flops(law.fitted_compute_flops[0])}-{format_flops(law.fitted_compute_flops[1])}",
            vs_paper(law),
            law.source.split(":")[0],
        ]
        for law in laws
    ]
    return header, rows


def accelerator_rows(accs: Sequence[Accelerator]) -> tuple[list[str], list[list[str]]]:
    """Header and rows for ``planner hardware``.

    Parameters
    ----------
    accs : sequence of Accelerator

    Returns
    -------
    header : list of str
    rows : list of list of str
        Cells as text, for :func:`format_table` or a TUI table.
    """

    def opt(value: float | None, scale: float, unit: str) -> str:
        return "-" if value is None else f"{value / scale:g} {unit}"

    header = ["id", "name", "dense BF16 peak", "dense FP8", "memory", "HBM bandwidth", "power",
              "links", "network", "aliases", "source"]  # fmt: skip
    return header, [
        [
            a.id,
            a.name,
            f"{a.peak_flops_per_s / 1e12:g} TFLOP/s",
            opt(a.fp8_flops_per_s, 1e12, "TFLOP/s"),
            opt(a.memory_bytes, 1e9, "GB"),
            opt(a.memory_bandwidth_bytes_per_s, 1e12, "TB/s"),
            opt(a.board_power_w, 1, "W"),
            opt(a.nvlink_bytes_per_s, 1e9, "GB/s"),
            opt(a.network_bytes_per_s, 1e9, "GB/s"),
            ", ".join(a.aliases) or "-",
            a.source,
        ]
        for a in accs
    ]


def tasks_rows(
    tasks: Sequence[Task], with_threshold: Collection[str] = ()
) -> tuple[list[str], list[list[str]]]:
    """Header and rows for ``planner tasks``.

    Parameters
    ----------
    tasks : sequence of Task
        From :func:`planner.tasks._emergence.list_tasks`.
    with_threshold : collection of str
        Ids of the tasks with a loss threshold
        (:func:`planner.tasks._emergence.loss_threshold_ids`).

    Returns
    -------
    header : list of str
    rows : list of list of str
        Cells as text, for :func:`format_table` or a TUI table.
    """
    header = ["id", "kind", "family", "metric", "baseline", "needs", "emerges at"]
    rows = []
    for t in tasks:
        if t.shape is not None:  # u_shaped / inverse: the measured fall (planner.tasks._ushaped)
            from planner.tasks._ushaped import shape_where

            where = shape_where(t.kind, t.shape)
        elif t.emergence_flops is not None:
            where = f"{format_flops(t.emergence_flops)} FLOPs ({t.model_family})"
        elif t.id in with_threshold:
            where = "loss threshold"
        elif t.kind == "emergent":
            where = "no single figure published"
        else:
            where = "-"
        rows.append(
            [
                t.id,
                t.kind,
                t.family,
                t.metric,
                "-" if t.random_baseline is None else f"{t.random_baseline:.0%}",
                " + ".join(t.requires) or "-",
                where,
            ]
        )
    return header, rows


def mirage_rows(report: MirageReport) -> tuple[list[str], list[list[str]]]:
    """Header and rows for ``planner mirage``.

    Parameters
    ----------
    report : MirageReport
        From :func:`planner.tasks._metric_view.mirage`.

    Returns
    -------
    header : list of str
    rows : list of list of str
        Cells as text, for :func:`format_table` or a TUI table.
    """
    header = ["compute", "token loss", "p(token)", "exact match", "token edit distance"]
    rows = [
        [
            format_flops(r.compute_flops),
            f"{r.token_loss:.4f}",
            f"{r.p_token:.4f}",
            f"{r.exact_match:.3g}",
            f"{r.token_edit_distance:.3f}",
        ]
        for r in report.rows
    ]
    return header, rows
