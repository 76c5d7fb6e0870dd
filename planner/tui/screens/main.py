"""The main screen: the budget form on the left, the plan, capabilities, charts and compare view.

A key only validates the form; the plan, its capabilities, scores and run sheet, and the data of
the tab on show, are computed by a thread worker (``group="plan"``, the latest request wins)
and drawn when it posts them (:class:`Planned`), so typing is never held up by the maths.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from weakref import WeakKeyDictionary

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, Select, Static, TabbedContent, TabPane

from planner import capabilities, compare, plan
from planner.defaults import (
    DEFAULT_ACCELERATOR,
    DEFAULT_GOODPUT,
    DEFAULT_LAW,
    DEFAULT_MFU,
    BudgetUnit,
)
from planner.errors import PlannerError
from planner.laws._preset import LawPreset
from planner.planning._options import routing_refusals
from planner.planning._records import Plan
from planner.report import _scores as score_report
from planner.report._charts import (
    ChartSpec,
    frontier_chart,
    isoflop_chart,
    nopt_chart,
    score_chart,
)
from planner.report._compare import MOE_COLUMNS_NOTE
from planner.report._summary import summary_line
from planner.run._sheet import DEFAULT_SEQ_LEN, RunSheet
from planner.scores._curves import TaskScore
from planner.tasks._records import TaskAssessment
from planner.tasks._score_view import task_scores
from planner.tui.form import UNIT_LABELS, UNITS, build_request
from planner.tui.messages import PlanFailed, PlanReady
from planner.tui.narrow import fit_to_width
from planner.tui.services import NARROW_WIDTH, Services, planner_warnings_ignored
from planner.tui.widgets.blocks import BlockTable
from planner.tui.widgets.chart import ChartPanel
from planner.tui.widgets.inputs import OrderedInput
from planner.tui.widgets.results import (
    CapabilityTable,
    CompareTable,
    PinnedTable,
    PlanTable,
    RunTable,
    ScoreTable,
    SweepTable,
)
from planner.tui.widgets.select import SafeSelect
from planner.units import format_flops, parse_quantity

# (form field name, DOM id prefix, label, placeholder)
FIELDS = (
    ("budget", "budget", "Budget", "e.g. 1e24, 5.76e23"),
    ("mfu", "mfu", "MFU (0-1]", f"{DEFAULT_MFU:.2f}"),
    ("goodput", "goodput", "Goodput (0-1]", f"{DEFAULT_GOODPUT:.2f}"),
    ("gpus", "gpus", "GPUs (for wall clock)", "e.g. 2048"),
    ("price", "price", "$ per GPU-hour", "e.g. 2.5"),
    ("max_params", "max-params", "Max params", "e.g. 70B"),
    ("unique_tokens", "unique-tokens", "Unique tokens", "e.g. 500B"),
    ("inference_tokens", "inference-tokens", "Inference tokens", "e.g. 2e13"),
)
PREFIX = {name: prefix for name, prefix, _, _ in FIELDS}
INITIAL = {"mfu": f"{DEFAULT_MFU:.2f}", "goodput": f"{DEFAULT_GOODPUT:.2f}"}
"""The fields that start filled: the planner's defaults, as the library would take them."""
# a mixture of experts (issue 21), on one row under the other fields: (name, DOM id prefix,
# label, placeholder); planned by the MoE law chosen, refused beside the field by a dense law
MOE_FIELDS = (
    ("experts", "experts", "Experts", "experts"),
    ("top_k", "top-k", "top-k", "top-k"),
)
PRECISIONS = (("BF16", "bf16"), ("FP8", "fp8"))
"""The run sheet's precision (``planner plan --precision``): the peak its GPU-hours use."""
# the Run tab's own fields: (DOM id prefix, label, initial value, placeholder); an empty field
# is an option not given on the command line (Sequence: `planner plan` without --seq-len, so a
# mixture of experts counts no attention term unless a length is typed, as there)
RUN_FIELDS = (
    ("seq-len", "Sequence", "", f"default {DEFAULT_SEQ_LEN}"),
    ("micro-batch", "Micro-batch", "1", "sequences"),
    ("days", "Days", "", "deadline (optional)"),
)


_SHOWN_TEXT: WeakKeyDictionary[Static, str] = WeakKeyDictionary()

RunOutcome = RunSheet | str
"""A run sheet, or why none can be drawn up (the Run tab shows it beside its fields)."""
Charts = tuple[ChartSpec, ChartSpec, ChartSpec, ChartSpec]
Compared = tuple[tuple[Plan, ...], list[str], dict[str, str] | None]
"""The plans, their emerged tasks, and at an MoE plan's routing the laws left out and why."""
SweepRows = tuple[list[str], list[list[str]]]
TabData = Charts | RunOutcome | Compared | SweepRows


@dataclass(frozen=True)
class PlanRequest:
    """What a plan worker is asked: the form's values, read on the key handler."""

    ticket: int
    """Counts the requests; the answer to an older one is dropped."""
    budget: object
    """FLOPs or a Budget (planner.tui.form.build_request)."""
    law: LawPreset
    kwargs: dict[str, object]
    active: str
    """The tab on show (its data is computed with the plan)."""
    run_text: dict[str, str] | None
    """The Run tab's fields, where the run sheet is wanted (a deadline, or the Run tab on show)."""
    laws: tuple[LawPreset, ...]
    """Every law offered (the compare and sweep tabs)."""


@dataclass
class Planned(Message):
    """A plan worker's answer: the plan with its capabilities and scores, or the refusal."""

    ticket: int
    """The request it answers (an answer to an older request is dropped)."""
    result: Plan | None = None
    rows: tuple[TaskAssessment, ...] = ()
    scores: tuple[TaskScore, ...] = ()
    run: RunOutcome | None = None
    """The run sheet, where the headline needs it (a deadline) or the Run tab is on show."""
    tab: str = ""
    """The tab on show whose data follows (``tab_data``); "" for none."""
    tab_data: TabData | None = None
    error: str = ""
    """The planner's refusal (then ``result`` is None)."""


@dataclass
class TabReady(Message):
    """A tab's data, computed by a worker for the plan on show."""

    plan: Plan
    tab: str
    data: TabData


def run_outcome(
    result: Plan, text: Mapping[str, str], presets_dir: Path | None = None
) -> RunOutcome:
    """The run sheet of ``result`` with the Run tab's fields (``text``), or why there is none."""
    from planner.io._checks import check_whole
    from planner.report import _run as run_report

    try:
        seq_len = (
            check_whole(text["seq-len"], "sequence length", low=1) if text["seq-len"] else None
        )
        micro = check_whole(text["micro-batch"] or "1", "micro-batch", low=1)
        days = parse_quantity(text["days"], name="days") if text["days"] else None
        return run_report.plan_run_sheet(
            result, seq_len=seq_len, micro_batch=micro, days=days,
            presets_dir=presets_dir, precision=text.get("precision") or "bf16",
        )  # fmt: skip
    except PlannerError as exc:
        return f"run sheet: {exc}"


def tab_data(
    tab: str,
    result: Plan,
    rows: tuple[TaskAssessment, ...],
    laws: tuple[LawPreset, ...],
    run_text: Mapping[str, str],
    presets_dir: Path | None = None,
) -> TabData | None:
    """What ``tab`` shows of ``result``, by the library's calls (run by a worker thread).

    None for a tab with nothing to compute (the plan tab).
    """
    with planner_warnings_ignored():
        if tab == "charts-tab":
            return (
                frontier_chart(result, rows),
                isoflop_chart(result),
                nopt_chart(result, laws),
                score_chart(result),
            )
        if tab == "run-tab":
            return run_outcome(result, run_text, presets_dir)
        if tab == "compare-tab":
            from planner.report._scores import emerged_text

            at = result.budget_flops or result.compute_flops
            hardware = result.hardware.options if result.hardware else None
            experts, top_k = routing_of(result)
            plans = compare(
                at, laws=laws, presets_dir=presets_dir, hardware=hardware, experts=experts,
                top_k=top_k,
            )  # fmt: skip
            return plans, [emerged_text(p) for p in plans], routing_refusals(laws, experts, top_k)
        if tab == "scenarios-tab":
            return sweep_rows(result, laws, presets_dir)
    return None


def sweep_rows(
    result: Plan, laws: tuple[LawPreset, ...], presets_dir: Path | None = None
) -> SweepRows:
    """The sweep around a plan: budgets from a tenth to ten times its own, every law."""
    from planner.report._scenarios import sweep, sweep_table

    hardware = result.hardware.options if result.hardware else None
    at = result.budget_flops or result.compute_flops
    budgets = [at * f for f in (0.1, 0.3, 1.0, 3.0, 10.0)]
    experts, top_k = routing_of(result)
    with planner_warnings_ignored():
        rows = sweep(
            budgets, laws=laws, presets_dir=presets_dir, hardware=hardware, experts=experts,
            top_k=top_k,
        )  # fmt: skip
        return sweep_table(rows, active=experts is not None)


def routing_of(result: Plan) -> tuple[int | None, int | None]:
    """The routing the compare and sweep tabs plan at: an MoE plan's (E > 1), else none.

    As ``planner compare --experts E --top-k K``: the laws that take it are planned at it, the
    others are marked. A dense plan (and the joint law's E = 1) compares as before.
    """
    if result.routing is None or result.routing.experts <= 1:
        return None, None
    return result.routing.experts, result.routing.top_k


_ERROR_FIELDS = {
    "compute_flops": "budget",
    "budget": "budget",
    "mfu": "mfu",
    "goodput": "goodput",
    "n_gpus": "gpus",
    "price_per_gpu_hour": "price",
    "max_params": "max_params",
    "unique_tokens": "unique_tokens",
    "inference_tokens": "inference_tokens",
    "experts": "experts",
    "top_k": "top_k",
}
"""The planner's error prefixes (the argument it names) by the form field they belong to."""


def _field_of(message: str) -> str | None:
    """The form field an error names (``compute_flops: ...`` is the budget's), if any."""
    return _ERROR_FIELDS.get(message.split(":", 1)[0].strip())


def _set_text(widget: Static, text: str) -> None:
    """Update a Static only when its text changes (an update forces a layout pass)."""
    if _SHOWN_TEXT.get(widget) != text:
        _SHOWN_TEXT[widget] = text
        widget.update(text)


TYPING_PAUSE_S = 0.4
"""Seconds without a key before a typed value is planned: longer than the time between two
keys of an average non-secretary typist (0.28 s) and of an average skilled one (0.20 s), the K
operator of Card, Moran & Newell 1980, "The keystroke-level model for user performance time
with interactive systems", CACM 23(7) 396-410; a typist pausing mid-number is planned."""
TYPING_MARK = "typing… "
"""Leads the headline while what is typed is not planned yet (the last plan follows it)."""
ZOOM_KEYS = Binding.Group("Zoom")
"""The Charts tab's zoom keys, one entry in the footer (+ - 0 Zoom)."""


class MainScreen(Screen[None]):
    """Plan a budget and see the split, the loss and the capabilities at a glance."""

    BINDINGS = [
        Binding("ctrl+s", "app.export_json", "Export", id="export-json"),
        # keys that reach the app inside tmux and GNU screen (whose prefixes are ctrl+b and
        # ctrl+a) and over SSH; none is a key an Input edits with, so they work from a field:
        # ctrl+l is a browser's key for its address bar, F9 harlequin's for its sidebar
        Binding("ctrl+l", "focus_budget", "Budget", id="focus-budget"),
        Binding("ctrl+o", "pin", "Pin", id="pin-plan"),
        Binding("f9", "toggle_form", "Form", id="toggle-form"),
        # escape in a field hands the keys back to the results (p, +, -, 0, ?, q)
        Binding("escape", "leave_field", "Leave the field", show=False, id="leave-field"),
        # the tab keys are on the tabs' labels, not in the footer (which must fit 80 columns)
        # priority: a focused table or input never eats them
        Binding("f2", "show_tab('plan-tab')", "Plan", id="tab-plan", show=False, priority=True),
        Binding(
            "f3", "show_tab('charts-tab')", "Charts", id="tab-charts", show=False, priority=True
        ),
        Binding(
            "f4", "show_tab('compare-tab')", "Compare", id="tab-compare", show=False, priority=True
        ),
        Binding("f5", "show_tab('run-tab')", "Run", id="tab-run", show=False, priority=True),
        Binding(
            "f6", "show_tab('scenarios-tab')", "Scenarios", id="tab-scen", show=False, priority=True
        ),
        # single keys act outside a field only (a focused field types them); a tab key
        # (F2-F6) leaves the form, so they act after it
        Binding("p", "pin", "Pin plan", id="pin-plan-p", show=False),
        # chart zoom, in the footer on the Charts tab (check_action): + in, - out, 0 all
        Binding("plus", "zoom(2.0)", "Zoom in", group=ZOOM_KEYS, id="zoom-in"),
        Binding("minus", "zoom(0.5)", "Zoom out", group=ZOOM_KEYS, id="zoom-out"),
        Binding("0", "zoom(0)", "Reset zoom", group=ZOOM_KEYS, id="zoom-reset"),
    ]
    typing_pause = TYPING_PAUSE_S
    """Seconds without a key in a field before what was typed is planned (Enter: at once)."""

    def __init__(self, services: Services, budget: str = "1e24", law: str = DEFAULT_LAW) -> None:
        super().__init__(id="main")
        self.services = services
        self.initial_budget = budget
        self.initial_law = law
        self.plan: Plan | None = None
        self.capabilities: tuple[TaskAssessment, ...] = ()
        self.scores: tuple[TaskScore, ...] = ()
        self.failed: dict[str, str] = {}
        self._stale: set[str] = set()
        self._uncut: set[str] = set()
        """Tabs whose column blocks were cut for another width (planner.tui.widgets.blocks)."""
        self.pinned: list[Plan] = []
        self._ticket = 0
        """The latest plan request; a worker's answer to an older one is dropped."""
        self._asked: tuple[object, ...] | None = None
        """What the latest request was asked from (the form, the law, the tab on show)."""
        self._typing: Timer | None = None
        """Plans what was typed once it fires (:meth:`_typed`); None when nothing is pending."""
        self._settled: dict[str | None, str] = {}
        """Each field's text when last planned: a Changed that leaves it so is no edit (mount)."""
        self._hand: dict[str, str] = {}
        self._followed: dict[str, str] = {}
        """The unit and accelerator selectors' values chosen by hand, and set from the budget."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary")
        with Horizontal(id="body"):
            with VerticalScroll(id="form"):
                yield Label("Budget", classes="field-label")
                yield OrderedInput(
                    self.initial_budget, placeholder=FIELDS[0][3], id="budget-input", compact=True
                )
                yield Label("", id="budget-error", classes="field-error")
                yield Label("", id="budget-note", classes="field-note")
                yield SafeSelect(
                    [(UNIT_LABELS[u], u) for u in UNITS],
                    value="flops",
                    allow_blank=False,
                    id="unit-select",
                    compact=True,
                )
                yield Label("Law", classes="field-label")
                yield SafeSelect(
                    self._law_options(),
                    value=self.initial_law,
                    allow_blank=False,
                    id="law-select",
                    compact=True,
                )
                yield Label("Accelerator", classes="field-label")
                yield SafeSelect(
                    [(a.name, a.id) for a in self.services.accelerators],
                    value=DEFAULT_ACCELERATOR,
                    allow_blank=False,
                    id="gpu-select",
                    compact=True,
                )
                for name, prefix, label, placeholder in FIELDS[1:]:
                    yield Label(label, classes="field-label")
                    yield OrderedInput(
                        INITIAL.get(name, ""),
                        placeholder=placeholder,
                        id=f"{prefix}-input",
                        compact=True,
                    )
                    yield Label("", id=f"{prefix}-error", classes="field-error")
                yield from self._moe_fields()
                yield Static("", id="plan-error")
            with TabbedContent(id="results", initial="plan-tab"):
                with TabPane("Plan F2", id="plan-tab"), VerticalScroll(id="plan-scroll"):
                    yield Static("", id="stale-note")
                    yield PlanTable(id="plan-table")
                    yield CapabilityTable(id="capability-table")
                    yield Static("", id="capability-notes")
                    yield ScoreTable(id="score-table")
                    yield Static("", id="score-note")
                with TabPane("Charts F3", id="charts-tab"), VerticalScroll():
                    yield ChartPanel(id="frontier-chart")
                    yield ChartPanel(id="isoflop-chart")
                    yield ChartPanel(id="nopt-chart")
                    yield ChartPanel(id="score-chart")
                with TabPane("Compare F4", id="compare-tab"), VerticalScroll(id="compare-scroll"):
                    yield CompareTable(id="compare-table")
                    yield Static(
                        "* non-embedding parameters; loss scales differ between rows",
                        id="compare-note",
                    )
                with TabPane("Run F5", id="run-tab"), VerticalScroll(id="run-scroll"):
                    with Horizontal(id="run-form"):
                        for prefix, label, value, placeholder in RUN_FIELDS:
                            yield Label(label, classes="run-label")
                            yield OrderedInput(
                                value,
                                placeholder=placeholder,
                                id=f"{prefix}-input",
                                compact=True,
                            )
                    yield Static("", id="run-error", classes="field-error")
                    yield RunTable(id="run-table")
                    yield Static("", id="run-notes")
                with TabPane("Scenarios F6", id="scenarios-tab"), VerticalScroll(id="scen-scroll"):
                    yield Static(
                        "Pinned plans (p pins the plan on show; differences from #1 in yellow):",
                        id="pinned-note",
                    )
                    yield PinnedTable(id="pinned-table")
                    yield Static("", id="sweep-note")
                    yield SweepTable(id="sweep-table")
        yield Footer()

    def _moe_fields(self) -> ComposeResult:
        """Experts, top-k and the run's precision on one row, the errors under it."""
        yield Label("Experts, top-k, precision", classes="field-label")
        with Horizontal(id="moe-row"):
            for _, prefix, _, placeholder in MOE_FIELDS:
                yield OrderedInput("", placeholder=placeholder, id=f"{prefix}-input", compact=True)
            yield SafeSelect(
                PRECISIONS, value="bf16", allow_blank=False, id="precision-select", compact=True
            )
        for _, prefix, _, _ in MOE_FIELDS:
            yield Label("", id=f"{prefix}-error", classes="field-error")

    def _law_options(self) -> list[tuple[str, str]]:
        # names, not ids (the ids wrapped in the narrow form); the current one is cut with "…"
        return [(law.name, law_id) for law_id, law in self.services.laws.items()]

    def on_mount(self) -> None:
        # narrow from the first layout on (the app's resize comes later): a plan drawn before
        # it and one drawn after wrap at the same width
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        fit_to_width(self, self.app.size.width)  # a phone's width: tabs without key hints
        for inp in self.query(Input):
            inp.cursor_blink = self.services.animated
        self.query_one("#budget-input", Input).focus()
        self.recompute(wait=True)  # the first screen shows a plan; keys plan in a worker
        self._settled = {field.id: field.value for field in self.query(Input)}

    # ------------------------------------------------------------------ input

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        """A field was edited: plan after a pause in typing, never a value being typed.

        The headline keeps the last plan, marked as waiting for what is typed: a value on its
        way ("3e2" of "3e23", or the "15e24" that home then 1 made of "5e24") is never
        planned. Enter plans at once.
        """
        if self._typing is None and self._settled.get(event.input.id) == event.value:
            return  # a field set to what was planned (its first value, posted at mount)
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(self.typing_pause, self.plan_typed)
        summary = self.query_one("#summary", Static)
        shown = _SHOWN_TEXT.get(summary, "")
        if not shown.startswith(TYPING_MARK):
            _set_text(summary, TYPING_MARK + shown)
            summary.add_class("-pending")

    def plan_typed(self, *, wait: bool = False) -> None:
        """Plan what was typed now (the pause has passed, or Enter); nothing if nothing is.

        With ``wait`` on this thread, before returning: what is pinned or exported a moment
        after typing is the plan of what was typed.
        """
        if self._typing is None:
            return
        self._typing.stop()
        self._typing = None
        self._settled = {field.id: field.value for field in self.query(Input)}
        ticket = self._ticket
        self.recompute(wait=wait)
        if self._ticket == ticket:  # nothing to plan (the same values): the mark goes now
            self._typing_answered()
        # else the plan's headline replaces the mark (one layout, not two), or it goes when
        # the planner refuses the value (:meth:`_typing_answered`)

    @on(PlanReady)
    @on(PlanFailed)
    def _typing_answered(self) -> None:
        """The headline loses its typing mark, or gets it back if typing goes on."""
        summary = self.query_one("#summary", Static)
        shown = _SHOWN_TEXT.get(summary, "")
        if self._typing is not None:  # an older value's plan was drawn while typing
            if not shown.startswith(TYPING_MARK):
                _set_text(summary, TYPING_MARK + shown)
            return
        if shown.startswith(TYPING_MARK):
            _set_text(summary, shown.removeprefix(TYPING_MARK))
        summary.remove_class("-pending")

    @property
    def typing_pending(self) -> bool:
        """Whether a field was edited and its value is not planned yet."""
        return self._typing is not None

    @on(Input.Submitted)
    @on(Select.Changed)
    def _changed(self) -> None:
        if self._typing is not None:
            self.plan_typed()
        else:
            self.recompute()

    def action_zoom(self, factor: float) -> None:
        """Zoom every chart of the Charts tab around the plan (0 resets)."""
        if self.query_one(TabbedContent).active == "charts-tab":
            for panel in self.query(ChartPanel):
                panel.zoom_by(factor)

    def action_pin(self) -> None:
        """Pin the plan on show beside the earlier pins (the Scenarios tab, F6)."""
        self.plan_typed(wait=True)  # ctrl+o right after typing pins what was typed
        if self.plan is None:
            return
        self.pinned.append(self.plan)
        self.notify(f"pinned #{len(self.pinned)}; F6 shows the scenarios", title="Pinned")
        self._stale.add("scenarios-tab")
        self._refresh_active_tab()

    def sweep_rows(self) -> SweepRows:
        """The sweep on show: budgets from a tenth to ten times the plan's, every law."""
        assert self.plan is not None
        return sweep_rows(self.plan, tuple(self.services.laws.values()), self.services.presets_dir)

    def _show_scenarios(self, result: Plan, swept: SweepRows) -> None:
        self.query_one(PinnedTable).show_plans(self.pinned)
        header, rows = swept
        self.query_one(SweepTable).show_sweep(header, rows)
        at = result.budget_flops or result.compute_flops
        from planner.report._scenarios import sweep_legend

        _set_text(
            self.query_one("#sweep-note", Static),
            f"Budget sweep around {format_flops(at)} FLOPs, every law (N / D, tasks emerged); "
            f"export both tables from the palette (ctrl+p: Export scenarios). {sweep_legend()}",
        )

    def action_toggle_form(self) -> None:
        """Hide the form (the results take the screen) or show it again, the cursor in the budget.

        Hiding it hands the keys to the results: focus never stays on a hidden field.
        """
        self.toggle_class("-form-hidden")
        if self.has_class("-form-hidden"):
            self._focus_results()
        else:
            self.action_focus_budget()
        self.call_after_refresh(self._recut_tables)

    def action_focus_budget(self) -> None:
        """Put the cursor in the budget, its text selected (typing replaces it), form shown."""
        if self.has_class("-form-hidden"):
            self.remove_class("-form-hidden")
            self.call_after_refresh(self._recut_tables)
        field = self.query_one("#budget-input", Input)
        field.focus()
        field.select_all()

    def action_leave_field(self) -> None:
        """Leave a field of the form for the results: single keys act again."""
        self._focus_results()

    def _focus_results(self) -> None:
        """Focus the scrolling content of the tab on show (never a field)."""
        tabs = self.query_one(TabbedContent)
        pane = self.query_one(f"#{tabs.active}", TabPane)
        pane.query_children(VerticalScroll).first().focus(scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Zoom keys on the Charts tab only; escape leaves a field, else it is not taken."""
        if action == "zoom":
            tabs = self.query(TabbedContent)
            return bool(tabs) and tabs.first().active == "charts-tab"
        if action == "leave_field":
            focused = self.focused
            return isinstance(focused, Input | Select) and any(
                a.id in ("form", "run-form") for a in focused.ancestors
            )
        return True

    @on(TabbedContent.TabActivated)
    def _tab_keys(self) -> None:
        """The footer shows the keys of the tab on show (zoom on the Charts tab)."""
        self.refresh_bindings()

    def on_resize(self) -> None:
        fit_to_width(self, self.app.size.width)
        self.call_after_refresh(self._recut_tables)

    def _recut_tables(self) -> None:
        """The compare and scenario tables were cut into blocks for the old width: cut again.

        From the rows they hold (nothing is planned again); a hidden tab when it is shown.
        """
        self._uncut = {"compare-tab", "scenarios-tab"}
        self._refresh_active_tab()

    def action_show_tab(self, tab: str) -> None:
        """Show ``tab``.

        A focused widget in the tab being left lets go first: TabbedContent would otherwise
        keep the pane of the focused widget on show (F3 did nothing after clicking a table).
        Then the tab's content takes the focus, never a field: after F6, p pins (it typed "p"
        into the budget), after F3, + zooms.
        """
        tabs = self.query_one(TabbedContent)
        focused = self.focused
        if focused is not None and tabs in focused.ancestors:
            self.set_focus(None)
        tabs.active = tab
        self._focus_results()

    def refresh_laws(self, select: str | None = None) -> None:
        """Reload the law list (after a fit added one) and optionally select a law."""
        law_select = self.query_one("#law-select", Select)
        current = select or law_select.value
        law_select.set_options(self._law_options())
        law_select.value = current

    def set_unit(self, unit: str) -> None:
        self.query_one("#unit-select", Select).value = unit

    def set_law(self, law_id: str) -> None:
        self.query_one("#law-select", Select).value = law_id

    def _values(self) -> dict[str, str]:
        return {
            name: self.query_one(f"#{prefix}-input", Input).value
            for name, prefix, _, _ in FIELDS + MOE_FIELDS
        }

    def _mark(self, errors: dict[str, str]) -> None:
        for name, prefix, _, _ in FIELDS + MOE_FIELDS:
            msg = errors.get(name, "")
            label = self.query_one(f"#{prefix}-error", Label)
            _set_text(label, msg)
            label.set_class(bool(msg), "-shown")
            self.query_one(f"#{prefix}-input", Input).set_class(bool(msg), "-invalid-field")

    def _run_text(self) -> dict[str, str]:
        """The Run tab's fields as typed, and the form's precision."""
        text = {p: self.query_one(f"#{p}-input", Input).value.strip() for p, *_ in RUN_FIELDS}
        return text | {"precision": str(self.query_one("#precision-select", Select).value)}

    def recompute(self, *, wait: bool = False) -> None:
        """Validate the form and, if it is good, plan with the same library calls as the CLI.

        The key handler only validates; the plan, its capabilities, scores and the data of the
        tab on show are computed by :meth:`_plan_worker` (here, with ``wait``) and drawn by
        :meth:`_planned`.
        """
        unit = cast(BudgetUnit, self._chosen("#unit-select"))
        gpu = self._chosen("#gpu-select")
        law_id = str(self.query_one("#law-select", Select).value)
        days = self._run_text()["days"]
        req = build_request(
            self._values(), unit, gpu, days=days, presets_dir=self.services.presets_dir
        )
        self._follow("#unit-select", req.unit)  # "$2M", "5 PF-days": the unit follows
        self._follow("#gpu-select", req.accelerator)  # "512 H100 x 30 days": so does the GPU
        note = self.query_one("#budget-note", Label)
        _set_text(note, req.note)
        note.set_class(bool(req.note), "-shown")
        error_box = self.query_one("#plan-error", Static)
        if req.errors or req.budget is None:
            self._mark(req.errors)
            name, msg = next(iter(req.errors.items()), ("budget", "invalid"))
            self.failed = dict(req.errors)
            _set_text(error_box, "")
            self._asked = None
            self.post_message(PlanFailed(name, msg))
            return
        active = self.query_one(TabbedContent).active
        run_text = self._run_text()
        if req.budget.days is not None and not run_text["days"]:  # the deadline it was stated in
            run_text["days"] = repr(req.budget.days)
        asked = (req.budget, law_id, self.services.laws[law_id], req.kwargs, active, run_text)
        if asked == self._asked:  # an event that changed nothing (a select set to its value,
            return  # Enter on a planned value): the marks stay, a refusal's beside its field too
        self._mark(req.errors)
        self._asked = asked
        self._ticket += 1
        request = PlanRequest(
            ticket=self._ticket,
            budget=req.budget,
            law=self.services.laws[law_id],
            kwargs=dict(req.kwargs),
            active=active,
            run_text=run_text if active == "run-tab" or run_text["days"] else None,
            laws=tuple(self.services.laws.values()),
        )
        if wait:
            self._planned(self._plan_answer(request))
        else:
            self._plan_worker(request)

    def _chosen(self, selector: str) -> str:
        """A selector's value as chosen by hand (a value the budget text set does not count).

        A unit or accelerator typed in the budget holds only while the text names it: after
        ``$5M``, ``1e24`` is FLOPs again (or the unit chosen by hand).
        """
        value = str(self.query_one(selector, Select).value)
        if value != self._followed.get(selector):
            self._hand[selector] = value
        return self._hand.get(selector, value)

    def _follow(self, selector: str, value: str | None) -> None:
        """Show the budget's unit or accelerator in its selector."""
        if value is None:
            return
        self._followed[selector] = value
        select = self.query_one(selector, Select)
        if select.value != value:
            select.value = value

    @work(thread=True, exclusive=True, group="plan")
    def _plan_worker(self, request: PlanRequest) -> None:
        """:meth:`_plan_answer` in a thread, posted as a message unless superseded."""
        from textual.worker import get_current_worker

        answer = self._plan_answer(request)
        if not get_current_worker().is_cancelled:
            self.post_message(answer)

    def _plan_answer(self, request: PlanRequest) -> Planned:
        """Plan, assess and score (any thread: no widget is touched)."""
        folder, ticket = self.services.presets_dir, request.ticket
        try:
            with planner_warnings_ignored():
                result = plan(
                    request.budget,  # type: ignore[arg-type]
                    law=request.law,
                    presets_dir=folder,
                    **request.kwargs,  # type: ignore[arg-type]
                )
                rows = capabilities(result, presets_dir=folder)
                scores = task_scores(result)
        except PlannerError as exc:
            return Planned(ticket, error=str(exc))
        run = None if request.run_text is None else run_outcome(result, request.run_text, folder)
        tab = request.active if request.active not in ("plan-tab", "run-tab") else ""
        data = tab_data(tab, result, rows, request.laws, {}, folder) if tab else None
        return Planned(ticket, result, rows, scores, run, tab, data)

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        """Draw a worker's plan, or mark the field the planner refused."""
        if message.ticket != self._ticket:  # the form changed since: a newer answer follows
            return
        error_box = self.query_one("#plan-error", Static)
        if message.result is None:
            error = message.error
            field = _field_of(error)
            if field is not None:  # the planner names the field: mark it where the eye is
                self._mark({field: f"invalid: {error.split(': ', 1)[-1]}"})
                self.failed = {field: error}
                _set_text(error_box, "")
                self.post_message(PlanFailed(field, error))
                return
            self.failed = {"plan": error}
            _set_text(error_box, f"invalid combination: {error}")
            self.post_message(PlanFailed("plan", error))
            return
        self.failed = {}
        _set_text(error_box, "")
        self.show_plan(
            message.result, message.rows, message.scores, run=message.run,
            tab=message.tab, data=message.tab_data,
        )  # fmt: skip

    def show_plan(
        self,
        result: Plan,
        rows: tuple[TaskAssessment, ...],
        scores: tuple[TaskScore, ...] = (),
        *,
        run: RunOutcome | None = None,
        tab: str = "",
        data: TabData | None = None,
    ) -> None:
        """Show a plan; ``run`` and ``data`` (for ``tab``) are drawn where they were computed."""
        self.plan, self.capabilities, self.scores = result, rows, scores
        _set_text(self.query_one("#summary", Static), summary_line(result, scores))
        self.query_one(PlanTable).show(result)
        self.query_one(CapabilityTable).show(rows, result.compute_flops)
        self.query_one(ScoreTable).show(scores)
        _set_text(self.query_one("#score-note", Static), score_report.score_source(scores))
        from planner.report._plan import compute_view_summary, translation_lines

        notes = translation_lines(rows) + compute_view_summary(rows, result.compute_flops)
        from planner.report._shapes import shape_lines

        notes += shape_lines(rows, result.compute_flops, prompting=False)
        _set_text(self.query_one("#capability-notes", Static), "\n".join(notes))
        self._stale = {"charts-tab", "compare-tab", "run-tab", "scenarios-tab"}
        if run is not None:  # the headline checks a deadline, or the Run tab is on show
            self._stale.discard("run-tab")
            self._show_run(result, run)
        if tab and data is not None:
            self._stale.discard(tab)
            self._uncut.discard(tab)
            self._draw_tab(tab, result, data)
        self._refresh_active_tab()
        self.post_message(PlanReady(result, rows))

    def _show_compare(self, result: Plan, compared: Compared) -> None:
        """Every law at the plan's budget, on its hardware, with cost and emerged tasks.

        At the budget, not at an inference plan's longer training; the plan's law stands out.
        """
        at = result.budget_flops or result.compute_flops
        plans, emerged, refused = compared
        table = self.query_one(CompareTable)
        table.show_plans(plans, emerged, selected=result.law, refused=refused)
        what = f"every law at {format_flops(at)} FLOPs"
        if at != result.compute_flops:
            what += f" (the budget; the plan itself trains {format_flops(result.compute_flops)})"
        _set_text(
            self.query_one("#compare-note", Static),
            f"{what}; * non-embedding parameters; loss scales differ between rows; emerged: "
            "the whole 80% interval of the task's score past chance + 5 points"
            + ("" if refused is None else f"; {MOE_COLUMNS_NOTE}"),
        )

    def _show_run(self, result: Plan, sheet: RunOutcome) -> None:
        """The run sheet of the plan with the Run tab's fields (planner.report._run)."""
        from planner.report import _run as run_report

        error = self.query_one("#run-error", Static)
        if isinstance(sheet, str):
            _set_text(error, sheet)
            self.query_one(RunTable).set_class(True, "-stale")
            return
        _set_text(error, "")
        self.query_one(RunTable).set_class(False, "-stale")
        rows = run_report.run_rows(sheet)
        notes = list(sheet.warnings)
        if sheet.precision != "bf16":  # Kumar et al. 2024's loss at it, as plan --precision
            from planner.report._plan import precision_rows, precision_view

            view = precision_view(result, sheet.precision)
            rows += precision_rows(view)
            if not isinstance(view, str):
                notes.append(view.note)
        self.query_one(RunTable).show(rows)
        _set_text(self.query_one("#run-notes", Static), "\n".join(notes))
        _set_text(self.query_one("#summary", Static), summary_line(result, self.scores, run=sheet))

    def _mark_stale(self, stale: bool) -> None:
        """Dim the plan, capability and score tables and show the stale note, or undo it.

        The class goes on those widgets, not on the screen: a class on the screen makes Textual
        restyle every widget of every tab, about 0.1 s a keystroke while a budget is typed
        through invalid prefixes ("1e", "1e2"; benchmarks/bench_tui_typing.py).
        """
        for widget in (
            self.query_one("#stale-note", Static),
            self.query_one(PlanTable),
            self.query_one(CapabilityTable),
            self.query_one(ScoreTable),
        ):
            widget.set_class(stale, "-stale")

    @property
    def is_stale(self) -> bool:
        """Whether the plan on screen is the last valid one, not the form's."""
        return self.query_one("#stale-note", Static).has_class("-stale")

    @on(PlanFailed)
    def _show_stale(self, message: PlanFailed) -> None:
        """The last good plan stays on screen, dimmed, and says it is not the form's."""
        self._mark_stale(self.plan is not None)
        what = "the budget" if message.field == "budget" else message.field.replace("_", " ")
        _set_text(
            self.query_one("#stale-note", Static),
            f"showing the last valid plan: {what} is not valid" if self.plan is not None else "",
        )

    @on(PlanReady)
    def _show_current(self) -> None:
        if self.is_stale:
            self._mark_stale(False)
            _set_text(self.query_one("#stale-note", Static), "")

    @on(TabbedContent.TabActivated)
    def _refresh_active_tab(self) -> None:
        """Charts and the compare view are drawn when shown (typing stays fast)."""
        active = self.query_one(TabbedContent).active
        if active in self._uncut and active not in self._stale:
            self._uncut.discard(active)
            for table in self.query_one(f"#{active}", TabPane).query(BlockTable):
                table.recut()
        if self.plan is None or active not in self._stale:
            return
        self._stale.discard(active)
        self._uncut.discard(active)
        self._tab_worker(
            active,
            self.plan,
            self.capabilities,
            tuple(self.services.laws.values()),
            self._run_text(),
        )

    @work(thread=True, group="tab")  # not exclusive: a tab left at once is still drawn
    def _tab_worker(
        self,
        tab: str,
        result: Plan,
        rows: tuple[TaskAssessment, ...],
        laws: tuple[LawPreset, ...],
        run_text: dict[str, str],
    ) -> None:
        """Compute a tab's data in a thread; post it as :class:`TabReady`."""
        data = tab_data(tab, result, rows, laws, run_text, self.services.presets_dir)
        if data is not None:
            self.post_message(TabReady(result, tab, data))

    @on(TabReady)
    def _tab_ready(self, message: TabReady) -> None:
        if message.plan is self.plan:  # else a newer plan has made the tab stale again
            self._draw_tab(message.tab, message.plan, message.data)

    def _draw_tab(self, tab: str, result: Plan, data: TabData) -> None:
        """Draw a tab's data (computed by :func:`tab_data`)."""
        if tab == "charts-tab":
            frontier, iso, nopt, scores = cast(Charts, data)
            self.query_one("#frontier-chart", ChartPanel).show(frontier)
            self.query_one("#isoflop-chart", ChartPanel).show(iso)
            self.query_one("#nopt-chart", ChartPanel).show(nopt)
            self.query_one("#score-chart", ChartPanel).show(scores)
        elif tab == "run-tab":
            self._show_run(result, cast(RunOutcome, data))
        elif tab == "scenarios-tab":
            self._show_scenarios(result, cast(SweepRows, data))
        elif tab == "compare-tab":
            self._show_compare(result, cast(Compared, data))
