"""Regenerate the README's images from the current code: the main screen and one figure.

    python docs/make_images.py

docs/main-screen.svg is the TUI at 120x40 after its first plan (Textual's own SVG screenshot);
docs/figure-scores.svg is `planner figure scores 1e24` (matplotlib).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

DOCS = Path(__file__).resolve().parent


async def _screen() -> None:
    from planner.tui.app import make_app

    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.save_screenshot(str(DOCS / "main-screen.svg"))


def main() -> None:
    """Write both images (the figure with the Besiroglu et al. 2024 refit, as the README says)."""
    import warnings

    from planner import PlannerWarning, plan
    from planner.laws._registry import load_law
    from planner.report._figures import figure

    asyncio.run(_screen())
    law = load_law("besiroglu2024")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        figure("scores", plan(1e24, law=law), DOCS / "figure-scores.svg", force=True)
    print("wrote docs/main-screen.svg and docs/figure-scores.svg")


if __name__ == "__main__":
    main()
