"""The fit screen: fit a law to a CSV of runs in a worker, with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from planner.errors import PlannerError
from planner.fit._lawfile import fit_to_law, write_law_file
from planner.fit._parametric import FitReport, check_fit_options, fit_runs, read_runs
from planner.fit._runs import slug
from planner.io._files import check_output
from planner.io._paths import user_path
from planner.laws._preset import LawPreset
from planner.laws._registry import validate_new_law_id
from planner.report._fit import render_fit
from planner.tui.fit_process import FitProcessError, fit_in_process
from planner.tui.messages import FitDone, FitFailed, FitProgress, LawAdded, SaveFile
from planner.tui.services import Services
from planner.tui.widgets.chart import ChartPanel
from planner.tui.widgets.inputs import OrderedInput
from planner.tui.widgets.paths import PathSuggester
from planner.units import parse_whole

FIT_FIELDS = (
    ("path", "CSV of runs", ""),
    ("params-col", "N column", "n_params"),
    ("compute-col", "compute column (or blank)", ""),
    ("tokens-col", "tokens column (or blank)", ""),
    ("loss-col", "loss column", "loss"),
    ("drop", "drop highest-loss runs", "0"),
    ("bootstrap", "bootstrap resamples", "0"),
    ("seed", "seed", "0"),
    ("save-path", "save law file as", "my-law.toml"),
)
PATH_EXAMPLE = "e.g. ~/runs/ladder.csv"
"""The path field's placeholder: what a path looks like (right arrow accepts a completion)."""
PATH_HINT = "columns: n_params, n_tokens or compute_flops, loss"
"""The columns :func:`planner.fit._runs.read_runs` finds by name, shown under the path field."""


class FitScreen(Screen[None]):
    """Fit your own runs and plan with the result."""

    AUTO_FOCUS = ""  # on_mount focuses the path field: typing after ctrl+f types the path

    BINDINGS = [
        Binding("escape", "cancel_or_back", "Cancel / back", id="fit-cancel"),
        Binding("ctrl+r", "run_fit", "Run fit", id="fit-run", priority=True),
        Binding("ctrl+f", "app.fit", "Fit runs", show=False),  # already here: not in the footer
    ]

    def __init__(
        self, services: Services, path: str = "", columns: dict[str, str] | None = None
    ) -> None:
        super().__init__(id="fit")
        self.services = services
        self.initial = {"path": path, **(columns or {})}
        self.report: FitReport | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        blink = self.services.animated
        yield Header()
        with Horizontal(id="fit-body"):
            with VerticalScroll(id="fit-form"):
                for key, label, default in FIT_FIELDS:
                    yield Label(label, classes="field-label")
                    inp = OrderedInput(
                        self.initial.get(key, default), id=f"fit-{key}-input", compact=True
                    )
                    inp.cursor_blink = blink
                    if key == "path":
                        inp.placeholder = PATH_EXAMPLE
                        inp.suggester = PathSuggester()  # right arrow accepts, as in any Input
                    yield inp
                    if key == "path":  # the CSV's columns, offered as the column fields' completion
                        yield Static(PATH_HINT, id="fit-path-hint", classes="field-hint")
                        yield Static("", id="fit-columns")
            with VerticalScroll(id="fit-output"):
                with Horizontal(classes="buttons"):
                    yield Button("Run fit", id="fit-run-button", variant="primary", compact=True)
                    yield Button("Cancel", id="fit-cancel-button", compact=True)
                    yield Button("Clear", id="fit-clear-button", compact=True)
                    yield Button("Use law", id="fit-use-button", disabled=True, compact=True)
                    yield Button("Save law", id="fit-save-button", disabled=True, compact=True)
                    yield Button("Copy CLI", id="fit-copy-button", compact=True)
                yield ProgressBar(total=100, show_eta=False, id="fit-progress")
                yield Static("Enter a CSV path and press Run fit (ctrl+r).", id="fit-status")
                yield Static("", id="fit-result")
                yield ChartPanel(id="fit-chart")
        yield Footer()

    def command(self) -> str:
        """The ``planner fit`` command line that does what the form says.

        Returns
        -------
        str
            Shell-quoted; options at their defaults are left out.
        """
        import shlex

        args = ["planner", "fit", self._value("path") or "RUNS.csv"]
        for key, flag, default in (
            ("params-col", "--params-col", "n_params"),
            ("compute-col", "--compute-col", ""),
            ("tokens-col", "--tokens-col", ""),
            ("loss-col", "--loss-col", "loss"),
            ("drop", "--drop-highest", "0"),
            ("bootstrap", "--bootstrap", "0"),
            ("seed", "--seed", "0"),
        ):
            value = self._value(key)
            if value and value != default:
                args += [flag, value]
        if self._value("save-path"):
            args += ["--out", self._value("save-path")]
        return shlex.join(args)

    @on(Button.Pressed, "#fit-copy-button")
    def copy_command(self) -> None:
        """Copy the equivalent ``planner fit`` command (and show it)."""
        cmd = self.command()
        self.app.copy_to_clipboard(cmd)
        self.query_one("#fit-status", Static).update(f"copied: {cmd}")

    @on(Button.Pressed, "#fit-clear-button")
    def clear(self) -> None:
        """Forget the form and the result (leaving the screen keeps them)."""
        if self.running:
            self.workers.cancel_group(self, "fit")
            self.running = False
        for key, _, default in FIT_FIELDS:
            self.query_one(f"#fit-{key}-input", Input).value = default
        self.report = None
        for button in ("#fit-use-button", "#fit-save-button"):
            self.query_one(button, Button).disabled = True
        self.query_one("#fit-status", Static).update("Enter a CSV path and press Run fit (ctrl+r).")
        self.query_one("#fit-result", Static).update("")
        self.query_one("#fit-chart", ChartPanel).display = False

    def on_mount(self) -> None:
        self.query_one("#fit-chart", ChartPanel).display = False  # until there is a fit
        # not scrolled to: Textual centres a focused widget, which hid the label at 80x24
        self.query_one("#fit-path-input", Input).focus(scroll_visible=False)
        self._offer_columns()

    @on(Input.Changed, "#fit-path-input")
    def _offer_columns(self) -> None:
        """Read the CSV's header as the path is typed, in a worker: never on the UI thread."""
        self._read_header(self._value("path"))

    @work(thread=True, exclusive=True, group="columns", exit_on_error=False)
    def _read_header(self, path: str) -> None:
        """The header of ``path`` (64 KiB at most, regular files only), shown when read.

        A path typed key by key starts one read per key; each cancels the one before, and a
        result for a path no longer in the field is dropped. A slow disk or a FIFO (refused by
        :func:`planner.io._files.open_regular`) never stalls the keys.
        """
        from planner.fit._runs import csv_header

        header = csv_header(path) if path else ()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_columns, path, header)

    def _show_columns(self, path: str, header: tuple[str, ...]) -> None:
        """List the header and complete the column fields from it."""
        from textual.suggester import SuggestFromList

        if not self.is_mounted or path != self._value("path"):
            return  # the path changed while it was read
        text = f"columns: {', '.join(header)}" if header else ""
        self.query_one("#fit-columns", Static).update(text)
        for key in ("params-col", "compute-col", "tokens-col", "loss-col"):
            field = self.query_one(f"#fit-{key}-input", Input)
            field.suggester = SuggestFromList(header, case_sensitive=True) if header else None

    def _value(self, key: str) -> str:
        return self.query_one(f"#fit-{key}-input", Input).value.strip()

    @on(Button.Pressed, "#fit-run-button")
    def action_run_fit(self) -> None:
        if self.running:
            return
        status = self.query_one("#fit-status", Static)
        try:
            drop = parse_whole(self._value("drop") or "0", name="drop highest-loss runs")
            boot, seed, _, _ = check_fit_options(
                bootstrap=parse_whole(self._value("bootstrap") or "0", name="bootstrap"),
                seed=parse_whole(self._value("seed") or "0", name="seed"),
            )
        except PlannerError as exc:
            status.update(f"invalid: {exc}")
            return
        if not self._value("path"):
            status.update("invalid: enter the path of a CSV of runs")
            return
        self.running = True
        self.query_one(ProgressBar).update(total=max(boot, 1), progress=0)
        status.update("fitting...")
        columns = {
            "params_col": self._value("params-col") or "n_params",
            "compute_col": self._value("compute-col") or None,
            "tokens_col": self._value("tokens-col") or None,
            "loss_col": self._value("loss-col") or "loss",
        }
        self.run_fit(user_path(self._value("path")), columns, drop, boot, seed)

    @work(thread=True, exclusive=True, group="fit", description="Fitting runs", exit_on_error=False)
    def run_fit(
        self, path: Path, columns: dict[str, str | None], drop: int, boot: int, seed: int
    ) -> None:
        """The fit, in a thread: it reads only its arguments and talks by messages.

        A bootstrap runs in a child process (planner.tui.fit_process): in this process it held
        the interpreter lock and keys waited seconds. A fit without one takes a fraction of a
        second, less than starting a process, and stays in the thread.
        """
        worker = get_current_worker()
        try:
            if boot:
                result, runs = fit_in_process(
                    path, columns, drop, boot, seed,
                    progress=self._post_progress, cancelled=lambda: worker.is_cancelled,
                )  # fmt: skip
            else:
                runs = read_runs(
                    path,
                    drop_highest=drop,
                    progress=self._post_reading,
                    **columns,  # type: ignore[arg-type]
                )
                result = fit_runs(runs, seed=seed, progress=self._post_progress)
        except PlannerError as exc:
            self.post_message(FitFailed(str(exc)))
            return
        except FitProcessError as exc:
            self.post_message(FitFailed(f"internal error, please report it: {exc}"))
            return
        self.post_message(FitDone(result, runs))

    def _post_progress(self, done: int, total: int) -> None:
        """Fit progress, from the worker thread (posting a message is thread-safe)."""
        self.post_message(FitProgress(done, total))

    def _post_reading(self, done: int, total: int) -> None:
        """Reading progress (bytes of the file), from the worker thread."""
        self.post_message(FitProgress(done, total, "reading"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A fit that fails unforeseen is reported, and the app keeps running."""
        if event.worker.group == "fit" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.post_message(
                FitFailed(f"internal error, please report it: {type(error).__name__}: {error}")
            )

    def on_fit_progress(self, message: FitProgress) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)
        percent = 100 * message.done // max(message.total, 1)
        self.query_one("#fit-status", Static).update(f"{message.stage} {percent}%")

    def on_fit_done(self, message: FitDone) -> None:
        self.running = False
        self.report = message.report
        bar = self.query_one(ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        self.query_one("#fit-status", Static).update("fit done")
        self.query_one("#fit-result", Static).update(render_fit(message.report))
        if message.runs is not None:
            from planner.fit._lawfile import fit_to_law
            from planner.report._charts import fit_chart

            law = fit_to_law(message.report, law_id="fit-preview", allow_degenerate=True)
            runs = message.runs
            chart = fit_chart(runs.n_params, runs.n_tokens, runs.loss, law)
            panel = self.query_one("#fit-chart", ChartPanel)
            panel.display = True
            panel.show(chart)
        self.query_one("#fit-use-button", Button).disabled = False
        self.query_one("#fit-save-button", Button).disabled = False

    def on_fit_failed(self, message: FitFailed) -> None:
        self.running = False
        self.query_one("#fit-status", Static).update(f"invalid: {message.error}")
        self.app.notify(message.error, severity="error", title="Cannot fit")

    @on(Button.Pressed, "#fit-cancel-button")
    def action_cancel_or_back(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "fit")
            self.running = False
            self.query_one("#fit-status", Static).update("cancelled")
        else:
            self.app.pop_screen()

    def _law(self) -> LawPreset:
        """The fit as a law, its id from the save name; raises PlannerError with the reason."""
        assert self.report is not None
        name = Path(self._value("save-path") or "my-law.toml").name
        presets_dir = self.services.presets_dir
        law_id = validate_new_law_id(
            slug(name), name="law id (from the file name)", presets_dir=presets_dir
        )
        return fit_to_law(self.report, law_id=law_id)

    def _refuse(self, exc: PlannerError) -> None:
        self.query_one("#fit-status", Static).update(f"invalid: {exc}")
        self.app.notify(str(exc), severity="error", title="Not saved")

    @on(Button.Pressed, "#fit-use-button")
    def use_law(self) -> None:
        if self.report is None:
            return
        try:
            law = self._law()
        except PlannerError as exc:
            self._refuse(exc)
            return
        self.post_message(LawAdded(law))

    @on(Button.Pressed, "#fit-save-button")
    def save_law(self) -> None:
        if self.report is None:
            return
        try:
            law = self._law()
            path = check_output(
                self._value("save-path") or "my-law.toml", force=True, name="save as"
            )
        except PlannerError as exc:
            self._refuse(exc)
            return
        source = user_path(self._value("path"))

        def done(written: Path) -> None:
            self.query_one("#fit-status", Static).update(f"law file written: {written.resolve()}")
            self.post_message(LawAdded(law, use=False, refused_title="Law not offered"))

        self.post_message(
            SaveFile(
                lambda force: write_law_file(
                    law, path, inputs=[source], force=force, name="save as"
                ),
                title="Save law file",
                done=done,
            )
        )
