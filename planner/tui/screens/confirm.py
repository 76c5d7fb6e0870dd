"""A yes/no question before anything is overwritten."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask before replacing a file (or quitting); dismisses with True only on an explicit yes."""

    BINDINGS = [
        Binding("escape", "answer(False)", "Keep the file", id="confirm-no"),
        Binding("y", "answer(True)", "Replace", show=False, id="confirm-yes"),
        Binding("n", "answer(False)", "Keep", show=False, id="confirm-keep"),
    ]

    def __init__(self, question: str, *, yes: str = "Replace", no: str = "Keep") -> None:
        super().__init__(id="confirm")
        self.question = question
        self.labels = (yes, no)
        """The buttons' words (y answers the first, n and escape the second)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(classes="buttons"):
                yes, no = self.labels
                yield Button(f"{yes} (y)", id="confirm-yes-button", variant="error", compact=True)
                yield Button(f"{no} (n)", id="confirm-no-button", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no-button", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes-button")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no-button")
    def _no(self) -> None:
        self.dismiss(False)
