r"""Hyperparameter laws: the peak learning rate and batch of a run by several published laws.

Each law is data (``presets/hyperparams/*.toml``, :class:`planner.models.HparamLaw`):

- DeepSeek LLM 2024 (arXiv:2401.02954, Eq. 1): :math:`\eta = 0.3118\, C_M^{-0.125}`,
  :math:`B = 0.2920\, C_M^{0.3271}` tokens, :math:`C_M = M D`;
- Step Law (Li et al. 2025, arXiv:2503.04715): :math:`\eta = 1.79\, N^{-0.713} D^{0.307}`,
  :math:`B = 0.58\, D^{0.571}` tokens, N non-embedding;
- Kaplan et al. 2020's critical batch (Eq. 1.4): :math:`B_{crit} = 2\times10^8 / L^{1/0.21}`
  tokens at their own :math:`L(N, D)` (Eq. 1.5, WebText2 nats).

Non-embedding parameters are Kaplan's :math:`12\, n_{layer} d_{model}^2` (Eq. 2.1) of the
run's shape. Each prediction says when the run is past the law's fitted range, and by what
factor. :func:`law_errors` scores a law on the published runs of
``tests/data/published/published-runs.csv`` (factor off, in log space).
"""

from __future__ import annotations

import csv
import functools
import math
import statistics
from pathlib import Path

from planner.errors import InputError
from planner.frozen import Frozen
from planner.models import HparamLaw, ModelShape

__all__ = [
    "DEFAULT_BATCH_LAW",
    "DEFAULT_LR_LAW",
    "HparamPrediction",
    "LawError",
    "PublishedRun",
    "law_errors",
    "list_hparam_laws",
    "load_hparam_law",
    "past_range",
    "predict",
    "read_published_runs",
]

DEFAULT_LR_LAW = "deepseek2024"
"""The law whose learning rate the run sheet uses: the smallest held-out median factor off in
peak learning rate on the published runs (``benchmarks/bench_hparams.py``; the figures are in
the README's "Run sheet" section and checked by ``tests/golden/test_hparams.py``)."""
DEFAULT_BATCH_LAW = "li2025-steplaw"
"""The law whose batch the run sheet uses: the smallest held-out median factor off in batch
on the same runs."""
class HparamPrediction(Frozen):
    """One law's learning rate and batch for a run."""

    law: str
    name: str
    learning_rate: float | None
    batch_tokens: float | None
    outside: str = ""
    """Empty inside the fitted range; else how far past it (a factor)."""


class PublishedRun(Frozen):
    """One published pre-training run (a row of ``published-runs.csv``)."""

    id: str
    model: str
    n_params: float
    n_layers: int
    d_model: int
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


def _folder(presets_dir: str | Path | None) -> Path:
    from planner.presets import preset_dir

    return preset_dir(presets_dir) / "hyperparams"


@functools.cache
def _load(path: Path, mtime_ns: int) -> HparamLaw:
    from planner.presets import load_preset_file

    return load_preset_file(path, HparamLaw, shipped=True)


def load_hparam_law(
    name: str, *, presets_dir: str | Path | None = None, field: str = "hparam_law"
) -> HparamLaw:
    """A hyperparameter law by id (``presets/hyperparams/<id>.toml``).

    Parameters
    ----------
    name : str
        The law's id, e.g. ``li2025-steplaw``.
    presets_dir : str or Path, optional
        The preset folder.
    field : str
        The argument's name in the error message.

    Returns
    -------
    HparamLaw

    Raises
    ------
    InputError
        No such law.
    """
    folder = _folder(presets_dir)
    path = folder / f"{name}.toml"
    if not isinstance(name, str) or "/" in name or not path.is_file():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.toml")))
        raise InputError(f"{field}: no hyperparameter law {name!r}; known: {known}")
    return _load(path, path.stat().st_mtime_ns)


def list_hparam_laws(*, presets_dir: str | Path | None = None) -> tuple[HparamLaw, ...]:
    """Every hyperparameter law, sorted by id.

    Parameters
    ----------
    presets_dir : str or Path, optional
        The preset folder.

    Returns
    -------
    tuple of HparamLaw
    """
    folder = _folder(presets_dir)
    return tuple(
        load_hparam_law(p.stem, presets_dir=presets_dir) for p in sorted(folder.glob("*.toml"))
    )


def past_range(value: float, bounds: tuple[float, float] | None) -> float:
    """How far a value lies outside a range, as a factor (1.0 inside).

    Parameters
    ----------
    value : float
    bounds : (float, float) or None

    Returns
    -------
    float
        ``value / high`` above the range, ``low / value`` below it, 1.0 inside or without one.

    Examples
    --------
    >>> past_range(4e19, (1e17, 2e19)), past_range(1e16, (1e17, 2e19)), past_range(1e18, None)
    (2.0, 10.0, 1.0)
    """
    if bounds is None:
        return 1.0
    lo, hi = bounds
    return value / hi if value > hi else lo / value if value < lo else 1.0


def predict(
    law: HparamLaw,
    n_tokens: float,
    shape: ModelShape,
    *,
    seq_len: int,
    presets_dir: str | Path | None = None,
) -> HparamPrediction:
    r"""A law's peak learning rate and batch (tokens) for D tokens on a shape.

    Power laws: :math:`y = a\, C_M^{c} N^{n} D^{d}` with :math:`C_M = M D`
    (:func:`planner.shapes.deepseek_flops_per_token`) and N the non-embedding
    :math:`12\, n_{layer} d_{model}^2` (Kaplan et al. 2020 Eq. 2.1), or the shape's total
    parameters for a law in the total convention. Kaplan's critical batch:
    :math:`B_* / L^{1/\alpha_B}` at the loss preset's :math:`L(N, D)`.

    Parameters
    ----------
    law : HparamLaw
    n_tokens : float
        Training tokens.
    shape : ModelShape
        The model's shape (layers and width).
    seq_len : int
        Tokens per sequence (DeepSeek's M counts the attention over it).
    presets_dir : str or Path, optional
        For the loss law of a critical-batch law.

    Returns
    -------
    HparamPrediction

    Examples
    --------
    >>> from planner.shapes import shape_for_params
    >>> p = predict(load_hparam_law("li2025-steplaw"), 100e9, shape_for_params(1.2e9), seq_len=2048)
    >>> 1e-4 < p.learning_rate < 1e-2, 1e5 < p.batch_tokens < 1e7
    (True, True)
    """
    from planner.shapes import deepseek_flops_per_token

    d = float(n_tokens)
    n_ne = 12.0 * shape.n_layers * shape.d_model**2
    n = n_ne if law.parameter_convention == "non-embedding" else shape.n_params_total
    c = deepseek_flops_per_token(shape.n_layers, shape.d_model, seq_len) * d
    lr = batch = None
    if law.form == "kaplan-critical":
        from planner.presets import load_law

        loss = float(load_law(law.loss_law or "", presets_dir=presets_dir).law.predict(n_ne, d))
        assert law.b_star is not None and law.alpha_b is not None  # checked by the model
        batch = law.b_star / loss ** (1 / law.alpha_b)
    else:
        if law.lr_coefficient is not None:
            lr = law.lr_coefficient * c**law.lr_compute_exp * n**law.lr_params_exp
            lr *= d**law.lr_tokens_exp
        if law.batch_coefficient is not None:
            batch = law.batch_coefficient * c**law.batch_compute_exp * n**law.batch_params_exp
            batch *= d**law.batch_tokens_exp
    parts = []
    for what, value, bounds in (
        ("C_M", c, law.fitted_compute),
        ("N", n, law.fitted_params),
        ("D", d, law.fitted_tokens),
    ):
        factor = past_range(value, bounds)
        if factor > 1.0 and bounds is not None:
            side = "above" if value > bounds[1] else "below"
            parts.append(f"{what} = {value:.3g} is {factor:.3g}x {side} its fitted range")
    outside = "; ".join(parts)
    return HparamPrediction(
        law=law.id, name=law.name, learning_rate=lr, batch_tokens=batch, outside=outside
    )


def _shape(run: PublishedRun) -> ModelShape:
    from planner.shapes import shape_for_params

    base = shape_for_params(run.n_params)
    return base.model_copy(update={"n_layers": run.n_layers, "d_model": run.d_model})


def read_published_runs(path: str | Path) -> tuple[PublishedRun, ...]:
    """Published pre-training runs from a CSV (``tests/data/published/published-runs.csv``).

    Parameters
    ----------
    path : str or Path
        Columns ``id, model, n_params, n_layers, d_model, n_tokens, seq_len, peak_lr,
        batch_tokens, batch_tokens_final, schedule, source`` (empty ``seq_len`` or
        ``batch_tokens_final``: not published).

    Returns
    -------
    tuple of PublishedRun

    Raises
    ------
    InputError
        A missing column, an unreadable number or a row without a source.
    """
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            try:
                run = PublishedRun(
                    id=row["id"],
                    model=row["model"],
                    n_params=float(row["n_params"]),
                    n_layers=int(row["n_layers"]),
                    d_model=int(row["d_model"]),
                    n_tokens=float(row["n_tokens"]),
                    seq_len=int(row["seq_len"]) if row["seq_len"] else None,
                    peak_lr=float(row["peak_lr"]),
                    batch_tokens=float(row["batch_tokens"]),
                    batch_tokens_final=(
                        float(row["batch_tokens_final"]) if row["batch_tokens_final"] else None
                    ),
                    schedule=row["schedule"],
                    source=row["source"],
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise InputError(f"{Path(path).name} line {i}: {exc}") from exc
            if not run.source.strip():
                raise InputError(f"{Path(path).name} line {i}: {run.id} has no source")
            rows.append(run)
    return tuple(rows)


def _factor(predicted: float, low: float, high: float) -> float:
    """Factor off a published value or range (1.0 inside it)."""
    return past_range(predicted, (low, high)) if high > low else max(
        predicted / low, low / predicted
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
