"""Training runs from a CSV: streamed, checked against the planner's ranges, with provenance.

The reader holds the file as three float arrays, never as text, names every bad line, and counts
distinct (N, D) points so that copies of one row are not mistaken for a ladder.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from planner.data._frozen import validate_id
from planner.errors import ArgumentTypeError, InputError
from planner.io._check_types import check_text_map
from planner.io._checks import check_path, check_real, check_whole
from planner.io._files import open_regular, shorten, shorten_path
from planner.laws._numeric import FloatArray
from planner.limits import COMPUTE_RANGE_FLOPS, LOSS_RANGE, PARAMS_RANGE, TOKENS_RANGE
from planner.progress import Progress, file_progress
from planner.units import FLOPS_PER_PARAM_TOKEN, parse_quantity

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["MIN_RUNS", "Runs", "csv_header", "distinct_points", "read_runs", "slug"]

MIN_RUNS = 6
"""Five coefficients need at least six runs (and many more to mean anything)."""

ROWS_PER_REPORT = 4096
"""Rows read between two progress reports (a report reads the file position: cheap)."""


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
    scores: Mapping[str, FloatArray] = field(default_factory=dict)
    """Task id -> each run's score on that task (a fraction in [0, 1]), from ``task_cols``."""
    score_columns: Mapping[str, str] = field(default_factory=dict)
    """Task id -> the CSV column its scores came from."""

    def __post_init__(self) -> None:
        """Store the columns as read-only float arrays of one length, each run finite."""
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
        scores = {}
        for task, values in dict(self.scores).items():
            try:
                arr = np.array(values, dtype=np.float64).reshape(-1)
            except (TypeError, ValueError, OverflowError) as exc:
                raise InputError(f"scores[{task!r}]: must be a sequence of numbers") from exc
            if arr.shape != arrays[0].shape or not np.all((arr >= 0) & (arr <= 1)):
                raise InputError(
                    f"scores[{task!r}]: one score in [0, 1] per run ({len(arrays[0])} runs)"
                )
            arr.flags.writeable = False
            scores[task] = arr
        object.__setattr__(self, "scores", scores)

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
            scores={task: values[index] for task, values in self.scores.items()},
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
    task_cols: Mapping[str, str] | None = None,
    progress: Progress | None = None,
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

    Parameters
    ----------
    path : str or Path
        A CSV file with a header row.
    params_col, tokens_col, compute_col, loss_col : str
        Column names; D comes from ``tokens_col``, or from ``compute_col`` as C / (6N).
    drop_highest : int
        Drop this many highest-loss runs (Besiroglu et al. 2024 dropped 5 of their 245).
    where : mapping of str to str, optional
        Keep rows whose columns equal these texts.
    max_params : float, optional
        Keep runs with N at most this.
    task_cols : mapping of str to str, optional
        Task id -> column of that task's score (a fraction in [0, 1]) for each run, e.g.
        ``{"hellaswag": "acc_hellaswag"}``; read into ``Runs.scores``.
    progress : callable, optional
        ``progress(bytes_read, file_size)`` as the file is read (:mod:`planner.progress`).

    Returns
    -------
    Runs
        Read-only float arrays, the file's SHA-256 and row count.

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
    if progress is not None and not callable(progress):
        raise ArgumentTypeError(f"progress: expected a function, got {shorten(progress)}")
    filters = check_text_map(where, "where") or {}
    n_max = math.inf if max_params is None else check_real(max_params, "max_params", low=0.0)
    tasks = check_text_map(task_cols, "task_cols") or {}
    for task, col in tasks.items():
        validate_id(task, name="task_cols")
        if not isinstance(col, str):
            raise InputError(f"task_cols: expected a column name for {task!r}, got {shorten(col)}")
    digest = hashlib.sha256()
    columns: list[array[float]] = [array("d") for _ in range(3 + len(tasks))]
    bad: list[tuple[int, str, str]] = []
    n_bad = 0
    try:
        with open_regular(path) as raw:  # a FIFO, a device or a huge file is refused
            buffered = io.BufferedReader(_Digesting(raw, digest))
            text = io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")
            reader = csv.reader(text)
            header: list[str] | None = None
            idx: list[int] = []
            where_idx: list[tuple[int, str]] = []
            wanted: list[str] = []
            report = file_progress(progress, raw)
            for row in reader:
                if reader.line_num % ROWS_PER_REPORT == 0:
                    report()
                if not any(cell.strip() for cell in row):
                    continue
                if header is None:
                    header, wanted, tokens_col, compute_col = _header(
                        path, row, params_col, tokens_col, compute_col, loss_col, tasks
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
                for col, i, (lo, hi) in zip(wanted, idx, _ranges(tokens_col, tasks), strict=True):
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
            report()
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
        lo, hi = dict(zip(wanted, _ranges(tokens_col, tasks), strict=True))[col]
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
        raise _fail(
            path,
            f"run {first + 1}: compute / (6 n_params) = {d[first]:g} tokens is "
            f"outside [{d_lo:g}, {d_hi:g}]",
        )
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
        scores={
            task: np.frombuffer(column, dtype=np.float64)[keep]
            for task, column in zip(tasks, columns[3:], strict=True)
        },
        score_columns=tasks,
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


def _ranges(tokens_col: str | None, tasks: Mapping[str, str]) -> list[tuple[float, float]]:
    third = TOKENS_RANGE if tokens_col is not None else COMPUTE_RANGE_FLOPS
    return [PARAMS_RANGE, LOSS_RANGE, third] + [(0.0, 1.0)] * len(tasks)


def _header(
    path: Path,
    row: list[str],
    params_col: str,
    tokens_col: str | None,
    compute_col: str | None,
    loss_col: str,
    tasks: Mapping[str, str],
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
    wanted = [params_col, loss_col, third, *tasks.values()]
    missing = [c for c in wanted if c not in header]
    if missing:
        raise _fail(path, f"no column {shorten(missing[0])} (columns: {_column_list(header)})")
    return header, wanted, tokens_col, compute_col


def _column_list(header: list[str], limit: int = 120) -> str:
    """The columns for a message, shortened once: whole names up to ``limit``, then a count.

    Names are unquoted (the CLI's one-line filter shortens long quoted values a second time)
    and escaped if they hold control characters.
    """
    shown: list[str] = []
    used = 0
    for name in header:
        text = name if name.isprintable() else repr(name)
        text = text if len(text) <= 40 else text[:37] + "..."
        if shown and used + len(text) + 2 > limit:
            break
        shown.append(text)
        used += len(text) + 2
    rest = len(header) - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest else "")


def csv_header(path: str | Path) -> tuple[str, ...]:
    """The column names of a CSV file (its first non-empty row), or () if it cannot be read.

    Reads at most 64 KiB: for offering column names while a path is typed, never an error.

    Parameters
    ----------
    path : str or Path
        A CSV file.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> csv_header("/no/such.csv")
    ()
    """
    try:
        with open_regular(path) as raw:  # never a FIFO: this runs while a path is typed
            head = raw.read(65536).decode("utf-8-sig", errors="ignore")
    except (OSError, ValueError):
        return ()
    for row in csv.reader(head.splitlines()):
        if any(cell.strip() for cell in row):
            return tuple(cell.strip() for cell in row)
    return ()


def distinct_points(runs: Runs) -> int:
    """How many different (N, D) pairs the runs have (repeated seeds count once).

    Parameters
    ----------
    runs : Runs

    Returns
    -------
    int
    """
    pairs = np.stack([runs.n_params, runs.n_tokens], axis=1)
    return int(np.unique(pairs, axis=0).shape[0])


def slug(text: str) -> str:
    """A law or scale id from a file name: lower case, ASCII letters and digits, dashes.

    Parameters
    ----------
    text : str
        A file name or path (its stem is used).

    Returns
    -------
    str

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
