"""PlannerApp: the Textual application. Construct it with :func:`make_app`.

The app composes the screens and hands each what it needs (:class:`~planner.tui.services.Services`)
through its constructor; screens ask the app for what only it can do by messages (``LawAdded``,
``SaveFile``), so nothing below imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import Input, TabbedContent

from planner.defaults import DEFAULT_LAW
from planner.errors import OutputExistsError, PlannerError, PresetError
from planner.io._files import write_text_safely
from planner.laws._preset import LawPreset
from planner.laws._registry import list_laws, load_law, shipped_law_ids
from planner.planning._accelerators import list_accelerators
from planner.planning._records import Accelerator
from planner.tui.commands import PlannerCommands, SafeCommandPalette
from planner.tui.messages import LawAdded, SaveFile
from planner.tui.screens.confirm import ConfirmScreen
from planner.tui.screens.fit import FitScreen
from planner.tui.screens.help import HelpScreen
from planner.tui.screens.main import MainScreen
from planner.tui.screens.metric import MetricScreen
from planner.tui.services import NARROW_WIDTH, Services, WriteFile

__all__ = ["NARROW_WIDTH", "PlannerApp", "make_app"]


class PlannerApp(App[None]):
    """Plan a training budget: the split, the loss and the capabilities at a glance."""

    CSS_PATH = "app.tcss"
    TITLE = "planner"
    SUB_TITLE = "compute allocation for pre-training"
    COMMANDS = App.COMMANDS | {PlannerCommands}
    BINDINGS = [
        # in the help; the footer is full. With pinned plans or a fit on screen it asks first
        Binding("q", "quit", "Quit", id="quit", show=False),
        # a field's select-all, as in harlequin and GUI forms (Textual's ctrl+a is readline's
        # home, which made "15e24" of "5e24" when ctrl+a then 1e24 was typed); home goes home
        Binding(
            "ctrl+a", "select_all_text", "Select all", show=False, priority=True, id="select-all"
        ),
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help-question"),
        Binding("ctrl+f", "fit", "Fit", id="fit-screen"),
        # in the help and the palette: the footer has room for 80 columns, taken by the keys
        # of the main screen (budget, pin, form, zoom on the Charts tab)
        Binding("ctrl+t", "metric", "Metric view", id="metric-screen", show=False),
    ]

    def __init__(
        self,
        *,
        laws: dict[str, LawPreset],
        budget: str,
        law: str,
        export_dir: Path,
        fit_path: str,
        fit_columns: dict[str, str] | None,
        animate: bool,
        presets_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.services = Services(
            laws=laws,
            accelerators=list_accelerators(presets_dir=presets_dir),
            presets_dir=presets_dir,
            animated=animate,
        )
        """What the screens are given: the laws, the accelerators, the preset folder."""
        self.export_dir = export_dir
        self.fit_path = fit_path
        self.fit_columns = fit_columns
        if not animate:  # deterministic snapshots and fast Pilot tests
            self.animation_level = "none"
        self._budget = budget
        self._law = law

    @property
    def laws(self) -> dict[str, LawPreset]:
        """The laws offered, by id (``services.laws``)."""
        return self.services.laws

    @property
    def presets_dir(self) -> Path | None:
        """The preset folder every library call of the app reads (None: the usual search)."""
        return self.services.presets_dir

    @property
    def accelerators(self) -> tuple[Accelerator, ...]:
        """The accelerator catalogue offered in the form."""
        return self.services.accelerators

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.services, self._budget, self._law))

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        for screen in self.screen_stack:
            screen.set_class(narrow, "-narrow")

    def on_screen_resume(self) -> None:
        self.screen.set_class(self.size.width < NARROW_WIDTH, "-narrow")

    # ------------------------------------------------------------------ helpers

    @property
    def main(self) -> MainScreen:
        """The main screen (always at the bottom of the stack)."""
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def switch_law(self, law_id: str) -> None:
        self._pop_to_main()
        self.main.set_law(law_id)

    def switch_tab(self, tab: str) -> None:
        """Show the main screen's ``tab`` (``plan-tab``, ``charts-tab``, ...)."""
        self._pop_to_main()
        self.main.action_show_tab(tab)

    def switch_unit(self, unit: str) -> None:
        self._pop_to_main()
        self.main.set_unit(unit)

    def add_law(self, law: LawPreset) -> None:
        """Offer ``law`` in the law list; if it replaces the law on screen, replan."""
        if law.id in shipped_law_ids(presets_dir=self.presets_dir):
            raise PresetError(f"law id {law.id!r} is the id of a shipped law; choose another")
        self.laws[law.id] = law
        main = self.main
        main.refresh_laws()
        if main.plan is not None and main.plan.law == law.id:
            main.recompute()

    def on_law_added(self, message: LawAdded) -> None:
        try:
            self.add_law(message.law)
        except PlannerError as exc:
            self.notify(str(exc), severity="error", title=message.refused_title)
            return
        if not message.use:
            return
        self._pop_to_main()
        self.main.set_law(message.law.id)
        self.notify(f"planning with {message.law.id}", title="Law added")

    # ------------------------------------------------------------------ actions

    def action_select_all_text(self) -> None:
        """Select the focused field's text, so typing replaces it; elsewhere the key passes."""
        field = self.focused
        if not isinstance(field, Input):
            raise SkipAction()
        field.select_all()

    def unsaved_work(self) -> list[str]:
        """What quitting would lose: pinned plans, a fit on screen (run or running)."""
        lost = []
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is not None and main.pinned:
            n = len(main.pinned)
            lost.append(f"{n} pinned plan{'s' if n > 1 else ''}")
        if self.is_screen_installed("fit"):
            fit = cast(FitScreen, self.get_screen("fit"))
            if fit.running:
                lost.append("the fit that is running")
            elif fit.report is not None:
                lost.append("the fit on the fit screen")
        return lost

    async def action_quit(self) -> None:
        """Quit (q, ctrl+q); with pinned plans or a fit on screen only after a yes."""
        lost = self.unsaved_work()
        if not lost:
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):  # q again on the question: no second one
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        question = (
            f"Quit? {' and '.join(lost).capitalize()} will be lost "
            "(the palette, ctrl+p, exports the scenarios; the fit screen saves a fit)."
        )
        self.push_screen(ConfirmScreen(question, yes="Quit", no="Stay"), answer)

    def pin_plan(self) -> None:
        """Pin the main screen's plan (the palette's Pin)."""
        self._pop_to_main()
        self.main.action_pin()

    def zoom_charts(self, factor: float) -> None:
        """Zoom the Charts tab's plots (> 1 in, < 1 out, 0 reset; the palette's Zoom)."""
        self._pop_to_main()
        self.main.action_zoom(factor)

    def charts_on_show(self) -> bool:
        """Whether the main screen shows its Charts tab (the palette offers zoom there)."""
        return self.main.query_one(TabbedContent).active == "charts-tab"

    def action_command_palette(self) -> None:
        if self.use_command_palette and not SafeCommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def _pop_to_main(self) -> None:
        """Pop to the main screen (for callers that push nothing after it)."""
        while len(self.screen_stack) > 2:  # default screen + main
            self.pop_screen()

    async def action_main(self) -> None:
        """Back to the main screen; awaited, so a screen pushed next never meets the old one."""
        while len(self.screen_stack) > 2:  # default screen + main
            await self.pop_screen()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.services))

    async def action_fit(self) -> None:
        """Open the fit screen.

        It is installed once, so its form and result survive leaving it (until Clear).
        """
        if not isinstance(self.screen, FitScreen):
            await self.action_main()
            if not self.is_screen_installed("fit"):
                self.install_screen(
                    FitScreen(self.services, self.fit_path, self.fit_columns), name="fit"
                )
            self.push_screen("fit")

    async def action_metric(self) -> None:
        if not isinstance(self.screen, MetricScreen):
            await self.action_main()
            plan = self.main.plan  # the plan's own law, a law file's or a fitted one too
            law = plan.law_preset if plan is not None else self.laws[self._law]
            at = plan.compute_flops if plan is not None else None
            self.push_screen(MetricScreen(self.services, law, plan_flops=at))

    def on_save_file(self, message: SaveFile) -> None:
        self.save_file(message.write, title=message.title, done=message.done)

    def save_file(
        self,
        write: WriteFile,
        *,
        title: str,
        done: Callable[[Path], None] | None = None,
    ) -> None:
        """Run ``write(force)``; if the file exists, ask before replacing it.

        Nothing is overwritten without a yes in the confirm dialog, and a refused write is a
        notification: the app keeps running.
        """
        try:
            path = write(False)
        except OutputExistsError as exc:
            existing = exc.path

            def answer(yes: bool | None) -> None:
                if yes:
                    self.save_file(lambda _force: write(True), title=title, done=done)
                else:
                    self.notify(f"kept {existing}; nothing written", title=title)

            self.push_screen(ConfirmScreen(f"{existing} exists.\n\nReplace it?"), answer)
            return
        except PlannerError as exc:
            self.notify(str(exc), severity="error", title=f"{title}: not written")
            return
        self.notify(f"written to {path.resolve()}", title=title)
        if done is not None:
            done(path)

    def export_scenarios(self, suffix: str) -> None:
        """Write the pinned plans and the budget sweep as CSV or Markdown.

        An existing file is replaced only after a yes (``save_file``).
        """
        from planner.report._scenarios import pinned_table, sweep_legend, to_csv, to_markdown

        main = self.main
        main.plan_typed(wait=True)  # a value typed a moment ago is what is exported
        if main.plan is None:
            self.notify("no plan yet", severity="warning")
            return
        fmt = to_csv if suffix == "csv" else to_markdown
        parts = []
        if main.pinned:
            header, rows, _ = pinned_table(main.pinned)
            parts.append(fmt(header, rows))
        parts.append(fmt(*main.sweep_rows()))
        if suffix != "csv":  # what the sweep's "k emerged" counts, as planner sweep says it
            parts.append(sweep_legend() + "\n")
        text = "\n".join(parts)
        path = self.export_dir / f"planner-scenarios.{suffix}"
        self.save_file(
            lambda force: write_text_safely(path, text, force=force, name="export"),
            title="Scenarios exported",
        )

    def _export(self, suffix: str) -> None:
        main = self.main
        main.plan_typed(wait=True)  # ctrl+s right after typing exports what was typed
        if main.plan is None:
            self.notify("no plan to export yet", severity="warning")
            return
        if suffix == "json":
            from planner.report._plan import plan_json_text

            text = plan_json_text(main.plan, main.capabilities) + "\n"
        else:
            from planner.report._plan import plan_markdown

            text = plan_markdown(main.plan, main.capabilities)
        path = self.export_dir / f"planner-plan.{suffix}"
        self.save_file(
            lambda force: write_text_safely(path, text, force=force, name="export"),
            title="Export",
        )

    def action_export_json(self) -> None:
        self._export("json")

    def action_export_markdown(self) -> None:
        self._export("md")


def make_app(
    *,
    budget: str = "1e24",
    law: str = DEFAULT_LAW,
    law_files: tuple[str | Path, ...] = (),
    export_dir: str | Path = ".",
    fit_path: str = "",
    fit_columns: dict[str, str] | None = None,
    animate: bool = True,
    presets_dir: str | Path | None = None,
) -> PlannerApp:
    """Build the app with every input explicit (tests and snapshots pass their own).

    Raises
    ------
    PresetError
        A law file that does not load.
    """
    laws = {p.id: p for p in list_laws(presets_dir=presets_dir)}
    for f in law_files:
        preset = load_law(f, presets_dir=presets_dir)
        if preset.id in laws and laws[preset.id] != preset:
            raise PresetError(
                f"{f}: law id {preset.id!r} is the id of a shipped law with other constants; "
                "give the file its own id"
            )
        laws[preset.id] = preset
    if law not in laws:  # another case or an alias (chinchilla), else "did you mean"
        from planner.data._aliases import resolve_alias

        law = resolve_alias(law, list(laws), laws.__getitem__, kind="law")
    return PlannerApp(
        laws=laws,
        budget=budget,
        law=law,
        export_dir=Path(export_dir),
        fit_path=fit_path,
        fit_columns=fit_columns,
        animate=animate,
        presets_dir=None if presets_dir is None else Path(presets_dir),
    )
