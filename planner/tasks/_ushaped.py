r"""Tasks whose score falls as models grow: U-shaped and inverse scaling.

Beside the two kinds of :mod:`planner.tasks._emergence` (``emergent``: at chance until a threshold,
``smooth``: improving steadily with scale) the literature knows a third behaviour. On the tasks
of the Inverse Scaling Prize (McKenzie et al. 2023, "Inverse Scaling: When Bigger Isn't Better",
TMLR, arXiv:2306.09479) the score *falls* as the model grows; Wei, Kim, Tay and Le (2023,
"Inverse Scaling Can Become U-Shaped", EMNLP, arXiv:2211.02011) evaluated PaLM up to 540B
parameters, five times the Prize's largest compute, and found six of the eleven tasks
**U-shaped** (the score falls up to a certain size, then rises again up to the largest model
evaluated) and four still **inverse** (falling up to the largest model evaluated). Their
explanation: such a task hides an easy *distractor task* next to the true task; mid-sized
models do the distractor, and only large enough models ignore it. 1-shot examples and chain of
thought mitigate the fall further.

Two kinds follow, each assessed against a plan's training compute on the FLOPs scale of Wei et
al. 2022 Table 1 (``presets/tasks/wei2022.toml``; the same caveat: FLOPs of particular models,
not of compute-optimal runs):

* ``u_shaped``: the task carries the compute through which the papers measured the score
  falling (``falls_through_flops``) and the least compute at which they measured it recovered
  (``recovered_flops``). A plan is ``before_dip`` (below ``falls_from_flops``, where published),
  ``in_dip`` (up to the recovery: the turn lies somewhere between the last measured fall and
  the first measured recovery; no model between them was evaluated), or ``past_recovery``.
* ``inverse``: the score was still falling at the largest model measured. A plan up to that
  compute is ``inverse`` (smaller models measured scored better; ``before_dip`` below
  ``falls_from_flops``, where a source shows the score rising first); past it, ``beyond_measured``:
  nothing past the largest model is known, neither a further fall nor a recovery.

This module is the data model of those tasks' ``shape`` table and its assessment; it imports no
other part of the planner than the model base, so :mod:`planner.planning._records` can use its
types.
"""

from itertools import pairwise
from typing import Annotated, Literal

from planner.data._frozen import Frozen, Ge, Le, MinLen, PositiveFloat

__all__ = [
    "SHAPE_KINDS",
    "MeasuredScore",
    "ScoreChange",
    "ShapeAssessment",
    "ShapePoint",
    "ShapePosition",
    "TaskShape",
    "assess_shape",
    "score_changes",
    "shape_fields",
    "shape_line",
    "shape_where",
    "validate_shape",
]

SHAPE_KINDS = ("u_shaped", "inverse")
"""The task kinds whose score falls with scale over some measured range."""

ShapePosition = Literal["before_dip", "in_dip", "past_recovery", "inverse", "beyond_measured"]


class ShapePoint(Frozen):
    """One model a paper measured on the task, and which way the score moved to reach it."""

    model: str
    """The model, e.g. "PaLM 540B"."""
    params: PositiveFloat | None = None
    flops: PositiveFloat
    """Its training FLOPs, on the scale of Wei et al. 2022 Table 1."""
    flops_source: str
    change: Literal["down", "up"]
    """The score at this model against ``change_from``: lower (down) or higher (up)."""
    change_from: str
    """The next smaller model(s) the paper measured."""
    score: Annotated[float, Ge(0), Le(1)] | None = None
    """The score, where the paper prints it (not where it can only be read off a plot)."""
    source: str
    """Where the direction (and the score) is stated: paper, version, section, table or figure."""


class MeasuredScore(Frozen):
    """The score one model of one family was measured at, as its source prints it."""

    model: str
    """The model, e.g. "OPT-13B"."""
    params: PositiveFloat | None = None
    flops: PositiveFloat
    """Its training FLOPs (the source of the task's FLOPs scale is ``flops_source``)."""
    flops_source: str
    score: Annotated[float, Ge(0), Le(1)]
    """The score (a fraction: 0.27 for 27%), as printed, not read off a plot."""
    source: str
    """Where the score is printed (page, table or file, with its commit or date)."""


class ScoreChange(Frozen):
    """The score between two consecutive sizes of a task's ``measured`` table."""

    from_model: str
    to_model: str
    from_flops: float
    to_flops: float
    change: Literal["down", "up", "flat"]
    delta: float
    """Score at ``to_model`` minus score at ``from_model`` (a fraction)."""


class TaskShape(Frozen):
    """How a ``u_shaped`` or ``inverse`` task's score moves with training compute."""

    source: str
    falls_through_flops: PositiveFloat
    """The largest compute at which the papers measured the score still falling."""
    falls_through_source: str
    falls_from_flops: PositiveFloat | None = None
    """Where the fall begins, if a paper says so (below it a plan is before the dip)."""
    recovered_flops: PositiveFloat | None = None
    """The least compute at which the score was measured rising again (``u_shaped`` only)."""
    recovered_source: str | None = None
    bottom: str | None = None
    """The model at the measured bottom, if a paper names it."""
    point: Annotated[tuple[ShapePoint, ...], MinLen(1)]
    prompting_effect: str
    """What 1-shot examples or chain of thought change, as the papers report it."""
    caveat: str | None = None
    missing: str | None = None
    """What the papers report that this file leaves out, and why (e.g. scores only on a plot)."""
    unread_larger: str | None = None
    """Larger models the source evaluated whose scores could not be read (e.g. "OPT-30B and
    OPT-66B"): past the largest model given, their direction is unknown here."""
    measured: tuple[MeasuredScore, ...] = ()
    """The printed score at each size of one model family, in increasing compute, where a
    source prints them; the ``point`` directions must agree with them."""

    def _validate(self) -> None:
        _check_measured(self)
        if self.falls_from_flops is not None and self.falls_from_flops >= self.falls_through_flops:
            raise ValueError("need falls_from_flops < falls_through_flops")
        if self.recovered_flops is not None:
            if self.recovered_flops <= self.falls_through_flops:
                raise ValueError("need recovered_flops > falls_through_flops")
            if not self.recovered_source:
                raise ValueError("recovered_source is required with recovered_flops")
        if self.largest_flops < max(self.falls_through_flops, self.recovered_flops or 0.0):
            raise ValueError("the measured points must reach falls_through_flops/recovered_flops")

    @property
    def largest_flops(self) -> float:
        """The largest compute of any model measured on the task."""
        return max(p.flops for p in self.point)


def _check_measured(shape: TaskShape) -> None:
    """The measured sizes rise in compute; every point agrees with the measured scores."""
    rows = shape.measured
    if any(b.flops <= a.flops for a, b in pairwise(rows)):
        raise ValueError("shape.measured must be in increasing flops")
    scores = {m.model: m for m in rows}
    if len(scores) != len(rows):
        raise ValueError("shape.measured names a model twice")
    for p in shape.point:
        m, prev = scores.get(p.model), scores.get(p.change_from)
        if m is None:
            continue
        if p.flops != m.flops:
            raise ValueError(f"point {p.model}: flops {p.flops:g} differ from measured {m.flops:g}")
        if p.score is not None and p.score != m.score:
            raise ValueError(f"point {p.model}: score {p.score} differs from measured {m.score}")
        if prev is not None and (m.score < prev.score) != (p.change == "down"):
            raise ValueError(
                f"point {p.model}: change {p.change!r} contradicts the measured scores "
                f"({prev.model} {prev.score:g} -> {p.model} {m.score:g})"
            )


def score_changes(shape: TaskShape) -> tuple[ScoreChange, ...]:
    r"""Which way the score moved between consecutive measured sizes, and by how much.

    :math:`\Delta_i = s_{i+1} - s_i` for the sizes of ``shape.measured`` in increasing compute;
    the change is ``down`` if :math:`\Delta_i < 0`, ``up`` if :math:`\Delta_i > 0`, else
    ``flat``. Source: the printed scores the task file cites; nothing is interpolated.

    Parameters
    ----------
    shape : TaskShape
        A task's shape.

    Returns
    -------
    tuple of ScoreChange
        Empty when the shape has fewer than two measured sizes.

    Examples
    --------
    >>> from planner.tasks._ushaped import MeasuredScore, ShapePoint, TaskShape, score_changes
    >>> m = [MeasuredScore(model=n, flops=f, flops_source="s", score=s, source="s")
    ...      for n, f, s in (("A", 1e20, 0.5), ("B", 1e21, 0.4))]
    >>> pt = ShapePoint(model="B", flops=1e21, flops_source="s", change="down",
    ...                 change_from="A", source="s")
    >>> shape = TaskShape(source="s", falls_through_flops=1e21, falls_through_source="s",
    ...                   point=(pt,), prompting_effect="p", measured=tuple(m))
    >>> [(c.change, round(c.delta, 2)) for c in score_changes(shape)]
    [('down', -0.1)]
    """
    out = []
    for a, b in pairwise(shape.measured):
        delta = b.score - a.score
        change: Literal["down", "up", "flat"] = "flat"
        if delta != 0:
            change = "down" if delta < 0 else "up"
        out.append(
            ScoreChange(
                from_model=a.model,
                to_model=b.model,
                from_flops=a.flops,
                to_flops=b.flops,
                change=change,
                delta=delta,
            )
        )
    return tuple(out)


def validate_shape(kind: str, shape: TaskShape | None) -> None:
    """Check that a task's ``shape`` fits its ``kind``.

    Parameters
    ----------
    kind : str
        The task's kind.
    shape : TaskShape or None
        The task's ``shape`` table.

    Returns
    -------
    None
        Returns only when the shape fits the kind.

    Raises
    ------
    ValueError
        A ``u_shaped`` or ``inverse`` task without a shape, a shape on another kind, a
        ``u_shaped`` task without ``recovered_flops``, or an ``inverse`` one with it, or whose
        score was measured rising at its largest model.
    """
    if kind not in SHAPE_KINDS:
        if shape is not None:
            raise ValueError(f"shape is only for kinds {' and '.join(SHAPE_KINDS)}, not {kind}")
        return
    if shape is None:
        raise ValueError(f"a {kind} task needs a shape table")
    if kind == "u_shaped" and shape.recovered_flops is None:
        raise ValueError("a u_shaped task needs shape.recovered_flops")
    if kind == "inverse":
        if shape.recovered_flops is not None:
            raise ValueError("an inverse task has no recovery: drop shape.recovered_flops")
        last = max(shape.point, key=lambda p: p.flops)
        if last.change != "down":
            raise ValueError(f"an inverse task must still fall at its largest model ({last.model})")


class ShapeAssessment(Frozen):
    """Where a plan's compute sits on a ``u_shaped`` or ``inverse`` task's measured curve."""

    position: ShapePosition
    dip: tuple[float | None, float]
    """The measured fall: (where it begins, if published; the last compute measured falling)."""
    recovered_flops: float | None
    """The least compute measured past the recovery (``u_shaped``)."""
    largest_flops: float
    """The largest compute measured on the task: nothing past it is known."""
    prompting: str
    text: str
    """One line: where the plan sits, the measured range, and what is unknown."""


def _f(x: float) -> str:
    from planner.units import format_flops

    return format_flops(x)


def _measured_range(rows: tuple[MeasuredScore, ...]) -> str:
    """``scores measured: 50.5% (OPT-125M) to 27.0% (OPT-13B)``, with the lowest if between."""
    first, last = rows[0], rows[-1]
    low = min(rows, key=lambda m: m.score)
    text = f"scores measured: {first.score:.1%} ({first.model}) to {last.score:.1%} ({last.model})"
    if low is not first and low is not last:
        text += f", lowest {low.score:.1%} ({low.model})"
    return text


def assess_shape(kind: str, shape: TaskShape, compute_flops: float) -> ShapeAssessment:
    r"""Place a plan's training compute on a U-shaped or inverse task's measured curve.

    With :math:`C` the plan's compute, :math:`C_0` the published start of the fall (if any),
    :math:`C_f` the last compute measured falling, :math:`C_r` the first measured past the
    recovery and :math:`C_{max}` the largest measured:

    * ``u_shaped``: ``before_dip`` if :math:`C < C_0`; ``in_dip`` if :math:`C < C_r` (between
      :math:`C_f` and :math:`C_r` the turn is somewhere, not measured); else ``past_recovery``;
    * ``inverse``: ``before_dip`` if :math:`C < C_0`; ``inverse`` if :math:`C \le C_{max}`;
      else ``beyond_measured``.

    Source: the measured ranges of Wei, Kim, Tay & Le 2023 (arXiv:2211.02011) and McKenzie et
    al. 2023 (arXiv:2306.09479) as each task file cites them; no curve is fitted or extrapolated.

    Parameters
    ----------
    kind : {"u_shaped", "inverse"}
        The task's kind.
    shape : TaskShape
        The task's measured shape.
    compute_flops : float
        The plan's training compute, on the FLOPs scale of Wei et al. 2022 Table 1.

    Returns
    -------
    ShapeAssessment

    Raises
    ------
    ValueError
        A kind other than ``u_shaped`` or ``inverse``, or a shape that does not fit it.

    Examples
    --------
    >>> from planner.tasks._ushaped import ShapePoint, TaskShape, assess_shape
    >>> pt = ShapePoint(model="B", flops=1e24, flops_source="s", change="up",
    ...                 change_from="A", source="s")
    >>> shape = TaskShape(source="s", falls_through_flops=1e23, falls_through_source="s",
    ...                   recovered_flops=1e24, recovered_source="s", point=(pt,),
    ...                   prompting_effect="none reported")
    >>> [assess_shape("u_shaped", shape, c).position for c in (1e22, 5e23, 2e24)]
    ['in_dip', 'in_dip', 'past_recovery']
    """
    validate_shape(kind, shape)
    c = compute_flops
    lo, hi, rec = shape.falls_from_flops, shape.falls_through_flops, shape.recovered_flops
    largest = shape.largest_flops
    bottom = f" (lowest measured: {shape.bottom})" if shape.bottom else ""
    position: ShapePosition
    if kind == "inverse":
        if lo is not None and c < lo:
            position = "before_dip"
            text = (
                f"before the fall: the score was measured falling from {_f(lo)} through "
                f"{_f(largest)} FLOPs, the largest model measured"
            )
        elif c <= largest:
            position = "inverse"
            text = (
                f"inverse: smaller models scored better; the score was measured falling up to "
                f"{_f(largest)} FLOPs, the largest model measured"
            )
        elif shape.unread_larger:
            position = "beyond_measured"
            text = (
                f"beyond the largest model given ({_f(largest)} FLOPs), where the score was still "
                f"falling: {shape.unread_larger} were evaluated but their scores were not read, "
                "and nothing else past it is known"
            )
        else:
            position = "beyond_measured"
            text = (
                f"beyond the largest model measured ({_f(largest)} FLOPs), where the score was "
                "still falling: nothing past it is known, neither a further fall nor a recovery"
            )
    else:
        assert rec is not None  # validate_shape
        start = f"from {_f(lo)}" if lo is not None else "from the smallest models measured"
        measured = f"falls {start} through {_f(hi)} FLOPs{bottom}, recovered by {_f(rec)}"
        if lo is not None and c < lo:
            position = "before_dip"
            text = f"before the dip: the score {measured}"
        elif c <= hi:
            position = "in_dip"
            text = f"in the dip: the score {measured}"
        elif c < rec:
            position = "in_dip"
            text = (
                f"in the dip, past the last measured fall ({_f(hi)}) and short of the measured "
                f"recovery ({_f(rec)}): where the score turns between them was not measured"
            )
        else:
            position = "past_recovery"
            text = f"past the recovery: the score {measured}"
            if c > largest:
                text += f"; nothing is measured past {_f(largest)}"
    smallest = min([p.flops for p in shape.point] + [m.flops for m in shape.measured])
    if c < smallest and position in ("in_dip", "inverse"):
        text += f"; the task file gives no model below {_f(smallest)}"
    if shape.measured:
        text += f"; {_measured_range(shape.measured)}"
    return ShapeAssessment(
        position=position,
        dip=(lo, hi),
        recovered_flops=rec,
        largest_flops=largest,
        prompting=shape.prompting_effect,
        text=text,
    )


def shape_where(kind: str, shape: TaskShape) -> str:
    """The measured range in a few words, for ``planner tasks``.

    Parameters
    ----------
    kind : str
        ``u_shaped`` or ``inverse``.
    shape : TaskShape
        The task's shape.

    Returns
    -------
    str
        E.g. ``falls to 5e+23, recovered 2.5e+24`` or ``falls to 2.5e+24 (largest measured)``.
    """
    if kind == "inverse" or shape.recovered_flops is None:
        largest = "largest given" if shape.unread_larger else "largest measured"
        return f"falls to {_f(shape.largest_flops)} FLOPs ({largest})"
    return f"falls to {_f(shape.falls_through_flops)}, recovered {_f(shape.recovered_flops)} FLOPs"


def shape_line(task: str, assessment: ShapeAssessment) -> str:
    """One task's assessment as a line of text (plan text, TUI notes, metric view).

    Parameters
    ----------
    task : str
        The task id.
    assessment : ShapeAssessment
        From :func:`assess_shape`.

    Returns
    -------
    str
    """
    return f"  {task}: {assessment.text}"


def shape_fields(kind: str, shape: TaskShape, compute_flops: float) -> dict[str, object]:
    """The capabilities-row fields of a U-shaped or inverse task (planner.tasks._emergence).

    Parameters
    ----------
    kind : str
        ``u_shaped`` or ``inverse``.
    shape : TaskShape
        The task's shape.
    compute_flops : float
        The plan's training compute.

    Returns
    -------
    dict
        ``view`` ("shape"), ``status`` (the position), ``shape`` (the assessment) and ``note``.
    """
    a = assess_shape(kind, shape, compute_flops)
    return {"view": "shape", "status": a.position, "shape": a, "note": a.text}
