r"""Hyperparameter laws: the peak learning rate and batch of a run by several published laws.

Each law is data (``presets/hyperparams/*.toml``, :class:`HparamLaw`):

- DeepSeek LLM 2024 (arXiv:2401.02954, Eq. 1): :math:`\eta = 0.3118\, C_M^{-0.125}`,
  :math:`B = 0.2920\, C_M^{0.3271}` tokens, :math:`C_M = M D`;
- Step Law (Li et al. 2025, arXiv:2503.04715): :math:`\eta = 1.79\, N^{-0.713} D^{0.307}`,
  :math:`B = 0.58\, D^{0.571}` tokens, N non-embedding;
- Kaplan et al. 2020's critical batch (Eq. 1.4): :math:`B_{crit} = 2\times10^8 / L^{1/0.21}`
  tokens at their own :math:`L(N, D)` (Eq. 1.5, WebText2 nats).

Non-embedding parameters are Kaplan's :math:`12\, n_{layer} d_{model}^2` (Eq. 2.1) of the
run's shape. Each prediction says when the run is past the law's fitted range, and by what
factor. :func:`planner.run._hparam_check.law_errors` scores a law on the published runs of
``tests/data/published/published-runs.csv`` (factor off, in log space).
"""

import functools
import math
from pathlib import Path
from typing import Annotated, Literal

from planner.data._frozen import ID_PATTERN, Frozen, Pattern, PositiveFloat
from planner.errors import InputError
from planner.io._checks import check_real, check_whole
from planner.laws._hyperparameters import HparamPrediction, Hyperparameters
from planner.laws._kernels import hyperparameter_law
from planner.laws._published import LossScale
from planner.planning._records import ModelShape

__all__ = [
    "DEFAULT_BATCH_LAW",
    "DEFAULT_LR_LAW",
    "DEFAULT_SEQ_LEN",
    "KAPLAN_ALPHA_B",
    "KAPLAN_B_STAR",
    "KAPLAN_SCALE",
    "HparamLaw",
    "HparamPrediction",
    "Hyperparameters",
    "hyperparameters",
    "list_hparam_laws",
    "load_hparam_law",
    "past_range",
    "predict",
]


class HparamLaw(Frozen):
    r"""One hyperparameter law of ``presets/hyperparams/``: peak learning rate and batch.

    ``form = "power"``: each of the rate and the batch (tokens) is a product of powers,

    .. math:: y = a\, C_M^{c}\, N^{n}\, D^{d}

    with :math:`C_M = M D` in DeepSeek's convention (M the non-embedding FLOPs per token with
    the attention, :func:`planner.planning._shapes.deepseek_flops_per_token`), N the parameters in
    ``parameter_convention`` and D the training tokens; a missing coefficient means the law
    gives no such value. ``form = "kaplan-critical"``: the batch is Kaplan et al.'s critical
    batch :math:`B_* / L^{1/\alpha_B}` at the loss :math:`L(N, D)` of the law preset
    ``loss_law`` (no learning rate).
    """

    schema_version: Literal[1] = 1
    id: Annotated[str, Pattern(ID_PATTERN)]
    """Stable id, equal to the file name without ``.toml``."""
    name: str
    source: str
    """Citation of every constant: paper, equation, table."""
    notes: str = ""
    fitted_on: str
    """The runs the law's constants were fitted on (for the held-out check)."""
    form: Literal["power", "kaplan-critical"]
    parameter_convention: Literal["total", "non-embedding"] = "non-embedding"
    lr_coefficient: PositiveFloat | None = None
    lr_compute_exp: float = 0.0
    lr_params_exp: float = 0.0
    lr_tokens_exp: float = 0.0
    batch_coefficient: PositiveFloat | None = None
    batch_compute_exp: float = 0.0
    batch_params_exp: float = 0.0
    batch_tokens_exp: float = 0.0
    b_star: PositiveFloat | None = None
    """Kaplan's B_* in tokens (``kaplan-critical`` only)."""
    alpha_b: PositiveFloat | None = None
    """Kaplan's alpha_B (``kaplan-critical`` only)."""
    loss_law: str | None = None
    """The law preset whose L(N, D) gives the loss (``kaplan-critical`` only)."""
    fitted_compute: tuple[PositiveFloat, PositiveFloat] | None = None
    """The C_M range (FLOPs, DeepSeek's convention) the law was fitted on."""
    fitted_params: tuple[PositiveFloat, PositiveFloat] | None = None
    """The N range (in ``parameter_convention``) the law was fitted on."""
    fitted_tokens: tuple[PositiveFloat, PositiveFloat] | None = None
    """The D range the law was fitted on."""
    in_sample_runs: tuple[str, ...] = ()
    """Ids of published runs (``tests/data/published/published-runs.csv``) whose settings the
    law's own paper fitted or chose with it: excluded from its held-out error."""

    def _validate(self) -> None:
        if self.form == "kaplan-critical":
            if self.b_star is None or self.alpha_b is None or self.loss_law is None:
                raise ValueError("a kaplan-critical law needs b_star, alpha_b and loss_law")
        elif self.lr_coefficient is None and self.batch_coefficient is None:
            raise ValueError("a power law needs lr_coefficient or batch_coefficient")
        for name in ("fitted_compute", "fitted_params", "fitted_tokens"):
            pair = getattr(self, name)
            if pair is not None and not pair[0] < pair[1]:
                raise ValueError(f"{name} must be [low, high] with low < high, got {pair}")
        if (self.fitted_compute, self.fitted_params, self.fitted_tokens) == (None, None, None):
            raise ValueError("a law needs its fitted range (fitted_compute or fitted_params)")

    @property
    def gives_lr(self) -> bool:
        """Whether the law gives a learning rate."""
        return self.form == "power" and self.lr_coefficient is not None

    @property
    def gives_batch(self) -> bool:
        """Whether the law gives a batch size."""
        return self.form == "kaplan-critical" or self.batch_coefficient is not None


DEFAULT_LR_LAW = "deepseek2024"
"""The law whose learning rate the run sheet uses: the smallest median factor off in peak
learning rate on the selection set of published runs
(:data:`planner.run._hparam_check.SELECTION_FAMILIES`; ``benchmarks/bench_hparams.py``). Each law's
error on the other, held-out runs is reported beside it in the README's "Run sheet" section and
checked by ``tests/golden/test_hparams.py``."""
DEFAULT_BATCH_LAW = "li2025-steplaw"
"""The law whose batch the run sheet uses: the smallest median factor off in batch on the
same selection set."""


KAPLAN_B_STAR, KAPLAN_ALPHA_B = 2e8, 0.21
"""B_crit(L) = B_* / L^(1/alpha_B), tokens, L in nats on WebText2: B_* = 2e8 as printed in
Kaplan et al. 2020 Eq. 1.4 (their Table 5 gives the fitted B_* = 2.1e8), alpha_B = 0.21 from
Table 5."""
KAPLAN_SCALE = "webtext2-gpt2bpe"
"""The loss scale id of kaplan2020 (presets/laws/kaplan2020.toml)."""
DEFAULT_SEQ_LEN = 4096
"""Sequence length of the run sheet unless given (DeepSeek LLM's and Llama 2's 4096)."""


def _folder(presets_dir: str | Path | None) -> Path:
    """The folder of hyperparameter laws: the preset folder's, else the shipped one.

    A user's preset folder made before there were hyperparameter laws has none.
    """
    from planner.data._registry import preset_dir, shipped_dir

    folder = preset_dir(presets_dir) / "hyperparams"
    return folder if folder.is_dir() else shipped_dir() / "hyperparams"


@functools.cache
def _load(path: Path, mtime_ns: int) -> HparamLaw:
    from planner.data._registry import load_preset_file

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
    (:func:`planner.planning._shapes.deepseek_flops_per_token`) and N the non-embedding
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

    Raises
    ------
    InputError
        ``n_tokens`` not a finite positive number.

    Examples
    --------
    >>> from planner.planning._shapes import shape_for_params
    >>> p = predict(load_hparam_law("li2025-steplaw"), 100e9, shape_for_params(1.2e9), seq_len=2048)
    >>> 1e-4 < p.learning_rate < 1e-2, 1e5 < p.batch_tokens < 1e7
    (True, True)
    """
    from planner.planning._shapes import deepseek_flops_per_token

    d = check_real(n_tokens, "n_tokens", low=0.0, low_open=True)
    n_ne = 12.0 * shape.n_layers * shape.d_model**2
    n = n_ne if law.parameter_convention == "non-embedding" else shape.n_params_total
    c = deepseek_flops_per_token(shape.n_layers, shape.d_model, seq_len) * d
    lr = batch = None
    if law.form == "kaplan-critical":
        from planner.laws._registry import load_law

        loss = float(load_law(law.loss_law or "", presets_dir=presets_dir).law.predict(n_ne, d))
        assert law.b_star is not None and law.alpha_b is not None  # checked by the model
        batch = law.b_star / loss ** (1 / law.alpha_b)
    else:
        if law.lr_coefficient is not None:
            lr = hyperparameter_law(
                law.lr_coefficient,
                c,
                law.lr_compute_exp,
                n,
                law.lr_params_exp,
                d,
                law.lr_tokens_exp,
            )
        if law.batch_coefficient is not None:
            batch = hyperparameter_law(
                law.batch_coefficient,
                c,
                law.batch_compute_exp,
                n,
                law.batch_params_exp,
                d,
                law.batch_tokens_exp,
            )
    parts = []
    worst = 1.0
    for what, value, bounds in (
        ("C_M", c, law.fitted_compute),
        ("N", n, law.fitted_params),
        ("D", d, law.fitted_tokens),
    ):
        factor = past_range(value, bounds)
        worst = max(worst, factor)
        if factor > 1.0 and bounds is not None:
            side = "above" if value > bounds[1] else "below"
            parts.append(f"{what} = {value:.3g} is {factor:.3g}x {side} its fitted range")
    outside = "; ".join(parts)
    return HparamPrediction(
        law=law.id,
        name=law.name,
        learning_rate=lr,
        batch_tokens=batch,
        outside=outside,
        past_factor=worst,
    )


def hyperparameters(
    n_params: float,
    n_tokens: float,
    shape: ModelShape,
    *,
    seq_len: int = DEFAULT_SEQ_LEN,
    loss: float | None = None,
    loss_scale: LossScale | None = None,
    lr_law: str = DEFAULT_LR_LAW,
    batch_law: str = DEFAULT_BATCH_LAW,
    presets_dir: str | Path | None = None,
) -> Hyperparameters:
    """Peak learning rate and batch by every hyperparameter law; the defaults' values.

    Every law of ``presets/hyperparams/`` (:mod:`planner.run._hparams`) is evaluated; the rate
    comes from ``lr_law`` and the batch from ``batch_law`` (defaults: the smallest error on
    a selection set of published runs), the spread over the laws is kept as a range, and a note says
    when the run is past a law's fitted range and by what factor. Kaplan's critical batch at
    the planned loss is kept as before (flagged off WebText2).

    Parameters
    ----------
    n_params, n_tokens : float
        The run.
    shape : ModelShape
        Its shape (layers and width give DeepSeek's M and the non-embedding N).
    seq_len : int
        Tokens per sequence.
    loss : float, optional
        The planned loss, for the critical batch.
    loss_scale : LossScale, optional
        Its scale (flagged unless Kaplan's WebText2).
    lr_law, batch_law : str
        Ids of the laws whose rate and batch are used.
    presets_dir : str or Path, optional
        The preset folder.

    Returns
    -------
    Hyperparameters
        The run sheet's fields of :class:`planner.laws.Hyperparameters` (a law kind's unset).

    Raises
    ------
    InputError
        ``n_params`` or ``n_tokens`` not a finite positive number, an unknown law, or one that
        gives no rate (``lr_law``) or no batch (``batch_law``).

    Examples
    --------
    >>> from planner.planning._shapes import shape_for_params
    >>> h = hyperparameters(7e9, 2e12, shape_for_params(7e9), seq_len=4096)
    >>> 1e6 < h.batch_tokens < 2e7, 1e-4 < h.learning_rate < 1e-3
    (True, True)
    """
    from planner.planning._shapes import deepseek_flops_per_token

    n_params = check_real(n_params, "n_params", low=0.0, low_open=True)
    n_tokens = check_real(n_tokens, "n_tokens", low=0.0, low_open=True)
    seq_len = check_whole(seq_len, "seq_len", low=1, high=10_000_000)
    m = deepseek_flops_per_token(shape.n_layers, shape.d_model, seq_len)
    c = m * n_tokens
    for name, law_id, gives in (
        ("lr_law", lr_law, "gives_lr"),
        ("batch_law", batch_law, "gives_batch"),
    ):
        if not getattr(load_hparam_law(law_id, presets_dir=presets_dir, field=name), gives):
            raise InputError(f"{name}: {law_id} gives no {'rate' if name == 'lr_law' else 'batch'}")
    laws = list_hparam_laws(presets_dir=presets_dir)
    by_law = tuple(
        predict(law, n_tokens, shape, seq_len=seq_len, presets_dir=presets_dir) for law in laws
    )
    chosen = {p.law: p for p in by_law}
    lr = chosen[lr_law].learning_rate
    batch = chosen[batch_law].batch_tokens
    assert lr is not None and batch is not None  # checked above
    rates = [p.learning_rate for p in by_law if p.learning_rate is not None]
    batches = [p.batch_tokens for p in by_law if p.batch_tokens is not None]
    sequences = max(1, round(batch / seq_len))
    notes = [
        f"learning rate: {chosen[lr_law].name}; batch: {chosen[batch_law].name}; "
        f"C_M = {c:.3g} FLOPs ({c / (6 * n_params * n_tokens):.2f} x 6ND)"
    ]
    notes += [f"{p.name}: {p.outside}" for p in by_law if p.outside]
    critical = None
    if loss is not None and loss > 0:
        critical = KAPLAN_B_STAR / loss ** (1 / KAPLAN_ALPHA_B)
        if loss_scale is None or loss_scale.id != KAPLAN_SCALE:
            scale = loss_scale.id if loss_scale else "an unnamed scale"
            notes.append(
                f"critical batch: Kaplan et al.'s B_crit is in WebText2 nats; this loss is on "
                f"{scale}, so B_crit = {critical:.3g} tokens is indicative only"
            )
    return Hyperparameters(
        deepseek_compute=c,
        batch_tokens=float(sequences * seq_len),
        batch_sequences=sequences,
        seq_len=seq_len,
        steps=max(1, math.ceil(n_tokens / (sequences * seq_len))),
        learning_rate=lr,
        critical_batch_tokens=critical,
        lr_law=lr_law,
        batch_law=batch_law,
        learning_rate_range=(min(rates), max(rates)),
        batch_tokens_range=(min(batches), max(batches)),
        by_law=by_law,
        notes=tuple(notes),
    )
