"""TUI latency of a keystroke that replans, against a keystroke that only moves the cursor.

The reference, measured in the same run, is a cursor key (left/right) in the budget field: the
test harness's round trip and a redraw of the field, with no new plan. Two kinds of keys that
change the budget are timed against it:

- valid to valid (``1.5e24`` -> ``1.55e24`` -> ``1.5e24``): a new plan, the same tables refilled;
- valid to invalid and back (``1e24`` -> ``1e2`` -> ``1e24``): the plan goes stale (dimmed, with
  its note) and current again, as when a budget is typed through its prefixes.

Before the stale mark moved from the screen to the widgets it dims (planner/tui/screens/
main.py, ``_mark_stale``), a key across the valid/invalid line cost about 2.45x the reference
at both sizes (~270 ms against ~110 ms); after, 1.7-2.2x. A valid-to-valid key costs 1.4-1.8x
either way: the rest is Textual laying out and drawing the refilled tables.

Since issue 23 item 5 the key handler only validates the form; the plan, its capabilities,
scores and the data of the tab on show are computed by a thread worker and drawn when it posts
them. Two figures per key: until the app is idle again (the key's own cost: the echo and the
validation, what typing feels like) and until the new plan is drawn (the worker waited for).
Measured on a loaded 2-core box, same protocol before (45356f8) and after: until idle
120x40 1.60x/1.88x -> 1.61x/1.91x, 80x24 1.42x/1.51x -> 1.27x/1.52x; until drawn 120x40
1.82x/2.12x -> 1.96x/2.18x, 80x24 1.69x/1.81x -> 1.75x/1.86x. The maths is 10-20 ms of a
~150 ms key: Textual's layout and drawing of the refilled tables dominate either way.

Since issue 22 item 4 a key in a field plans nothing: the value is planned after a pause in
typing (0.4 s) or on Enter, and the key only marks the headline ``typing…``. "Until idle" is
that key; "until drawn" is a key and then Enter, timed from Enter (the typed value finished)
until its plan is drawn. Same box, back to back, before (beb3bbd: a key until its plan is
drawn) and after: until idle 120x40 1.72x/1.88x -> 1.23x/1.33x, 80x24 1.43x/1.53x ->
1.25x/1.44x; until drawn 120x40 1.96x/2.11x -> 1.75x/2.21x, 80x24 1.72x/1.85x ->
1.59x/1.83x (valid->valid / across). A typist waits the 0.4 s pause on top, by design.

    python benchmarks/bench_tui_typing.py
"""

from __future__ import annotations

import asyncio
import statistics
import time

from planner.tui.app import PlannerApp, make_app

REPEATS = 8


async def _settle(app: PlannerApp) -> None:
    """Until the plan and tab workers have finished and their messages are handled.

    A value still waiting for the typing pause (``MainScreen.typing_pause``) is planned first.
    """
    for _ in range(10):
        app.main.plan_typed()
        running = [w for w in app.workers if w.group in ("plan", "tab") and not w.is_finished]
        if not running:
            return
        await app.workers.wait_for_complete(running)
        await asyncio.sleep(0)


async def _median_ms(
    size: tuple[int, int], start: str, home: int, keys: list[str], drawn: bool = False
) -> float:
    """Median milliseconds from pressing each key until the app is idle again.

    With ``drawn``: until the plan the key asked for is drawn (its worker waited for).
    """
    app = make_app(animate=False)
    times = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#budget-input")
        field.focus()
        field.value = start  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("home", *["right"] * home)
        await pilot.pause()
        for key in keys * REPEATS:
            await _settle(app)  # the previous key's plan is drawn before the clock starts
            await pilot.pause()
            if drawn:  # typed, then Enter: the value is finished, its plan is drawn
                await pilot.press(key)  # waits for the typing pause: not timed
                t0 = time.perf_counter()
                await pilot.press("enter")
            else:
                t0 = time.perf_counter()
                await pilot.press(key)
            await pilot.pause()
            if drawn:
                await _settle(app)
                await pilot.pause()
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main() -> None:
    for size in ((120, 40), (80, 24)):
        ref = asyncio.run(_median_ms(size, "1e24", 2, ["right", "left"]))
        valid = asyncio.run(_median_ms(size, "1.5e24", 3, ["5", "backspace"]))
        across = asyncio.run(_median_ms(size, "1e24", 4, ["backspace", "4"]))
        valid_drawn = asyncio.run(_median_ms(size, "1.5e24", 3, ["5", "backspace"], drawn=True))
        across_drawn = asyncio.run(_median_ms(size, "1e24", 4, ["backspace", "4"], drawn=True))
        print(
            f"{size[0]}x{size[1]}: cursor key {ref:5.0f} ms (reference) | key until idle: "
            f"valid->valid {valid:5.0f} ms ({valid / ref:.2f}x), "
            f"across valid/invalid {across:5.0f} ms ({across / ref:.2f}x) | key until the "
            f"plan is drawn: valid->valid {valid_drawn:5.0f} ms ({valid_drawn / ref:.2f}x), "
            f"across {across_drawn:5.0f} ms ({across_drawn / ref:.2f}x)"
        )


if __name__ == "__main__":
    main()
