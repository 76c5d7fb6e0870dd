"""Paths and readers of the test data (golden tables, the shared data set)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

GOLDEN = Path(__file__).parent / "data" / "golden"
PUBLISHED = Path(__file__).parent / "data" / "published"
"""Published data sets shipped with the tests (provenance and licences in its README.md)."""


def read_golden(name: str) -> list[dict[str, float]]:
    """Rows of a golden CSV (comment lines start with '#'), values as floats."""
    text = (GOLDEN / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [
        {k: float(v) for k, v in row.items()}
        for row in csv.DictReader(io.StringIO("\n".join(lines)))
    ]


CHINCHILLA_CSV = PUBLISHED / "chinchilla-fig4-besiroglu2024.csv"
"""Hoffmann et al. 2022 Fig. 4 runs as extracted by Besiroglu et al. 2024 (see its README)."""


def synthetic_runs(e, a, b, alpha, beta, noise, seed, source="synthetic.csv"):
    """48 runs of a known law (8 sizes x 6 tokens-per-parameter ratios), log-normal noise."""
    import numpy as np

    from planner.fit._parametric import Runs

    rng = np.random.default_rng(seed)
    n = np.repeat(np.logspace(7, 10, 8), 6)
    d = n * np.tile(np.logspace(np.log10(5), np.log10(200), 6), 8)
    loss = (e + a / n**alpha + b / d**beta) * np.exp(rng.normal(0, noise, n.size))
    return Runs(
        n_params=tuple(n),
        n_tokens=tuple(d),
        loss=tuple(loss),
        source=source,
        sha256="0" * 64,
        n_rows=n.size,
    )


def run_cli(capsys, *argv):
    """(exit code, stdout, stderr) of `planner *argv`, argparse's own exits included."""
    from planner.cli._main import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def write_runs_csv(path, runs):
    """Write runs as a CSV with the default column names; returns the path."""
    rows = zip(runs.n_params, runs.n_tokens, runs.loss, strict=True)
    path.write_text(
        "n_params,n_tokens,loss\n"
        + "".join(f"{float(n)!r},{float(d)!r},{float(x)!r}\n" for n, d, x in rows),
        encoding="utf-8",
    )
    return path


GADRE_LAW = Path(__file__).parents[1] / "presets" / "laws" / "gadre2024-rpj.toml"
"""A shipped law with its own task curves (hellaswag, arc-easy) fitted on its runs."""


def renamed_gadre(folder: Path, law_id: str = "my-rpj") -> Path:
    """gadre2024-rpj.toml saved under another id: a law file the registry does not know."""
    text = GADRE_LAW.read_text(encoding="utf-8")
    assert text.count('id = "gadre2024-rpj"') == 1
    path = folder / f"{law_id}.toml"
    path.write_text(text.replace('id = "gadre2024-rpj"', f'id = "{law_id}"'), encoding="utf-8")
    return path
