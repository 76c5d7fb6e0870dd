"""The main screen on a phone: tab labels without their key hints below :data:`TINY_WIDTH`.

Issue 22 item 9: in a 390 px wide browser (``planner serve``) the Compare and Scenarios tabs
were off-screen, and a phone has no F keys to reach them. Below :data:`TINY_WIDTH` columns the
screen gets the ``-tiny`` class (app.tcss) and each tab's label loses its trailing key hint
(``Compare F4`` -> ``Compare``), so every tab fits the bar and can be tapped; the keys still
work and are listed in the footer and the help. The full labels come back on a wider screen.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from textual.screen import Screen
from textual.widgets import Tab, TabbedContent, TabPane

__all__ = ["KEY_HINT", "TINY_WIDTH", "fit_to_width"]

TINY_WIDTH = 60
"""Columns below which the screen is a phone's: textual-serve draws 16 px Roboto Mono, 9 x 18
CSS px a cell (measured in Chromium, tests/browser), so a 390 px wide page is 43 columns; the
five tab labels with their keys need 54 (``Plan F2`` ... ``Scenarios F6``, 2 cells of padding
each), without them 39."""
KEY_HINT = re.compile(r"\s+(?:F\d+|\^\w|ctrl\+\w)$", re.IGNORECASE)
"""The key hint at the end of a tab label (``Plan F2``)."""

_full: weakref.WeakKeyDictionary[Tab, str] = weakref.WeakKeyDictionary()
"""Each shortened tab's full label, to put back on a wider screen."""


def fit_to_width(screen: Screen[Any], width: int) -> None:
    """Set ``-tiny`` on ``screen`` below :data:`TINY_WIDTH` columns; shorten or restore tabs.

    Parameters
    ----------
    screen : textual.screen.Screen
        The main screen (any screen with a ``TabbedContent``).
    width : int
        The terminal's width in columns.

    Returns
    -------
    None
    """
    tiny = width < TINY_WIDTH
    screen.set_class(tiny, "-tiny")
    for tabbed in screen.query(TabbedContent):
        for pane in tabbed.query(TabPane):
            if pane.id is None:
                continue
            tab = tabbed.get_tab(pane.id)
            if tiny and tab not in _full:
                _full[tab] = tab.label_text
                tab.label = KEY_HINT.sub("", tab.label_text)
            elif not tiny and tab in _full:
                tab.label = _full.pop(tab)
