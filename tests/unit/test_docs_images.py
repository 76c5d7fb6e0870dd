"""``docs/make_images.py`` regenerates the README's images: it must run on the current code.

It called ``figure(kind, plan, law, out)`` after issue 23 item 4 had made the plan carry its
law (``figure(kind, plan, out)``), and failed with a TypeError nobody saw.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / "docs" / "make_images.py"


@pytest.mark.slow  # a TUI screenshot and a matplotlib figure, about 3 s
def test_the_readme_images_script_writes_both_images(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_images", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "DOCS", tmp_path)  # never over the committed images
    module.main()
    screen = (tmp_path / "main-screen.svg").read_text(encoding="utf-8")
    figure = (tmp_path / "figure-scores.svg").read_text(encoding="utf-8")
    assert screen.lstrip().startswith("<svg") and "GPU-h" in screen
    assert "<svg" in figure and "besiroglu2024" in figure
