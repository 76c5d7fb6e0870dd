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
