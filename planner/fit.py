r"""Fit your own runs: Approach 3 (parametric) and Approach 2 (iso-FLOP) fits, with bootstrap.

Approach 3 follows Hoffmann et al. 2022 (App. D.2) as corrected by Besiroglu et al. 2024:

.. math::
    \min_{a, b, e, \alpha, \beta} \sum_i \mathrm{Huber}_\delta\big(
        \mathrm{LSE}(a - \alpha \log N_i,\; b - \beta \log D_i,\; e) - \log L_i \big),
    \quad \delta = 10^{-3},

then :math:`A, B, E = e^a, e^b, e^e`. The objective is **summed** over runs (a mean loses
precision and stops the optimiser early, the cause of the original paper's error). The full
start grid of Hoffmann et al. (4500 points) is evaluated in one vectorised pass, the best starts
are refined together by a vectorised Adam, and the best few are polished by L-BFGS-B with
analytic gradients; the best *converged* polish wins.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import IO

import numpy as np
from numpy.typing import NDArray

from planner.checks import check_flag, check_path, check_real, check_whole
from planner.errors import InfeasibleError, InputError, SolverError
from planner.files import shorten, shorten_path
from planner.limits import (
    COMPUTE_RANGE_FLOPS,
    EXPONENT_RANGE,
    LOSS_RANGE,
    PARAMS_RANGE,
    TOKENS_RANGE,
)
from planner.models import (
    Frozen,
    LawPreset,
    LossScale,
    ParametricLaw,
    ParametricStderr,
    validate_id,
)
from planner.units import FLOPS_PER_PARAM_TOKEN, parse_quantity

__all__ = [
    "HOFFMANN_GRID",
    "HUBER_DELTA",
    "MIN_RUNS",
    "SCREEN_RUNS",
    "Approach3Fit",
    "BootstrapSummary",
    "FitReport",
    "HoldoutReport",
    "IsoFlopBudget",
    "IsoFlopFit",
    "Runs",
    "check_fit_options",
    "distinct_points",
    "fit_approach2",
    "fit_approach3",
    "fit_diagnostics",
    "fit_runs",
    "fit_to_law",
    "huber_lse_objective",
    "law_toml",
    "read_runs",
    "write_law_file",
]

FloatArray = NDArray[np.float64]

HUBER_DELTA = 1e-3
"""Huber delta of Hoffmann et al. 2022 App. D.2 (larger overfits the low-compute runs)."""
MIN_RUNS = 6
"""Five coefficients need at least six runs (and many more to mean anything)."""
REPORT_BUDGETS = (1e21, 1e23, 5.88e23, 1e25)
"""Budgets at which tokens per parameter are reported (5.88e23 = 6 x 70B x 1.4T, Chinchilla)."""


def _hoffmann_grid() -> FloatArray:
    """Hoffmann et al. App. D.2 start grid, columns (a, b, e, alpha, beta): 6 x 6 x 5 x 5 x 5."""
    a = np.arange(0.0, 30.0, 5.0)
    b = np.arange(0.0, 30.0, 5.0)
    e = np.arange(-1.0, 1.5, 0.5)
    alpha = np.arange(0.0, 2.5, 0.5)
    beta = np.arange(0.0, 2.5, 0.5)
    return np.array(np.meshgrid(a, b, e, alpha, beta, indexing="ij")).reshape(5, -1).T


HOFFMANN_GRID = _hoffmann_grid()
"""The 4500 starts: alpha, beta in {0, 0.5, ..., 2}; e in {-1, -0.5, ..., 1};
a, b in {0, 5, ..., 25}."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, eq=False)
class Runs:
    """Training runs (one per row of a CSV): read-only float64 arrays, with their provenance.

    Arrays, not tuples, so that a million runs cost 24 MB rather than a gigabyte of Python
    floats; constructed from any sequences of positive finite numbers.
    """

    n_params: FloatArray
    n_tokens: FloatArray
    loss: FloatArray
    source: str
    """File name the runs came from."""
    sha256: str
    """Digest of the file's bytes."""
    n_rows: int
    """Rows in the file."""
    dropped: int = 0
    """Runs removed by ``drop_highest``."""

    def __post_init__(self) -> None:
        arrays = []
        for name in ("n_params", "n_tokens", "loss"):
            try:
                arr = np.array(getattr(self, name), dtype=np.float64).reshape(-1)
            except (TypeError, ValueError, OverflowError) as exc:
                raise InputError(f"{name}: must be a sequence of numbers") from exc
            if not np.all(np.isfinite(arr) & (arr > 0)):
                raise InputError(f"{name}: every value must be a finite number > 0")
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)
            arrays.append(arr)
        if not len(arrays[0]) == len(arrays[1]) == len(arrays[2]):
            raise InputError("n_params, n_tokens and loss must have the same length")

    @property
    def compute_flops(self) -> FloatArray:
        """6 N D per run."""
        return FLOPS_PER_PARAM_TOKEN * self.n_params * self.n_tokens

    def subset(self, index: NDArray[np.intp]) -> Runs:
        """The runs at ``index`` (same provenance)."""
        return replace(
            self,
            n_params=self.n_params[index],
            n_tokens=self.n_tokens[index],
            loss=self.loss[index],
        )


def _fail(path: Path, message: str) -> InputError:
    return InputError(f"{shorten_path(path)}: {message}")


def _cell(text: str) -> float:
    """A CSV cell by the planner's number grammar (fast path for plain ASCII numbers)."""
    if text.isascii():
        try:
            return float(text)  # same grammar for plain numbers; NaN/inf fail the range check
        except ValueError:
            pass
    return parse_quantity(text, name="cell")


def read_runs(
    path: str | Path,
    *,
    params_col: str = "n_params",
    tokens_col: str | None = None,
    compute_col: str | None = None,
    loss_col: str = "loss",
    drop_highest: int = 0,
    where: Mapping[str, str] | None = None,
    max_params: float | None = None,
) -> Runs:
    r"""Read (N, D, loss) runs from a CSV file, streaming it row by row.

    ``where`` keeps only the rows whose named columns equal the given text (e.g. one data set
    of a file with several), and ``max_params`` only the runs with N at most that (e.g. to fit
    the small runs of a ladder and hold out the large ones). Filtered rows are not checked.

    One run per row, with columns ``n_params``, ``loss`` and either ``n_tokens`` or
    ``compute_flops`` (then D = C / 6N); other names by the ``*_col`` arguments. Cells follow
    the planner's number grammar (:data:`planner.units.NUMBER_GRAMMAR`: ``7e9``, ``70B``,
    ``1_000``) and must lie in the planner's ranges (:mod:`planner.limits`). The file is
    never held in memory as text: a million rows take about 30 MB.

    Raises
    ------
    InputError
        Missing file, empty file, not UTF-8, duplicated or missing headers, cells that are not
        numbers in range (the message names the lines, the first column and value), a cell
        over 131,072 characters (the csv module's limit), or fewer than ``MIN_RUNS`` runs.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "runs.csv"
    >>> rows = [f"{n},{20 * n},{2 + 1e3 / n ** 0.3}" for n in (1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10)]
    >>> _ = path.write_text("\n".join(["n_params,n_tokens,loss", *rows]))
    >>> runs = read_runs(path, drop_highest=1)
    >>> len(runs.loss), runs.dropped, float(runs.n_params[0])
    (6, 1, 30000000.0)
    """
    path = check_path(path, "path")
    for name, col in (("params_col", params_col), ("loss_col", loss_col)):
        if not isinstance(col, str):
            raise InputError(f"{name}: expected a column name, got {shorten(col)}")
    for name, opt in (("tokens_col", tokens_col), ("compute_col", compute_col)):
        if opt is not None and not isinstance(opt, str):
            raise InputError(f"{name}: expected a column name, got {shorten(opt)}")
    drop_highest = check_whole(drop_highest, "drop_highest")
    filters = dict(where or {})
    for key, value in filters.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InputError(f"where: expected column names and text values, got {shorten(where)}")
    n_max = math.inf if max_params is None else check_real(max_params, "max_params", low=0.0)
    digest = hashlib.sha256()
    columns: list[array[float]] = [array("d"), array("d"), array("d")]
    bad: list[tuple[int, str, str]] = []
    n_bad = 0
    try:
        with path.open("rb") as raw:
            text = io.TextIOWrapper(_Digesting(raw, digest), encoding="utf-8-sig", newline="")
            reader = csv.reader(text)
            header: list[str] | None = None
            idx: list[int] = []
            where_idx: list[tuple[int, str]] = []
            wanted: list[str] = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if header is None:
                    header, wanted, tokens_col, compute_col = _header(
                        path, row, params_col, tokens_col, compute_col, loss_col
                    )
                    idx = [header.index(c) for c in wanted]
                    missing = [c for c in filters if c not in header]
                    if missing:
                        raise _fail(path, f"where: no column {shorten(missing[0])}")
                    where_idx = [(header.index(c), v) for c, v in filters.items()]
                    continue
                if any(i >= len(row) or row[i].strip() != v for i, v in where_idx):
                    continue
                line = reader.line_num
                values = []
                for col, i, (lo, hi) in zip(wanted, idx, _ranges(tokens_col), strict=True):
                    cell = row[i].strip() if i < len(row) else ""
                    try:
                        v = _cell(cell)
                    except InputError:
                        v = math.nan
                    if not lo <= v <= hi:
                        n_bad += 1
                        if len(bad) < 8:
                            bad.append((line, col, cell))
                        break
                    values.append(v)
                else:
                    if values[0] <= n_max:
                        for column, v in zip(columns, values, strict=True):
                            column.append(v)
            sha = digest.hexdigest()
    except OSError as exc:
        raise _fail(path, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text (byte {exc.start} of a chunk)") from exc
    except csv.Error as exc:
        raise _fail(path, f"line {reader.line_num}: {exc}") from exc
    if header is None:
        raise _fail(path, "empty file")
    if bad:
        line, col, cell = bad[0]
        lines = ", ".join(str(b[0]) for b in bad) + (" ..." if n_bad > len(bad) else "")
        lo, hi = dict(zip(wanted, _ranges(tokens_col), strict=True))[col]
        raise _fail(
            path,
            f"{n_bad} bad row{'s' if n_bad > 1 else ''} (lines {lines}): first at line {line}, "
            f"{col} = {shorten(cell)} is not a number in [{lo:g}, {hi:g}]",
        )
    n = np.frombuffer(columns[0], dtype=np.float64)
    loss = np.frombuffer(columns[1], dtype=np.float64)
    third = np.frombuffer(columns[2], dtype=np.float64)
    if n.size == 0:
        raise _fail(path, "no runs below the header")
    d = third if tokens_col is not None else third / (FLOPS_PER_PARAM_TOKEN * n)
    d_lo, d_hi = TOKENS_RANGE
    if tokens_col is None and not np.all((d >= d_lo) & (d <= d_hi)):
        first = int(np.argmax((d < d_lo) | (d > d_hi)))
        raise _fail(path, f"run {first + 1}: compute / (6 n_params) = {d[first]:g} tokens is "
                    f"outside [{d_lo:g}, {d_hi:g}]")
    if drop_highest >= n.size:
        raise _fail(path, f"drop_highest: {drop_highest} drops every one of {n.size} runs")
    keep = np.sort(np.argsort(loss, kind="stable")[: n.size - drop_highest])
    runs = Runs(
        n_params=n[keep],
        n_tokens=d[keep],
        loss=loss[keep],
        source=path.name,
        sha256=sha,
        n_rows=int(n.size),
        dropped=drop_highest,
    )
    distinct = distinct_points(runs)
    if distinct < MIN_RUNS:
        raise _fail(
            path,
            f"too few runs to fit five parameters: {distinct} distinct (N, D) point"
            f"{'s' if distinct != 1 else ''} in {len(keep)} runs after dropping {drop_highest} "
            f"(need at least {MIN_RUNS})",
        )
    return runs


class _Digesting(io.RawIOBase):
    """A binary reader that feeds what it reads to a hash (one pass over the file)."""

    def __init__(self, raw: IO[bytes], digest: hashlib._Hash) -> None:
        self._raw = raw
        self._digest = digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        self._digest.update(data)
        buffer[: len(data)] = data
        return len(data)


def _ranges(tokens_col: str | None) -> list[tuple[float, float]]:
    third = TOKENS_RANGE if tokens_col is not None else COMPUTE_RANGE_FLOPS
    return [PARAMS_RANGE, LOSS_RANGE, third]


def _header(
    path: Path,
    row: list[str],
    params_col: str,
    tokens_col: str | None,
    compute_col: str | None,
    loss_col: str,
) -> tuple[list[str], list[str], str | None, str | None]:
    header = [h.strip() for h in row]
    seen: set[str] = set()
    for h in header:
        if h in seen:
            raise _fail(path, f"duplicated header {shorten(h)}")
        seen.add(h)
    if tokens_col is None and compute_col is None:
        if "n_tokens" in header:
            tokens_col = "n_tokens"
        elif "compute_flops" in header:
            compute_col = "compute_flops"
        else:
            raise _fail(
                path, "needs a column n_tokens or compute_flops (or --tokens-col / --compute-col)"
            )
    if tokens_col is not None and compute_col is not None:
        raise InputError("give either a tokens column or a compute column, not both")
    third = tokens_col if tokens_col is not None else compute_col
    assert third is not None
    wanted = [params_col, loss_col, third]
    missing = [c for c in wanted if c not in header]
    if missing:
        cols = shorten(", ".join(header), 120)
        raise _fail(path, f"no column {shorten(missing[0])} (columns: {cols})")
    return header, wanted, tokens_col, compute_col


def distinct_points(runs: Runs) -> int:
    """How many different (N, D) pairs the runs have (repeated seeds count once)."""
    pairs = np.stack([runs.n_params, runs.n_tokens], axis=1)
    return int(np.unique(pairs, axis=0).shape[0])


# --------------------------------------------------------------------------- objective


def huber_lse_objective(
    theta: FloatArray,
    log_n: FloatArray,
    log_d: FloatArray,
    log_loss: FloatArray,
    *,
    weights: FloatArray | None = None,
    delta: float = HUBER_DELTA,
) -> tuple[FloatArray, FloatArray]:
    r"""The summed Huber objective and its analytic gradient, for a batch of parameter vectors.

    Parameters
    ----------
    theta : ndarray, shape (k, 5)
        Rows (a, b, e, alpha, beta), with a, b, e the logs of A, B, E.
    log_n, log_d, log_loss : ndarray, shape (n,)
        Logs of the runs' N, D and loss.
    weights : ndarray, shape (n,) or (k, n), optional
        Run multiplicities (bootstrap resamples).

    Returns
    -------
    f : ndarray, shape (k,)
    grad : ndarray, shape (k, 5)

    Notes
    -----
    With :math:`t_1 = a - \alpha \log N`, :math:`t_2 = b - \beta \log D`, :math:`t_3 = e`,
    softmax weights :math:`w_j`, residual :math:`r` and :math:`h = \mathrm{clip}(r, -\delta,
    \delta)`: :math:`\partial f/\partial a = \sum h w_1`, :math:`\partial f/\partial \alpha =
    -\sum h w_1 \log N`, and likewise for b, beta (w_2) and e (w_3).
    """
    th = np.atleast_2d(theta)
    a, b, e, alpha, beta = (th[:, i : i + 1] for i in range(5))
    t1 = a - alpha * log_n
    t2 = b - beta * log_d
    m = np.maximum(np.maximum(t1, t2), e)
    e1, e2, e3 = np.exp(t1 - m), np.exp(t2 - m), np.exp(e - m)
    s = e1 + e2 + e3
    r = m + np.log(s) - log_loss
    ar = np.abs(r)
    hub = np.where(ar <= delta, 0.5 * r * r, delta * (ar - 0.5 * delta))
    dh = np.clip(r, -delta, delta)
    if weights is not None:
        hub = hub * weights
        dh = dh * weights
    f = hub.sum(axis=-1)
    dh1, dh2 = dh * (e1 / s), dh * (e2 / s)
    grad = np.stack(
        [
            dh1.sum(-1),
            dh2.sum(-1),
            (dh * (e3 / s)).sum(-1),
            -(dh1 * log_n).sum(-1),
            -(dh2 * log_d).sum(-1),
        ],
        axis=-1,
    )
    return f, grad


def _adam(
    fg: Callable[[FloatArray], tuple[FloatArray, FloatArray]],
    theta: FloatArray,
    steps: int,
    lr: float = 0.02,
) -> FloatArray:
    """Vectorised Adam over a batch of starts, keeping each start's best point."""
    x = theta.copy()
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    best_x = x.copy()
    best_f, _ = fg(x)
    for t in range(1, steps + 1):
        f, g = fg(x)
        better = f < best_f
        best_f = np.where(better, f, best_f)
        best_x[better] = x[better]
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        x = x - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-12)
    f, _ = fg(x)
    better = f < best_f
    best_x[better] = x[better]
    return best_x


def _polish(fg: Callable[[FloatArray], tuple[FloatArray, FloatArray]], x0: FloatArray):  # type: ignore[no-untyped-def]
    from scipy.optimize import minimize

    def scalar(x: FloatArray) -> tuple[float, FloatArray]:
        f, g = fg(x)
        return float(f[0]), g[0]

    return minimize(
        scalar,
        x0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 10_000, "maxfun": 20_000, "ftol": 1e-15, "gtol": 1e-12},
    )


GRADIENT_TOLERANCE = 1e-7
"""A polish that stops on a failed line search is accepted when every gradient component is
below this: the objective no longer changes at machine precision (common with Huber's kinks)."""


def _converged(res) -> bool:  # type: ignore[no-untyped-def]
    if not np.all(np.isfinite(res.x)):
        return False
    return bool(res.success) or float(np.max(np.abs(res.jac))) < GRADIENT_TOLERANCE


# --------------------------------------------------------------------------- results


class Approach3Fit(Frozen):
    """A fitted L(N, D) = E + A/N^alpha + B/D^beta."""

    e: float
    """E (nats/token)."""
    a: float
    """A."""
    b: float
    """B."""
    alpha: float
    beta: float
    log_a: float
    log_b: float
    log_e: float
    objective: float
    """Summed Huber objective at the optimum."""
    converged: bool
    message: str
    n_starts: int
    """Grid starts screened."""
    n_polished: int
    """Starts polished by L-BFGS-B."""
    delta: float
    allocation_exponent: float
    """a = beta / (alpha + beta): N_opt grows as C^a."""
    tokens_per_param: tuple[tuple[float, float], ...]
    """(budget FLOPs, D/N of the compute-optimal plan) at a few budgets."""


class BootstrapSummary(Frozen):
    """Resampled refits of the runs."""

    n_resamples: int
    seed: int
    level: float
    """Coverage of the percentile intervals, e.g. 0.95."""
    n_failed: int
    """Resamples whose refit did not converge (left out)."""
    stderr: dict[str, float]
    ci: dict[str, tuple[float, float]]
    """Percentile interval [low, high] per coefficient and derived quantity."""


class HoldoutReport(Frozen):
    """Fit without the largest-compute runs, predict them."""

    n_fit: int
    n_held_out: int
    compute_threshold: float
    """Runs at or above this compute were held out."""
    mean_abs_rel_error: float
    max_abs_rel_error: float
    rmse_log: float


class IsoFlopBudget(Frozen):
    """One iso-FLOP profile: a parabola of loss in log N."""

    compute_flops: float
    n_runs: int
    n_opt: float
    loss_at_opt: float
    minimum_inside: bool
    """Whether the parabola's minimum lies within the profile's sampled N (else biased)."""


class IsoFlopFit(Frozen):
    """Approach 2: N_opt = k C^a over iso-FLOP profiles."""

    budgets: tuple[IsoFlopBudget, ...]
    a: float
    k: float
    note: str


class FitReport(Frozen):
    """Everything ``planner fit`` reports."""

    approach3: Approach3Fit
    bootstrap: BootstrapSummary | None = None
    holdout: HoldoutReport | None = None
    approach2: IsoFlopFit | None = None
    n_runs: int
    n_dropped: int
    source: str
    sha256: str
    fitted_compute_flops: tuple[float, float]
    warnings: tuple[str, ...] = ()
    """What a user must know before trusting the fit (degenerate exponents, no better than a
    constant, too few distinct points, repeated rows, no convergence)."""
    degenerate: bool = False
    """Whether the fit means nothing as a scaling law; ``fit_to_law`` refuses it by default."""


NO_BETTER_THAN_CONSTANT = 0.8
"""A fit whose objective is above this share of a constant loss's objective explains next to
nothing of the losses: it is flagged as degenerate."""
GRID_EXPONENT_MAX = 2.0
"""The largest exponent of Hoffmann et al.'s start grid; a fitted exponent beyond it is not
pinned down by the runs."""
MIN_DISTINCT_AXIS = 3
"""Distinct model sizes (and token counts) needed to identify alpha (and beta)."""


def fit_diagnostics(runs: Runs, fit: Approach3Fit) -> tuple[tuple[str, ...], bool]:
    """Warnings about a fit, and whether it is degenerate (means nothing as a law).

    Degenerate: not converged; alpha or beta at or below 0 (the loss does not fall with N or
    D) or beyond the start grid's 0-2; fewer than three distinct N or D; losses that do not
    vary; an objective no better than a constant loss's. Flagged but not degenerate: rows that
    repeat an (N, D) point (each still counts as a run: repeated seeds are legitimate data).
    """
    out: list[str] = []
    bad = False
    log_l = np.log(runs.loss)
    constant = float(np.sum(_huber(log_l - np.median(log_l), fit.delta)))
    if constant <= 0.0:
        out.append("the losses do not vary: there is nothing to fit")
        bad = True
    elif fit.objective > NO_BETTER_THAN_CONSTANT * constant:
        out.append(
            f"the residuals are no better than a constant loss (objective {fit.objective:.3g} "
            f"against {constant:.3g}): the runs show no scaling"
        )
        bad = True
    for name, value, axis in (("alpha", fit.alpha, "N"), ("beta", fit.beta, "D")):
        if value <= EXPONENT_RANGE[0]:
            out.append(
                f"{name} = {value:.3g}: the loss does not fall with {axis} in these runs "
                "(exponent at or below 0); this is not a scaling law"
            )
            bad = True
        elif value > GRID_EXPONENT_MAX:
            out.append(
                f"{name} = {value:.3g} is beyond the start grid's 0-{GRID_EXPONENT_MAX:g}: the "
                f"runs do not pin down how the loss falls with {axis}"
            )
            bad = True
    axes = (("model sizes", runs.n_params, "alpha"), ("token counts", runs.n_tokens, "beta"))
    for axis, values, name in axes:
        distinct = np.unique(values).size
        if distinct < MIN_DISTINCT_AXIS:
            out.append(f"only {distinct} distinct {axis}: {name} is not identified")
            bad = True
    if not fit.converged:
        out.append(f"the optimiser did not converge ({fit.message})")
        bad = True
    repeats = len(runs.loss) - distinct_points(runs)
    if repeats:
        out.append(
            f"{repeats} of {len(runs.loss)} runs repeat an (N, D) point already seen; each "
            "counts as a run (repeated seeds?)"
        )
    return tuple(out), bad


def _huber(r: FloatArray, delta: float) -> FloatArray:
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))


# --------------------------------------------------------------------------- fitting


def _logs(runs: Runs) -> tuple[FloatArray, FloatArray, FloatArray]:
    return (
        np.log(np.asarray(runs.n_params)),
        np.log(np.asarray(runs.n_tokens)),
        np.log(np.asarray(runs.loss)),
    )


def _derived(theta: FloatArray) -> dict[str, float]:
    a, b, e, alpha, beta = (float(x) for x in theta)
    return {"E": math.exp(e), "A": math.exp(a), "B": math.exp(b), "alpha": alpha, "beta": beta}


def _tokens_per_param(theta: FloatArray, budgets: Sequence[float]) -> list[float]:
    from planner.laws import parametric_optimum

    d = _derived(theta)
    if not (d["alpha"] > 0 and d["beta"] > 0):
        return [math.nan for _ in budgets]
    n, tok = parametric_optimum(np.asarray(budgets), d["A"], d["B"], d["alpha"], d["beta"])
    return list(np.asarray(tok) / np.asarray(n))


SCREEN_RUNS = 20_000
"""Runs used to screen the start grid and refine the best starts. Above this many runs the grid
is screened on an evenly spaced subsample (by compute, so every scale is represented) and only
the final polish sees every run: the screen picks a basin, it does not decide the optimum.
At or below it (every published ladder, and the shared Chinchilla data) nothing changes."""
CHUNK_RUNS = 1 << 16
"""Runs per chunk of the full-data objective: temporaries stay a few MB whatever the size."""


def _objective(
    log_n: FloatArray,
    log_d: FloatArray,
    log_l: FloatArray,
    *,
    delta: float,
    weights: FloatArray | None = None,
) -> Callable[[FloatArray], tuple[FloatArray, FloatArray]]:
    """``fg(theta)`` summed over chunks of the runs (one chunk for up to 65,536 runs)."""
    n = log_n.shape[0]
    if n <= CHUNK_RUNS:

        def whole(th: FloatArray) -> tuple[FloatArray, FloatArray]:
            return huber_lse_objective(th, log_n, log_d, log_l, weights=weights, delta=delta)

        return whole

    def chunked(th: FloatArray) -> tuple[FloatArray, FloatArray]:
        f_total: FloatArray | None = None
        g_total: FloatArray | None = None
        for i in range(0, n, CHUNK_RUNS):
            sl = slice(i, i + CHUNK_RUNS)
            f, g = huber_lse_objective(
                th,
                log_n[sl],
                log_d[sl],
                log_l[sl],
                weights=None if weights is None else weights[..., sl],
                delta=delta,
            )
            f_total = f if f_total is None else f_total + f
            g_total = g if g_total is None else g_total + g
        assert f_total is not None and g_total is not None
        return f_total, g_total

    return chunked


def _screen_sample(log_n: FloatArray, log_d: FloatArray) -> NDArray[np.intp]:
    """Indices of at most ``SCREEN_RUNS`` runs, evenly spaced in compute order."""
    n = log_n.shape[0]
    if n <= SCREEN_RUNS:
        return np.arange(n)
    order = np.argsort(log_n + log_d, kind="stable")
    return np.sort(order[np.linspace(0, n - 1, SCREEN_RUNS).round().astype(np.intp)])


def _fit_theta(
    log_n: FloatArray,
    log_d: FloatArray,
    log_l: FloatArray,
    *,
    delta: float,
    grid: FloatArray,
    refine_top: int,
    refine_steps: int,
    polish_top: int,
):  # type: ignore[no-untyped-def]
    pick = _screen_sample(log_n, log_d)
    fg = _objective(log_n[pick], log_d[pick], log_l[pick], delta=delta)
    # chunks keep the temporaries (rows x runs) in cache: ~4x faster than one 4500-row pass
    f0 = np.concatenate([fg(grid[i : i + 256])[0] for i in range(0, len(grid), 256)])
    order = np.argsort(f0, kind="stable")
    starts = grid[order[: min(refine_top, len(grid))]]
    refined = _adam(fg, starts, refine_steps) if refine_steps > 0 else starts
    f1, _ = fg(refined)
    candidates = refined[np.argsort(f1, kind="stable")[:polish_top]]
    results = [_polish(fg, x0) for x0 in candidates]
    ok = [r for r in results if _converged(r)]
    if not ok:
        raise SolverError(f"no start converged: {results[0].message}")
    best = min(ok, key=lambda r: float(r.fun))
    if pick.size < log_n.size:  # polish the subsample's optimum on every run
        full = _polish(_objective(log_n, log_d, log_l, delta=delta), best.x)
        if not _converged(full):
            raise SolverError(f"the full-data polish did not converge: {full.message}")
        best = full
    return best, len(results)


def _allocation_exponent(alpha: float, beta: float) -> float:
    """a = beta / (alpha + beta); NaN-free: 0.5 when both exponents vanish (degenerate fit)."""
    total = alpha + beta
    return beta / total if abs(total) > 1e-12 else 0.5


def fit_approach3(
    runs: Runs,
    *,
    delta: float = HUBER_DELTA,
    grid: FloatArray = HOFFMANN_GRID,
    refine_top: int = 256,
    refine_steps: int = 60,
    polish_top: int = 4,
) -> Approach3Fit:
    """Fit L(N, D) = E + A/N^alpha + B/D^beta to runs by the Huber/LSE recipe.

    Examples
    --------
    A known law, sampled without noise on a grid of N and D, is recovered:

    >>> n = np.repeat(np.logspace(7, 10, 7), 5)
    >>> d = n * np.tile(np.logspace(0.7, 2.3, 5), 7)
    >>> loss = 1.69 + 406.4 / n**0.34 + 410.7 / d**0.28
    >>> runs = Runs(n_params=tuple(n), n_tokens=tuple(d), loss=tuple(loss), source="x.csv",
    ...             sha256="0" * 64, n_rows=35)
    >>> fit = fit_approach3(runs)
    >>> f"E={fit.e:.3f} alpha={fit.alpha:.3f} beta={fit.beta:.3f}"
    'E=1.690 alpha=0.340 beta=0.280'
    """
    log_n, log_d, log_l = _logs(runs)
    best, polished = _fit_theta(
        log_n,
        log_d,
        log_l,
        delta=delta,
        grid=grid,
        refine_top=refine_top,
        refine_steps=refine_steps,
        polish_top=polish_top,
    )
    theta = best.x
    d = _derived(theta)
    tpp = _tokens_per_param(theta, REPORT_BUDGETS)
    return Approach3Fit(
        e=d["E"],
        a=d["A"],
        b=d["B"],
        alpha=d["alpha"],
        beta=d["beta"],
        log_a=float(theta[0]),
        log_b=float(theta[1]),
        log_e=float(theta[2]),
        objective=float(best.fun),
        converged=_converged(best),
        message=str(best.message),
        n_starts=len(grid),
        n_polished=polished,
        delta=delta,
        allocation_exponent=_allocation_exponent(d["alpha"], d["beta"]),
        tokens_per_param=tuple(
            (c, t) for c, t in zip(REPORT_BUDGETS, tpp, strict=True) if math.isfinite(t)
        ),
    )


def _bootstrap(
    runs: Runs,
    fit: Approach3Fit,
    resamples: int,
    seed: int,
    level: float,
    delta: float,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> BootstrapSummary:
    log_n, log_d, log_l = _logs(runs)
    n = len(log_n)
    rng = np.random.default_rng(seed)
    x0 = np.array([fit.log_a, fit.log_b, fit.log_e, fit.alpha, fit.beta])
    draws: list[list[float]] = []
    failed = 0
    for i in range(resamples):
        if cancelled is not None and cancelled():
            raise SolverError("bootstrap cancelled")
        counts = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)

        res = _polish(_objective(log_n, log_d, log_l, delta=delta, weights=counts), x0)
        if not _converged(res):
            failed += 1
        else:
            d = _derived(res.x)
            tpp = _tokens_per_param(res.x, [5.88e23])[0]
            draws.append(
                [
                    d["E"],
                    d["A"],
                    d["B"],
                    d["alpha"],
                    d["beta"],
                    _allocation_exponent(d["alpha"], d["beta"]),
                    tpp,
                    res.x[2],
                    res.x[0],
                    res.x[1],
                ]
            )
        if progress is not None and ((i + 1) % max(1, resamples // 20) == 0 or i + 1 == resamples):
            progress(i + 1, resamples)
    if len(draws) < 2:
        raise SolverError(f"bootstrap: only {len(draws)} of {resamples} refits converged")
    arr = np.asarray(draws)
    names = [
        "E",
        "A",
        "B",
        "alpha",
        "beta",
        "a",
        "tokens_per_param_at_5.88e23",
        "log_E",
        "log_A",
        "log_B",
    ]
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    finite = np.isfinite(arr)
    stderr = {k: float(np.std(arr[finite[:, j], j], ddof=1)) for j, k in enumerate(names)}
    ci = {
        k: (
            float(np.quantile(arr[finite[:, j], j], lo_q)),
            float(np.quantile(arr[finite[:, j], j], hi_q)),
        )
        for j, k in enumerate(names)
    }
    return BootstrapSummary(
        n_resamples=resamples, seed=seed, level=level, n_failed=failed, stderr=stderr, ci=ci
    )


def _holdout(runs: Runs, fraction: float, delta: float) -> HoldoutReport | None:
    c = runs.compute_flops
    n_hold = max(1, round(fraction * len(c)))
    if len(c) - n_hold < MIN_RUNS:
        return None
    order = np.argsort(c, kind="stable")
    held, kept = order[-n_hold:], order[:-n_hold]
    sub = runs.subset(kept)
    fit = fit_approach3(sub, delta=delta)
    from planner.laws import parametric_loss

    pred = parametric_loss(
        np.asarray(runs.n_params)[held],
        np.asarray(runs.n_tokens)[held],
        fit.e,
        fit.a,
        fit.b,
        fit.alpha,
        fit.beta,
    )
    actual = np.asarray(runs.loss)[held]
    rel = np.abs(pred - actual) / actual
    return HoldoutReport(
        n_fit=len(kept),
        n_held_out=n_hold,
        compute_threshold=float(c[held].min()),
        mean_abs_rel_error=float(rel.mean()),
        max_abs_rel_error=float(rel.max()),
        rmse_log=float(np.sqrt(np.mean((np.log(pred) - np.log(actual)) ** 2))),
    )


def fit_approach2(
    runs: Runs, *, group_tolerance_dex: float = 0.1, min_points: int = 5
) -> IsoFlopFit:
    """Approach 2: a parabola of loss in log N per iso-FLOP budget, then N_opt = k C^a.

    Runs are grouped by compute: sorted by log10 C, a new group starts where the gap to the
    previous run exceeds ``group_tolerance_dex``. Groups with fewer than ``min_points`` runs, or
    whose parabola opens downwards, are skipped.

    Notes
    -----
    Known bias: the fitted minimum is only as good as the profile around it. It needs enough
    points per budget and a spread of N roughly symmetric about the minimum; a minimum outside
    the sampled N (``minimum_inside = False``) is an extrapolation of the parabola.

    Raises
    ------
    InputError
        Fewer than two usable budgets.
    """
    c = runs.compute_flops
    lc = np.log10(c)
    order = np.argsort(lc, kind="stable")
    groups: list[list[int]] = [[int(order[0])]]
    for prev, cur in pairwise(order):
        if lc[cur] - lc[prev] > group_tolerance_dex:
            groups.append([])
        groups[-1].append(int(cur))
    log_n = np.log(np.asarray(runs.n_params))
    loss = np.asarray(runs.loss)
    budgets = []
    for g in groups:
        if len(g) < min_points:
            continue
        x, y = log_n[g], loss[g]
        c2, c1, c0 = np.polyfit(x, y, 2)
        if not c2 > 0:
            continue
        x_opt = -c1 / (2 * c2)
        budgets.append(
            IsoFlopBudget(
                compute_flops=float(10 ** np.mean(lc[g])),
                n_runs=len(g),
                n_opt=float(np.exp(x_opt)),
                loss_at_opt=float(c0 + c1 * x_opt + c2 * x_opt * x_opt),
                minimum_inside=bool(x.min() <= x_opt <= x.max()),
            )
        )
    if len(budgets) < 2:
        raise InputError(
            f"approach 2: needs at least two iso-FLOP budgets with >= {min_points} runs and a "
            f"convex profile; found {len(budgets)}"
        )
    slope, intercept = np.polyfit(
        np.log([b.compute_flops for b in budgets]), np.log([b.n_opt for b in budgets]), 1
    )
    outside = sum(not b.minimum_inside for b in budgets)
    return IsoFlopFit(
        budgets=tuple(budgets),
        a=float(slope),
        k=float(np.exp(intercept)),
        note=(
            "iso-FLOP minima are biased unless each budget has enough points spread "
            "symmetrically around its minimum"
            + (f"; {outside} budget(s) have their minimum outside the sampled N" if outside else "")
        ),
    )


def check_fit_options(
    *, bootstrap: object = 0, seed: object = 0, level: object = 0.95, holdout_fraction: object = 0.1
) -> tuple[int, int, float, float]:
    """Check the options of :func:`fit_runs` (the CLI calls this before reading the runs).

    Raises
    ------
    InputError
        Naming the option and its value.
    """
    boot = check_whole(bootstrap, "bootstrap", low=0, high=10**7)
    if boot == 1:
        raise InputError("bootstrap: needs at least 2 resamples, got 1")
    return (
        boot,
        check_whole(seed, "seed", low=0, high=2**63 - 1),
        check_real(level, "level", low=0.0, high=1.0, low_open=True, high_open=True),
        check_real(holdout_fraction, "holdout_fraction", low=0.0, high=1.0, high_open=True),
    )


def fit_runs(
    runs: Runs,
    *,
    bootstrap: int = 0,
    seed: int = 0,
    level: float = 0.95,
    holdout_fraction: float = 0.1,
    approach2: bool = False,
    delta: float = HUBER_DELTA,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> FitReport:
    """The whole fit: Approach 3, optional bootstrap, hold-out check, optional Approach 2.

    Parameters
    ----------
    bootstrap : int
        Resamples of the runs (with replacement), each refitted warm-started from the fit.
    seed : int
        Seed of the resampling; the same seed gives the same intervals.
    level : float
        Coverage of the percentile intervals.
    holdout_fraction : float
        Share of runs, by largest compute, left out of a second fit and predicted (0 to skip).
    progress : callable, optional
        ``progress(done, total)`` during the bootstrap.
    cancelled : callable, optional
        Polled between resamples; if it returns True the fit stops with ``SolverError``.
    """
    if not isinstance(runs, Runs):
        raise InputError(f"runs: expected Runs (from read_runs), got {type(runs).__name__}")
    bootstrap, seed, level, holdout_fraction = check_fit_options(
        bootstrap=bootstrap, seed=seed, level=level, holdout_fraction=holdout_fraction
    )
    approach2 = check_flag(approach2, "approach2")
    delta = check_real(delta, "delta", low=0.0, high=10.0, low_open=True)
    for name, fn in (("progress", progress), ("cancelled", cancelled)):
        if fn is not None and not callable(fn):
            raise InputError(f"{name}: expected a function, got {type(fn).__name__}")
    if distinct_points(runs) < MIN_RUNS:
        raise InputError(
            f"runs: {distinct_points(runs)} distinct (N, D) points; five coefficients need at "
            f"least {MIN_RUNS}"
        )
    fit = fit_approach3(runs, delta=delta)
    diagnostics, degenerate = fit_diagnostics(runs, fit)
    boot = (
        _bootstrap(runs, fit, bootstrap, seed, level, delta, progress, cancelled)
        if bootstrap
        else None
    )
    hold = _holdout(runs, holdout_fraction, delta) if holdout_fraction > 0 else None
    iso = fit_approach2(runs) if approach2 else None
    c = runs.compute_flops
    return FitReport(
        approach3=fit,
        bootstrap=boot,
        holdout=hold,
        approach2=iso,
        n_runs=len(runs.loss),
        n_dropped=runs.dropped,
        source=runs.source,
        sha256=runs.sha256,
        fitted_compute_flops=(float(c.min()), float(c.max())),
        warnings=diagnostics,
        degenerate=degenerate,
    )


# --------------------------------------------------------------------------- law files


def fit_to_law(
    report: FitReport,
    *,
    law_id: str = "my-fit",
    name: str | None = None,
    loss_scale: LossScale | None = None,
    parameter_convention: str = "total",
    allow_degenerate: bool = False,
) -> LawPreset:
    """The fit as a law preset that ``plan --law FILE`` and the TUI accept like any other.

    Parameters
    ----------
    report : FitReport
        From :func:`fit_runs`.
    law_id : str
        Id of the law (lower-case ASCII, digits, '.', '-').
    name : str, optional
        Human name (default "Fit of FILE").
    loss_scale : LossScale, optional
        The scale of the runs' losses (default: a scale named after the file).
    parameter_convention : {"total", "non-embedding"}
        Whether the runs' N counts embeddings.
    allow_degenerate : bool
        Write a fit flagged degenerate (``report.degenerate``) anyway.

    Raises
    ------
    InfeasibleError
        The fit is degenerate (and ``allow_degenerate`` is false), or its exponents cannot
        make a law at all (at or below 0); the message names the cause.
    InputError
        A malformed ``law_id`` or ``parameter_convention``.
    """
    if not isinstance(report, FitReport):
        raise InputError(f"report: expected a FitReport, got {type(report).__name__}")
    law_id = validate_id(law_id, name="law_id")
    if parameter_convention not in ("total", "non-embedding"):
        raise InputError(
            f"parameter_convention: must be 'total' or 'non-embedding', got "
            f"{shorten(parameter_convention)}"
        )
    check_flag(allow_degenerate, "allow_degenerate")
    fit = report.approach3
    for sym, value in (("alpha", fit.alpha), ("beta", fit.beta)):
        if not EXPONENT_RANGE[0] <= value <= EXPONENT_RANGE[1]:
            cause = (
                report.warnings[0]
                if report.warnings
                else f"{sym} = {value:.3g} is outside [{EXPONENT_RANGE[0]:g}, "
                f"{EXPONENT_RANGE[1]:g}]"
            )
            raise InfeasibleError(f"the fit cannot be written as a law: {cause}")
    if report.degenerate and not allow_degenerate:
        raise InfeasibleError(
            f"the fit is degenerate: {report.warnings[0]}; it is not written as a law unless "
            "forced (--force)"
        )
    stderr = None
    if report.bootstrap is not None:
        se = report.bootstrap.stderr
        stderr = ParametricStderr(
            e=se["E"],
            a=se["A"],
            b=se["B"],
            alpha=se["alpha"],
            beta=se["beta"],
            log_e=se["log_E"],
            log_a=se["log_A"],
            log_b=se["log_B"],
        )
    scale = loss_scale or LossScale(
        id=f"user-{slug(report.source)}",
        corpus=f"runs in {report.source}",
        tokenizer="not stated",
    )
    boot = (
        f"; standard errors from {report.bootstrap.n_resamples} bootstrap resamples "
        f"(seed {report.bootstrap.seed})"
        if report.bootstrap
        else ""
    )
    return LawPreset(
        id=law_id,
        name=name or f"Fit of {report.source}",
        source=(
            f"planner fit of {report.n_runs} runs in {report.source} (sha256 {report.sha256[:16]}, "
            f"{report.n_dropped} highest-loss runs dropped): Huber(delta={fit.delta:g}) on "
            f"log-sum-exp residuals, summed, Hoffmann et al. 2022 grid{boot}"
        ),
        notes=f"objective {fit.objective:.6g}; {fit.message}",
        parameter_convention=parameter_convention,  # type: ignore[arg-type]
        flop_convention="6ND",
        fitted_compute_flops=report.fitted_compute_flops,
        loss_scale=scale,
        law=ParametricLaw(e=fit.e, a=fit.a, b=fit.b, alpha=fit.alpha, beta=fit.beta, stderr=stderr),
    )


def slug(text: str) -> str:
    """A law or scale id from a file name: lower case, ASCII letters and digits, dashes.

    Examples
    --------
    >>> slug("My Runs (v2).csv")
    'my-runs-v2'
    >>> slug("läufe.csv")
    'l-ufe'
    """
    stem = Path(text).stem.lower()
    out = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in stem)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:64] or "runs"


def law_toml(preset: LawPreset) -> str:
    """A law preset as TOML text (written by tomli-w); loading it back gives the same preset.

    Examples
    --------
    >>> from planner.presets import load_law
    >>> text = law_toml(load_law("besiroglu2024"))
    >>> import tomllib; tomllib.loads(text)["id"]
    'besiroglu2024'
    """
    import tomli_w

    return tomli_w.dumps(preset.model_dump(mode="json", exclude_none=True))


def write_law_file(
    preset: LawPreset,
    path: str | Path,
    *,
    inputs: Sequence[str | Path] = (),
    force: bool = False,
    name: str = "out",
    force_hint: str = "force=True",
) -> Path:
    """Write ``preset`` as a law file, safely (:func:`planner.files.write_text_safely`).

    The file is written to a temporary file beside ``path``, loaded back and compared with
    ``preset``; only a file that loads as the same law replaces ``path``. An existing file is
    replaced only with ``force``; an input file never.

    Raises
    ------
    InputError
        Bad path, an input file, a failed write, or a file that does not load back.
    OutputExistsError
        ``path`` exists and ``force`` is false.
    """
    from planner.files import write_text_safely
    from planner.presets import load_preset_file

    def same_law(tmp: Path) -> None:
        if load_preset_file(tmp, LawPreset) != preset:
            raise InputError(f"{name}: the law file did not load back as the fitted law")

    return write_text_safely(
        path,
        law_toml(preset),
        inputs=inputs,
        force=force,
        validate=same_law,
        name=name,
        force_hint=force_hint,
    )
