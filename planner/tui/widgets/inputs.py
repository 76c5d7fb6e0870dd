"""An Input that handles its own keys in the order they were typed.

Issue 22 item 9: in the browser (``planner serve``) a fast burst -- End, 8 Backspace, ``3e25``,
sent by the page in that order (checked on the websocket) -- left ``25`` in the Budget field.
The cause is Textual's key routing (8.2), not textual-serve: the app forwards each key to the
focused Input, which inserts a printable character at once, in its own message queue; a key the
Input only knows as a binding (Backspace, End, Home, Delete, the arrows) is not handled there but
bubbles up the widget tree (one message queue per ancestor) to the App, which then runs the
Input's binding. With keys arriving in one read, the characters typed after the Backspaces are
inserted before the Backspaces reach the App, and the Backspaces then delete them. A terminal
shows the same race for keys that arrive in one read (a fast typist over SSH).

:class:`OrderedInput` runs its own (non-priority) bindings in its own queue, where the printable
keys are handled, so each key acts in the order it came. The bindings that win are the ones
Textual's ``App._check_bindings`` would pick for the focused widget anyway (its own come first in
the focus chain; priority bindings were already tried by the App before the key was forwarded).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

__all__ = ["OrderedInput"]


class OrderedInput(Input):
    """:class:`textual.widgets.Input` whose bound keys act in typing order with printable ones."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)
