"""Help: keys, what each number means, and where each law comes from."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from planner.tui.services import Services

KEYS = """\
# planner: help

## Keys
| key | does |
|---|---|
| `F1` | this help (`?` too, outside a field) |
| `ctrl+p` | command palette: switch law, unit or screen; pin; zoom; export |
| `F2` to `F6` | Plan / Charts / Compare / Run / Scenarios tab; the keys go to the tab |
| `ctrl+l` | the cursor in the budget, its text selected: type a new budget |
| `ctrl+o` | pin the plan on show (`p` outside a field); F6 lays the pins side by side |
| `F9` | hide or show the form (the results take the screen) |
| `+` `-` `0` | Charts tab, outside a field: zoom around the plan, show everything |
| `ctrl+f` | fit your own runs |
| `ctrl+t` | metric view (exact match against token edit distance) |
| `ctrl+s` | export the plan as JSON; Markdown from the palette |
| `tab` / `shift+tab` | next / previous field, its text selected (typing replaces it) |
| `ctrl+a` | in a field: select its text (`home` / `end`: its start / end) |
| `enter` | in a field: plan now (else a pause in typing of 0.4 s plans it) |
| `escape` | in a field: leave it for the results; else back (cancels a running fit) |
| `q` / `ctrl+q` | quit (`q` outside a field); asks first with pinned plans or a fit |

A value is planned after a pause in typing or on `enter`, never while it is typed: until then
the headline reads `typing…` before the last plan. Outside a field means after a tab key,
`escape` or a click on the results; the field with the cursor is highlighted. The wheel zooms
a plot you clicked. No key is a prefix of tmux (`ctrl+b`) or GNU screen (`ctrl+a`: there,
`tab` or `ctrl+l` select a field's text).

## What the numbers mean
- **parameters N / tokens D**: the split of the budget by the selected law, with C = 6ND.
  N is total parameters except for `kaplan2020` and `deepseek2024` (non-embedding).
- **tokens per parameter**: D / N.
- **loss**: the final loss the law predicts, in nats/token **on the law's corpus and tokenizer**
  (its loss scale). Losses on different scales do not compare.
- **GPU-hours**: C / (peak x MFU x goodput x 3600) on the selected accelerator, with 90% of
  the job's time training (Llama 3 405B's goodput; the Goodput field, `--goodput` on the
  command line); **wall clock** needs a GPU count, **cost** a price per GPU-hour.
- **budget**: FLOPs (`1e24`), `5 PF-days`, `702K GPU-hours`, `$2M`, or as you would say it:
  `512 H100 x 30 days` (GPUs x days x 24 GPU-hours; sets the accelerator, the GPU count and
  the Run tab's deadline), `1M H100-hours`, `$5M at $2/h`. A unit or accelerator typed in the
  budget moves its selector only while the text names it: after `$5M`, `1e24` is FLOPs again
  (or the unit you chose in the selector). The line under the field says how it was read.
- **shape**: layers and width from a stated rule (Chinchilla 70B's aspect ratio).
- **capabilities**: each task family's status (`emerged`, `near`, `not_yet`, `smooth`), taken
  from its score curve where it has one (`by score`) and else from the loss threshold (`by
  loss`); P = the chance that the task is past emergence; the compute at which it emerges.
  Beside it, as cross-checks: Du et al.'s loss threshold (translated to this law's loss
  scale, and how) and Wei et al.'s FLOPs at which an ability was first seen. `needs ...`
  (e.g. `needs CoT prompting`): the compute is there, but the ability also needs a finetuning
  or prompting method (Wei et al. Table 1's augmented abilities): never emerged from FLOPs
  alone. Tasks sharing Du et al.'s threshold: the note under the table says why their
  compute to emerge differs.
- **Compare** (F4): `fit range` = how far the budget lies past (or below) the compute each
  law was fitted on; `vs paper` = the law against the allocations its own paper states
  (Llama 3: 402B on 16.55T at 3.8e25), worst miss when more than 10% apart.
- **scores**: each task's expected score with its 80% interval (coefficients and the spread
  between model families) as a bar on 0-100%, chance marked; "emerged" = the whole interval
  past chance + 5 points. The data each curve was calibrated on is named under the table.
- **Charts**: loss along the compute-optimal frontier with threshold bands across it; the
  iso-FLOP curve of loss against N at this budget; N_opt against compute for every law.
- **Run** (F5): batch size, learning rate, memory per GPU and the parallel layout, GPUs, days,
  energy and CO2 of the plan.

## Laws
"""


class HelpScreen(Screen[None]):
    """Keys, meanings and sources."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Close", id="help-close"),
        Binding("q", "app.pop_screen", "Close", show=False),
        Binding("f1", "app.pop_screen", "Close", show=False),  # F1 again closes it
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        laws = "\n".join(f"- `{law.id}`: {law.source}" for law in self.services.laws.values())
        with VerticalScroll(id="help-body"):
            # rich's Markdown in a Static: Textual's Markdown widget took 0.7 s to open the help
            yield Static(RichMarkdown(KEYS + laws + "\n"), id="help-text")
        yield Footer()
