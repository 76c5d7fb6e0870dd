"""planner figure: the TUI's chart data drawn to files by matplotlib (issue 13 item 11)."""

from __future__ import annotations

import sys

import pytest
from testdata import run_cli

from planner import plan
from planner.errors import InputError
from planner.laws._registry import load_law
from planner.report._charts import score_chart
from planner.report._figures import FIGURE_KINDS, figure
from planner.scores._predict import task_scores

LAW = load_law("besiroglu2024")


@pytest.mark.parametrize("kind", FIGURE_KINDS)
@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_every_kind_is_drawn_to_a_real_file(tmp_path, kind, suffix):
    p = plan(1e22)
    out = figure(kind, p, tmp_path / f"f{suffix}")
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]
    assert len(data) > 5000


def test_the_score_figure_marks_the_plans_scores_from_the_library():
    p = plan(1e23)
    spec = score_chart(p)
    stars = {s.label.removesuffix(" plan"): s.y[0] for s in spec.series if s.kind == "scatter"}
    for s in task_scores(p):
        if s.task in stars:
            assert stars[s.task] == pytest.approx(100 * s.score)
    bands = [s for s in spec.series if s.kind == "band"]
    assert bands and all(lo <= hi for b in bands for lo, hi in zip(b.y, b.y2, strict=True))


def test_without_matplotlib_the_error_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(InputError, match=r"pip install '\.\[figures\]' in the planner checkout"):
        figure("isoflop", plan(1e22), tmp_path / "f.svg")


def test_a_law_without_a_loss_has_no_frontier_figure(tmp_path):
    law = load_law("llama3-2024")
    with pytest.raises(InputError, match="nothing to draw"):
        figure("frontier", plan(1e22, law=law), tmp_path / "f.svg")


def test_cli_writes_says_where_and_refuses_to_overwrite(capsys, tmp_path):
    out = tmp_path / "scores.svg"
    code, text, err = run_cli(capsys, "figure", "scores", "1e23", "--out", str(out))
    assert code == 0 and str(out.resolve()) in text and out.exists()
    for argv, needle in [
        (["scores", "--out", str(out)], "exists"),
        (["scores", "--out", str(tmp_path / "f.txt")], "must end in"),
        (["nope", "--out", str(tmp_path / "f.svg")], "kind"),
        (["frontier", "-1", "--out", str(tmp_path / "g.svg")], "budget"),
    ]:
        code, text, err = run_cli(capsys, "figure", *argv)
        assert code == 2 and text == "" and needle in err and len(err.strip().splitlines()) == 1


def test_charts_mark_the_plan_apart_and_shade_the_threshold_band():
    """Issue 13 item 5: the plan is a star, an optimum a diamond; the threshold's band is drawn;
    the loss axis is 'loss' with its scale in the note."""
    from planner import capabilities
    from planner.report._charts import frontier_chart, isoflop_chart

    p = plan(1e23)
    spec = frontier_chart(p, capabilities(p))
    assert spec.y_label == "loss" and "massivetext-sp32k" in spec.note
    bands = [s for s in spec.series if s.kind == "band"]
    assert bands and all(lo < hi for b in bands for lo, hi in zip(b.y, b.y2, strict=True))
    assert [s.marker for s in spec.series if s.kind == "scatter"] == ["★"]
    iso = isoflop_chart(p)
    assert {s.label: s.marker for s in iso.series if s.kind == "scatter"} == {
        "minimum": "◆",
        "plan": "★",
    }


def test_a_full_disk_leaves_the_old_figure_whole(capsys, tmp_path, monkeypatch):
    """Issue 24 item 3: the figure is written atomically; a failed write changes nothing."""
    import errno
    import os

    import planner.io._files

    out = tmp_path / "f.svg"
    out.write_text("<svg>old</svg>")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(planner.io._files.os, "fsync", full)
    code, _, err = run_cli(capsys, "figure", "scores", "1e22", "--out", str(out), "--force")
    assert code == 2 and "No space left on device" in err and err.count("\n") == 1
    assert out.read_text() == "<svg>old</svg>"
    assert [p.name for p in tmp_path.iterdir()] == ["f.svg"]  # no temporary left behind


def test_figure_never_writes_over_the_law_file_it_read(capsys, tmp_path):
    law = tmp_path / "law.toml"
    from planner.fit._lawfile import write_law_file

    write_law_file(LAW.model_copy(update={"id": "my-law"}), law)
    before = law.read_bytes()
    code, _, err = run_cli(
        capsys, "figure", "scores", "1e22", "--law", str(law), "--out", str(law), "--force"
    )
    assert code == 2 and "is an input of this command" in err
    assert law.read_bytes() == before


def test_figure_refuses_an_existing_file_without_force_in_the_library(tmp_path):
    out = tmp_path / "f.svg"
    out.write_text("keep")
    with pytest.raises(InputError, match="exists"):
        figure("isoflop", plan(1e22), out)
    assert out.read_text() == "keep"


# --- issue 22 item 8: figures for papers -------------------------------------------------------


def _spec(kind, p, law=LAW):
    from planner import capabilities
    from planner.laws._registry import list_laws
    from planner.report import _charts as charts

    return {
        "frontier": lambda: charts.frontier_chart(p, capabilities(p)),
        "isoflop": lambda: charts.isoflop_chart(p),
        "laws": lambda: charts.nopt_chart(p, list_laws()),
        "scores": lambda: charts.score_chart(p),
    }[kind]()


@pytest.fixture
def rendered():
    """Draw a spec with matplotlib as ``planner figure`` does, closing every figure after."""
    import matplotlib.pyplot as plt

    from planner.report._figures import _render

    figures = []

    def render(spec):
        figures.append(_render(spec))
        return figures[-1]

    yield render
    for fig in figures:
        plt.close(fig)


def _png_size_and_dpi(data: bytes) -> tuple[tuple[int, int], float]:
    """Width, height (IHDR) and dots per inch (pHYs, pixels per metre) read from PNG bytes."""
    import struct

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, size, dpi = 8, (0, 0), 0.0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"pHYs":
            x_per_m, y_per_m, unit = struct.unpack(">IIB", body)
            assert unit == 1 and x_per_m == y_per_m  # metres, square pixels
            dpi = x_per_m * 0.0254  # 1 inch = 0.0254 m exactly
        pos += 12 + length
    return size, dpi


def test_the_png_has_the_dpi_asked_for_and_200_by_default(capsys, tmp_path):
    """The figure is 7.5 inches wide: 7.5 x dpi pixels, and the dpi is in the file."""
    for argv, dpi in [((), 200), (("--dpi", "300"), 300)]:
        out = tmp_path / f"f{dpi}.png"
        code, _, err = run_cli(capsys, "figure", "isoflop", "1e22", "--out", str(out), *argv)
        assert code == 0, err
        (width, _), written = _png_size_and_dpi(out.read_bytes())
        assert written == pytest.approx(dpi, abs=0.01)  # pHYs rounds to whole pixels per metre
        assert width == round(7.5 * dpi)


def test_a_dpi_out_of_range_is_refused_by_the_cli_and_the_library(capsys, tmp_path):
    code, text, err = run_cli(
        capsys, "figure", "isoflop", "--out", str(tmp_path / "f.png"), "--dpi", "20"
    )
    assert code == 2 and text == "" and "--dpi" in err and len(err.strip().splitlines()) == 1
    for bad in (20, 5000, 200.5, True):
        with pytest.raises(InputError, match="dpi"):
            figure("isoflop", plan(1e22), tmp_path / "f.png", dpi=bad)
    assert not (tmp_path / "f.png").exists()


UNITS = {  # kind: (x label, y label) as a figure prints them
    "frontier": ("compute (FLOPs)", "loss (nats/token, massivetext-sp32k)"),
    "isoflop": ("N (total parameters)", "loss (nats/token, massivetext-sp32k)"),
    "laws": ("compute (FLOPs)", "N_opt (parameters)"),
    "scores": ("compute (FLOPs)", "score (%)"),
}


@pytest.mark.parametrize("kind", FIGURE_KINDS)
def test_axis_labels_carry_their_units_and_the_title_names_the_law(kind, rendered):
    p = plan(1e23, law=LAW)
    fig = rendered(_spec(kind, p))
    axes = [ax for ax in fig.get_axes() if ax.get_visible()]
    x_labels = {ax.get_xlabel() for ax in axes} - {""}
    y_labels = {ax.get_ylabel() for ax in axes} - {""}
    if kind == "scores":  # one y label for the grid of panels
        y_labels = {fig.subfigs[0]._supylabel.get_text()}
    assert (x_labels, y_labels) == ({UNITS[kind][0]}, {UNITS[kind][1]})
    assert "besiroglu2024" in fig.subfigs[0]._suptitle.get_text()


def test_every_law_line_differs_in_colour_or_dash_and_carries_a_marker(rendered):
    """Ten laws: no two lines share both colour and dash (greyscale tells dashes and markers
    apart), in the chart data and in the drawn figure."""
    from planner.laws._registry import list_laws

    spec = _spec("laws", plan(1e23, law=LAW))
    lines = [s for s in spec.series if s.kind == "line"]
    assert len(lines) == len(list_laws()) >= 10
    assert len({(s.color, s.dash) for s in lines}) == len(lines)
    drawn = [ln for ln in rendered(spec).get_axes()[0].get_lines() if ln.get_label() in
             {s.label for s in lines}]  # fmt: skip
    assert len(drawn) == len(lines)
    assert len({(ln.get_color(), ln.get_linestyle()) for ln in drawn}) == len(lines)
    assert len({ln.get_marker() for ln in drawn}) == len(lines)


def test_lines_on_top_of_each_other_are_named_in_the_note():
    """Closed form: y = x, y = x + 0.01 and y = x + 1 over x in [0, 1] span y in [0, 2]; at 2% of
    that span (0.04) the first two coincide, the third does not."""
    from planner.report._charts import Series, coinciding

    x = (0.0, 0.5, 1.0)
    lines = [
        Series("a", x, x),
        Series("b", x, tuple(v + 0.01 for v in x)),
        Series("c", x, tuple(v + 1.0 for v in x)),
    ]
    assert coinciding(lines) == [["a", "b"]]
    assert coinciding(lines, share=0.6) == [["a", "b", "c"]]
    assert coinciding(lines, share=0.001) == []
    spec = _spec("laws", plan(1e23, law=LAW))
    groups = [g for g in spec.note.split("; ") if g.startswith("on top of each other")]
    # Muennighoff et al. 2023 refit Chinchilla's data: its N_opt lies on approach 1's
    assert any("hoffmann2022-approach1" in g and "muennighoff2023" in g for g in groups)
    assert all("kaplan2020" not in g for g in groups)


def test_scores_are_one_panel_per_task_each_with_its_band_and_line(rendered):
    spec = _spec("scores", plan(1e23, law=LAW))
    tasks = [s.label for s in spec.series if s.kind == "line"]
    fig = rendered(spec)
    panels = [ax for ax in fig.get_axes() if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == tasks and len(tasks) >= 5
    for ax, task in zip(panels, tasks, strict=True):
        assert len(ax.collections) == 2  # the task's band (fill) and the plan's dot
        labels = {ln.get_label() for ln in ax.get_lines()}
        assert task in labels and not labels & (set(tasks) - {task})


def test_bands_come_first_and_share_their_threshold_colour():
    """Issue 22 item 8: the frontier drawn after (over) the MMLU band; one colour per threshold."""
    spec = _spec("frontier", plan(1e23, law=LAW))
    kinds = [s.kind for s in spec.series]
    assert kinds.index("line") > max(i for i, k in enumerate(kinds) if k == "band")
    colour = {s.label: s.color for s in spec.series}
    thresholds = [s.label for s in spec.series if s.kind == "hline"]
    assert thresholds and all(colour[t] == colour[f"{t} band"] != "" for t in thresholds)
    frontier = next(s for s in spec.series if s.kind == "line")
    assert frontier.color not in {colour[t] for t in thresholds}


def test_the_isoflop_minimum_is_eq4_of_hoffmann_and_the_plan_lies_on_the_curve():
    """Hoffmann et al. 2022 Eq. 4: at fixed C = 6ND, L = E + A/N^a + B/D^b is least at
    N_opt = G (C/6)^(b/(a+b)), G = (a A / (b B))^(1/(a+b)). Kaplan's plan (Table 6 allocation) is
    off that minimum: both markers are drawn, the plan on the Eq. 1.5 curve."""
    import math

    from planner.report._charts import isoflop_chart

    law = load_law("hoffmann2022-approach3-unrounded")
    m = law.law
    c = 1e23
    g = (m.alpha * m.a / (m.beta * m.b)) ** (1 / (m.alpha + m.beta))
    n_opt = g * (c / 6) ** (m.beta / (m.alpha + m.beta))
    spec = isoflop_chart(plan(c, law=law))
    at = {s.label: (s.x[0], s.y[0]) for s in spec.series if s.kind == "scatter"}
    assert at["minimum"][0] == pytest.approx(math.log10(n_opt), abs=1e-5)
    kaplan = load_law("kaplan2020")
    p = plan(c, law=kaplan)
    spec = isoflop_chart(p)
    at = {s.label: (s.x[0], s.y[0]) for s in spec.series if s.kind == "scatter"}
    assert at["plan"][0] - at["minimum"][0] > 0.1  # apart, both visible
    n = p.n_params
    assert at["plan"][1] == pytest.approx(float(kaplan.law.predict(n, c / (6 * n))))
    assert "headline loss" in spec.note
