r"""Hyperparameter laws against published runs: the table and each law's factor off.

The table is ``tests/data/published/published-runs.csv`` (its README gives every figure's
source). A law's error on a run is the factor :math:`\exp|\ln(\hat y / y)|` in peak learning
rate and in batch; a batch published as a ramp (start to final) counts as exact anywhere
inside it. The runs a law's own paper fitted or set with it (``in_sample_runs``) are always
left out of its error. The defaults of the run sheet are chosen on a fixed selection set of
runs (:data:`SELECTION_FAMILIES`) and each law's held-out error is its error on the other runs
(:func:`split_errors`, ``benchmarks/bench_hparams.py``).
"""

import csv
import math
import statistics
from pathlib import Path

from planner.data._frozen import Frozen
from planner.errors import InputError
from planner.planning._records import ModelShape
from planner.run._hparams import HparamLaw, past_range, predict

__all__ = [
    "SELECTION_FAMILIES",
    "LawError",
    "PublishedRun",
    "law_errors",
    "read_published_runs",
    "selection_split",
    "split_errors",
]

SELECTION_FAMILIES = ("gpt3-", "chinchilla-", "gopher-", "pythia-", "llama1-")
"""Id prefixes of the runs the run sheet's default laws are chosen on (GPT-3, Chinchilla,
Gopher, Pythia, LLaMA 1: the older, most-cited runs). Fixed here before the split's errors
were looked at; every other run (OLMo 1 and 2, DeepSeek LLM, Llama 2, Llama 3) is held out and
its error is the held-out figure. Choosing on the held-out runs would make that figure a
training error."""


class PublishedRun(Frozen):
    """One published pre-training run (a row of ``published-runs.csv``)."""

    id: str
    model: str
    n_params: float
    n_layers: int | None
    """None: not published (the shape rule of :func:`planner.planning._shapes.shape_for_params`)."""
    d_model: int | None
    n_tokens: float
    seq_len: int | None
    peak_lr: float
    batch_tokens: float
    batch_tokens_final: float | None
    schedule: str
    source: str


class LawError(Frozen):
    """A law's error on published runs: factors off (>= 1), median and worst."""

    law: str
    lr_median: float | None
    lr_worst: float | None
    batch_median: float | None
    batch_worst: float | None
    runs: int
    excluded: tuple[str, ...] = ()


def _shape(run: PublishedRun) -> ModelShape:
    from planner.planning._shapes import shape_for_params

    base = shape_for_params(run.n_params, seq_len=run.seq_len or 2048)
    if run.n_layers is None or run.d_model is None:
        return base
    return base.model_copy(update={"n_layers": run.n_layers, "d_model": run.d_model})


def _positive(row: dict[str, str], name: str) -> float:
    """A column's number, refused unless finite and positive."""
    value = float(row[name])
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{row['id']}: {name} must be a finite positive number, got {row[name]!r}")
    return value


def read_published_runs(path: str | Path) -> tuple[PublishedRun, ...]:
    """Published pre-training runs from a CSV (``tests/data/published/published-runs.csv``).

    Parameters
    ----------
    path : str or Path
        Columns ``id, model, n_params, n_layers, d_model, n_tokens, seq_len, peak_lr,
        batch_tokens, batch_tokens_final, schedule, source``; an empty ``seq_len``,
        ``n_layers``, ``d_model`` or ``batch_tokens_final`` was not published.

    Returns
    -------
    tuple of PublishedRun

    Raises
    ------
    InputError
        A missing file, a missing column, an unreadable number, a rate, batch, token or
        parameter count that is not positive, a repeated id or a row without a source.
    """
    rows: list[PublishedRun] = []
    seen: set[str] = set()
    try:
        f = open(path, newline="", encoding="utf-8")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise InputError(f"published runs: cannot read {path}: {exc.strerror}") from exc
    with f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            try:
                run = PublishedRun(
                    id=row["id"],
                    model=row["model"],
                    n_params=_positive(row, "n_params"),
                    n_layers=int(row["n_layers"]) if row["n_layers"] else None,
                    d_model=int(row["d_model"]) if row["d_model"] else None,
                    n_tokens=_positive(row, "n_tokens"),
                    seq_len=int(row["seq_len"]) if row["seq_len"] else None,
                    peak_lr=_positive(row, "peak_lr"),
                    batch_tokens=_positive(row, "batch_tokens"),
                    batch_tokens_final=(
                        _positive(row, "batch_tokens_final") if row["batch_tokens_final"] else None
                    ),
                    schedule=row["schedule"],
                    source=row["source"],
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise InputError(f"{Path(path).name} line {i}: {exc}") from exc
            if not run.source.strip():
                raise InputError(f"{Path(path).name} line {i}: {run.id} has no source")
            if run.id in seen:
                raise InputError(f"{Path(path).name} line {i}: id {run.id!r} appears twice")
            seen.add(run.id)
            rows.append(run)
    return tuple(rows)


def _factor(predicted: float, low: float, high: float) -> float:
    """Factor off a published value or range (1.0 inside it)."""
    return (
        past_range(predicted, (low, high)) if high > low else max(predicted / low, low / predicted)
    )


def law_errors(
    law: HparamLaw,
    runs: tuple[PublishedRun, ...],
    *,
    held_out: bool = True,
    presets_dir: str | Path | None = None,
) -> LawError:
    """A law's error on published runs: factor off in learning rate and batch.

    Factor = exp(|ln(predicted / published)|); a batch published as a ramp (start to final)
    counts as exact anywhere inside it. Runs without a sequence length use 2048.

    Parameters
    ----------
    law : HparamLaw
    runs : tuple of PublishedRun
    held_out : bool
        Leave out the runs the law's own paper fitted or set with it (``in_sample_runs``).
    presets_dir : str or Path, optional

    Returns
    -------
    LawError
        Medians and worst factors (None when the law gives no such value).
    """
    excluded = tuple(r.id for r in runs if held_out and r.id in law.in_sample_runs)
    used = [r for r in runs if r.id not in excluded]
    lr_f, b_f = [], []
    for r in used:
        p = predict(law, r.n_tokens, _shape(r), seq_len=r.seq_len or 2048, presets_dir=presets_dir)
        if p.learning_rate is not None:
            lr_f.append(_factor(p.learning_rate, r.peak_lr, r.peak_lr))
        if p.batch_tokens is not None:
            b_f.append(_factor(p.batch_tokens, r.batch_tokens, r.batch_tokens_final or 0.0))

    def med(x: list[float]) -> float | None:
        return math.exp(statistics.median(math.log(v) for v in x)) if x else None

    return LawError(
        law=law.id,
        lr_median=med(lr_f),
        lr_worst=max(lr_f) if lr_f else None,
        batch_median=med(b_f),
        batch_worst=max(b_f) if b_f else None,
        runs=len(used),
        excluded=excluded,
    )


def selection_split(
    runs: tuple[PublishedRun, ...],
) -> tuple[tuple[PublishedRun, ...], tuple[PublishedRun, ...]]:
    """The runs the defaults are chosen on and the held-out rest (:data:`SELECTION_FAMILIES`).

    Parameters
    ----------
    runs : tuple of PublishedRun

    Returns
    -------
    (tuple of PublishedRun, tuple of PublishedRun)
        The selection set and the held-out runs, in table order.
    """
    chosen = tuple(r for r in runs if r.id.startswith(SELECTION_FAMILIES))
    return chosen, tuple(r for r in runs if not r.id.startswith(SELECTION_FAMILIES))


def split_errors(
    law: HparamLaw,
    runs: tuple[PublishedRun, ...],
    *,
    presets_dir: str | Path | None = None,
) -> tuple[LawError, LawError]:
    """A law's error on the selection set and on the held-out runs (:func:`selection_split`).

    The law's own runs (``in_sample_runs``) are left out of both.

    Parameters
    ----------
    law : HparamLaw
    runs : tuple of PublishedRun
        The whole table: every id of the law's ``in_sample_runs`` must be one of its runs.
    presets_dir : str or Path, optional

    Returns
    -------
    (LawError, LawError)
        Selection set, held out.

    Raises
    ------
    InputError
        An ``in_sample_runs`` id that is not a run of the table.
    """
    ids = {r.id for r in runs}
    unknown = [i for i in law.in_sample_runs if i not in ids]
    if unknown:
        raise InputError(
            f"hyperparameter law {law.id}: in_sample_runs names {', '.join(map(repr, unknown))}, "
            f"not a run of the published table"
        )
    chosen, held = selection_split(runs)
    return (
        law_errors(law, chosen, presets_dir=presets_dir),
        law_errors(law, held, presets_dir=presets_dir),
    )
