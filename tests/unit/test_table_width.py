"""`planner sweep` and `planner compare` fit the terminal (issue 22 item 7).

Before: sweep printed ~380-column lines and compare ~350 whatever the terminal. Now whole
low-priority columns are hidden (named in one footer line, ``--wide`` shows all); law, N, D and
(for compare) loss stay; no cell is cut; a pipe, a file or ``--json`` gets what it got before.
"""

from __future__ import annotations

import json
import re

import pytest

from planner import plan
from planner.cli._main import main
from planner.laws import list_laws
from planner.report._width import fit_table, hidden_footer
from planner.units import format_count

WIDTHS = (80, 120, 200)
BUDGETS = ("1e22", "1e24")


def run(capsys, monkeypatch, columns, *argv):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", str(columns))
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def law_ids():
    return [law.id for law in list_laws()]


def split_header(line):
    return re.split(r"\s{2,}", line.strip())


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_fits_and_keeps_law_n_d_loss(capsys, monkeypatch, width):
    out = run(capsys, monkeypatch, width, "compare", "1e24")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width, [ln for ln in lines if len(ln) > width]
    header = split_header(lines[1])
    assert header[:3] == ["law", "N", "D"] and "loss" in header
    ids = law_ids()
    for law in ids:
        p = plan(1e24, law=law)
        (row,) = [ln for ln in lines if ln.split()[:1] == [law]]
        # N and D as the library computes them, whole (format_count: 3 significant figures)
        assert format_count(p.n_params) in row.split()[1], (law, row)
        assert format_count(p.n_tokens) == row.split()[2], (law, row)
        if p.loss is not None:
            assert f"{p.loss:.4f}" in row.split(), (law, row)
    footer = lines[-1] if "hidden" in out else ""
    if width < 200:
        assert "--wide shows all" in out
    if footer:  # every hidden column is named, every named one is hidden
        named = out.split("hidden: ")[1].split(";")[0].replace("\n", " ")
        for name in (n.strip() for n in named.split(",")):
            assert name not in header


@pytest.mark.parametrize("width", WIDTHS)
def test_sweep_fits_and_keeps_law_n_d(capsys, monkeypatch, width):
    out = run(capsys, monkeypatch, width, "sweep", *BUDGETS)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    header = split_header(lines[0])
    assert {"budget", "law", "N", "D"} <= set(header)
    for budget in BUDGETS:
        for law in law_ids():
            p = plan(float(budget), law=law)
            want = [law, format_count(p.n_params), format_count(p.n_tokens)]
            assert any(_has(ln, want) for ln in lines), (budget, want)


def _has(line, cells):
    words = line.split()
    return any(words[i : i + len(cells)] == cells for i in range(len(words)))


@pytest.mark.parametrize("command", [("compare", "1e24"), ("sweep", *BUDGETS)])
def test_wide_and_pipe_print_every_column_as_before(capsys, monkeypatch, command):
    piped = run(capsys, monkeypatch, None, *command)  # capsys: stdout is not a terminal
    wide = run(capsys, monkeypatch, 80, *command, "--wide")
    assert wide == piped
    assert "hidden" not in piped
    assert max(len(line) for line in piped.splitlines()) > 200  # the full table, as before


@pytest.mark.parametrize("command", [("compare", "1e24"), ("sweep", *BUDGETS)])
def test_json_ignores_the_width(capsys, monkeypatch, command):
    narrow = run(capsys, monkeypatch, 80, *command, "--json")
    assert narrow == run(capsys, monkeypatch, None, *command, "--json")
    json.loads(narrow)


def test_fit_table_drops_whole_columns_and_puts_back_what_fits():
    header = ["law", "N", "wide", "small"]
    rows = [["a", "1.23B", "x" * 50, "9.99T"]]
    text, hidden = fit_table(header, rows, 30, ["small", "wide"])
    # "small" was dropped first but fits once "wide" is gone: it comes back
    assert hidden == ["wide"]
    assert text.splitlines()[1].split() == ["a", "1.23B", "9.99T"]
    text, hidden = fit_table(header, rows, 3, ["small", "wide"])  # too narrow for the key columns
    assert hidden == ["wide", "small"] and text.splitlines()[1].split() == ["a", "1.23B"]
    assert fit_table(header, rows, None, ["small", "wide"])[1] == []


def test_footer_wraps_to_the_width():
    names = ["D/N", "GPU-h", "cost", "days", "fit range", "vs paper", "emerged", "note"]
    footer = hidden_footer(names, 40)
    assert all(len(line) <= 40 for line in footer.splitlines())
    assert footer.replace("\n", " ").startswith("8 columns hidden: D/N, GPU-h")
    assert hidden_footer([], 40) == ""


@pytest.mark.parametrize(
    "command",
    [("compare", "1e24", "--experts", "64"), ("sweep", "1e22", "1e23", "--experts", "64",
                                               "--top-k", "1")],
)  # fmt: skip
def test_moe_tables_fit_80_columns(capsys, monkeypatch, command):
    out = run(capsys, monkeypatch, 80, *command)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "krajewski2024-moe-e64" in out


def test_compare_keeps_the_fit_range_and_paper_check_at_120_columns(capsys, monkeypatch):
    """Issue 19 item 5: a law planning past its runs or against its own paper says so in
    compare's table. Llama Team 2024 (arXiv:2407.21783, section 3.2.1) states 402B on 16.55T
    tokens at 3.8e25 FLOPs; llama3-2024's rounded (alpha, A) = (0.53, 0.29) give
    D = 0.29 C^0.53 and N = C / 6D, and it was fitted up to 1e22 FLOPs (3,800x below)."""
    c = 3.8e25
    d = 0.29 * c**0.53
    n = c / (6 * d)
    out = run(capsys, monkeypatch, 120, "compare", f"{c:g}")
    assert max(len(line) for line in out.splitlines()) <= 120
    header = out.splitlines()[1]
    assert "fit range" in header and "vs paper" in header
    (row,) = [line for line in out.splitlines() if line.startswith("llama3-2024 ")]
    assert f"{c / 1e22:.0f}x past" in row
    assert f"N +{n / 402e9 - 1:.0%} D -{1 - d / 16.55e12:.0%} at 3.80e25" in row
