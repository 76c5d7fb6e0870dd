"""Physical constants of compute accounting, and parsing/formatting of large quantities.

Only the standard library and numpy are imported here.
"""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from planner.defaults import BudgetUnit
    from planner.errors import InputError

__all__ = [
    "BUDGET_FORMS",
    "FLOPS_PER_PARAM_TOKEN",
    "INFERENCE_FLOPS_PER_PARAM_TOKEN",
    "NUMBER_GRAMMAR",
    "PF_DAY_FLOPS",
    "SECONDS_PER_HOUR",
    "StatedBudget",
    "format_budget",
    "format_count",
    "format_days",
    "format_dollars",
    "format_flops",
    "format_gpu_hours",
    "parse_budget",
    "parse_budget_text",
    "parse_quantity",
    "parse_whole",
]

FLOPS_PER_PARAM_TOKEN = 6.0
"""Training FLOPs per parameter per token, C ≈ 6ND (Kaplan et al. 2020 §2.1; Hoffmann et al.
2022 Eq. 4 and App. F)."""

INFERENCE_FLOPS_PER_PARAM_TOKEN = 2.0
"""Inference FLOPs per parameter per token, 2N (Sardana et al. 2024, ``FLOPMode.INFERENCE``)."""

PF_DAY_FLOPS = 1e15 * 24 * 3600
"""One petaflop/s-day = 8.64e19 FLOPs (Kaplan et al. 2020 §1.3)."""

SECONDS_PER_HOUR = 3600.0

_SUFFIXES = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "P": 1e15}
"""Magnitude suffixes: thousand, million, billion, trillion, quadrillion (``70B``, ``1.4T``)."""

_DIGITS = r"[0-9]+(?:_[0-9]+)*"
_MANTISSA = rf"(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})"
_PLAIN = frozenset("0123456789.eE+-")
"""The characters of a number without suffix or underscore (``1e24``, ``-0.5``, ``5.76E+23``)."""


@functools.cache
def _number() -> re.Pattern[str]:
    """The grammar's regex, compiled on first use (0.45 ms a start-up that needs none)."""
    return re.compile(
        rf"(?P<sign>[+-]?)(?P<mantissa>{_MANTISSA})"
        rf"(?:(?P<exponent>[eE][+-]?{_DIGITS})|[ ]?(?P<suffix>[KMBTP]))?",
        re.ASCII,
    )


def _plain_float(body: str) -> float | None:
    """``body`` as a float if it is in the grammar without a suffix or an underscore, else None.

    On the characters of :data:`_PLAIN`, Python's ``float()`` reads exactly the grammar: an
    optional sign, digits with at most one decimal point (``5.``, ``.5``), an optional exponent
    with digits (Python Language Reference, "Floating-point literals"; ``float()``'s words
    ``inf`` and ``nan`` need letters outside them). So the common number needs no regex.
    """
    if body and _PLAIN.issuperset(body):
        try:
            return float(body)
        except ValueError:
            return None
    return None


def _is_number(body: str) -> bool:
    """Whether ``body`` (stripped) is in the number grammar."""
    return _plain_float(body) is not None or _number().fullmatch(body) is not None


NUMBER_GRAMMAR = (
    "a number is ASCII digits with an optional sign, decimal point and exponent (1e24, "
    "5.76e23, 0.4), or digits with one suffix K, M, B, T or P (70B = 7e10, 1.4T); a suffix "
    "never follows an exponent; an underscore may stand between two digits (1_000_000)"
)
"""The one grammar of quantities, for the CLI, the TUI, CSV files and the library."""

_SHOWN = 60


def _shown(text: str) -> str:
    text_repr = repr(text)
    if len(text_repr) <= _SHOWN:
        return text_repr
    return f"{text_repr[: _SHOWN - 4]}'... ({len(text)} characters)"


def _grammar_error(text: str) -> str:
    """Why ``text`` is not a number, in words (the common mistakes named)."""
    body = text.strip(" \t\r\n")
    if not body:
        return "empty"
    if not body.isascii():
        return "use ASCII digits and letters only"
    if re.fullmatch(rf"[+-]?{_MANTISSA}[eE][+-]?{_DIGITS}[ ]?[A-Za-z]+", body, re.ASCII):
        return "a suffix cannot follow an exponent (write 1e24 or 1T, not 1e24T)"
    if re.fullmatch(rf"[+-]?{_MANTISSA}[eE][+-]?", body, re.ASCII):
        return "unfinished exponent (E is no suffix: write 2e18)"
    if re.fullmatch(rf"[+-]?{_MANTISSA}[ ]?[a-z]", body, re.ASCII):
        return "suffixes are upper case: K, M, B, T, P"
    if re.fullmatch(rf"[+-]?{_MANTISSA}[ ]?[A-Za-z]+", body, re.ASCII):
        return "unknown suffix (use K, M, B, T or P)"
    if "_" in body:
        return "an underscore may only stand between two digits"
    return "write e.g. 1e24, 5.76e23, 70B or 1.4T"


_UNIT_WORDS: dict[BudgetUnit, tuple[str, ...]] = {
    "flops": ("flop", "flops", "flop/s"),
    "pf-days": ("pf-day", "pf-days", "pfday", "pfdays", "pf day", "pf days", "petaflop-days",
                "petaflop-day", "pfs-day", "pfs-days"),
    "gpu-hours": ("gpu-hour", "gpu-hours", "gpu-h", "gpuh", "gpu hour", "gpu hours", "gpu-hrs"),
    "dollars": ("$", "usd", "dollar", "dollars"),
}  # fmt: skip
"""Unit words a budget may carry (any case), by the unit they name."""


def parse_budget(text: str | float | int, unit: BudgetUnit = "flops") -> tuple[float, BudgetUnit]:
    """A budget as typed: a number with an optional unit, which then overrides ``unit``.

    ``1e24``, ``1e24 FLOPs``, ``5 PF-days``, ``702K GPU-hours``, ``$2M``, ``2M USD``. In FLOPs, a
    bare count with a magnitude suffix (``70B``) is refused: it reads as a parameter or token
    count, and 7e10 FLOPs is no training budget; write ``70e9`` or ``70B FLOPs`` to insist.

    Parameters
    ----------
    text : str, float or int
        The budget.
    unit : str
        The unit when the text names none (one of :data:`planner.defaults.BUDGET_UNITS`).

    Returns
    -------
    value : float
        Finite (range checks are the planner's).
    unit : str
        The text's unit, else ``unit``.

    Raises
    ------
    InputError
        Text outside the grammar or an unknown unit word, naming ``budget``.

    Examples
    --------
    >>> parse_budget("$2M"), parse_budget("5 PF-days"), parse_budget("1e24 FLOPs")
    ((2000000.0, 'dollars'), (5.0, 'pf-days'), (1e+24, 'flops'))
    """
    from planner.errors import InputError

    if not isinstance(text, str):
        return parse_quantity(text, name="budget"), unit
    body = text.strip()
    if len(body) > 100:  # no budget is that long: the number grammar's error, shortened
        return parse_quantity(text, name="budget"), unit
    dollar = body.startswith("$")
    body = body.removeprefix("$").strip()
    names: dict[str, BudgetUnit] = {w: u for u, words in _UNIT_WORDS.items() for w in words}
    # the longest number followed by nothing or a unit word ("5 PF-days" is 5 in PF-days, not
    # 5P followed by "F-days")
    for cut in range(len(body), 0, -1):
        rest = body[cut:].strip().lower().removesuffix(".")
        if rest and rest not in names:
            continue
        if _is_number(body[:cut].strip()):
            number, words = body[:cut].strip(), rest
            break
    else:
        tail = body.lstrip("0123456789.+-_eE ")
        if tail and _is_number(body[: len(body) - len(tail)].strip()):
            known = "FLOPs, PF-days, GPU-hours, $ or USD"
            raise InputError(f"budget: unknown unit {_shown(tail)} (use {known})")
        return parse_quantity(text, name="budget"), unit  # raises, naming the grammar
    said: BudgetUnit | None = "dollars" if dollar else None
    if words:
        if said and names[words] != said:
            raise InputError(f"budget: {_shown(text)} names two units")
        said = names[words]
    value = parse_quantity(number, name="budget")
    resolved = said or unit
    if said is None and resolved == "flops" and number[-1:] in _SUFFIXES:
        raise InputError(
            f"budget: {_shown(text)} reads as a parameter or token count, not a compute budget "
            "(a budget in FLOPs is e.g. 1e24; write 70e9 or '70B FLOPs' to insist)"
        )
    return value, resolved


BUDGET_FORMS = (
    "1e24 (FLOPs)",
    "1e24 FLOPs",
    "5 PF-days",
    "702K GPU-hours",
    "$2M",
    "2M USD",
    "512 x 30 days",
    "512 H100 x 30d",
    "512 H100s for 30 days",
    "512 GPUs * 30 days",
    "64 MI300X x 2 weeks",
    "1M H100-hours",
    "1e6 GPU-hours",
    "$5M at $2/h",
    "$5M at $2.5/GPU-hour",
)
"""Budgets as people state them, one of each form :func:`parse_budget_text` reads."""

_HOUR_WORDS = ("h", "hr", "hrs", "hour", "hours")
_TIME_WORDS: dict[str, float] = {
    **dict.fromkeys(("d", "day", "days"), 1.0),
    **dict.fromkeys(_HOUR_WORDS, 1 / 24),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7.0),
}
"""Durations in days per unit word (a week is 7 days; months are ambiguous and refused)."""

_COUNT_WORDS = ("gpu", "gpus", "chip", "chips", "accelerator", "accelerators")
"""Words after a GPU count that name no accelerator (``512 GPUs x 30 days``)."""


@functools.cache
def _token_re() -> re.Pattern[str]:
    """The tokens of a stated budget, compiled on first use (0.4 ms a bare ``1e24`` never needs)."""
    return re.compile(
        rf"\s*(?:(?P<num>[+-]?{_MANTISSA}(?:[eE][+-]?{_DIGITS}|[ ]?[KMBTP](?![A-Za-z0-9]))?)"
        r"|(?P<sep>[xX](?=[0-9.])|[×*])"
        r"|(?P<word>[A-Za-z](?:(?![xX][0-9.])[A-Za-z0-9]|-(?=[A-Za-z0-9]))*)"
        r"|(?P<sym>[$/@]))",
        re.ASCII,
    )


class StatedBudget(NamedTuple):
    """A budget as it was stated: an amount in a unit, and what else the text named.

    ``512 H100 x 30 days`` is 368,640 GPU-hours on 512 ``h100`` for 30 days; ``$5M at $2/h``
    is 5e6 dollars at 2 dollars per GPU-hour. The accelerator is the name as typed (lower
    case); the catalogue resolves it (:func:`planner.planning.read_budget`).
    """

    value: float
    """The amount, in ``unit``."""
    unit: BudgetUnit
    """``flops``, ``pf-days``, ``gpu-hours`` or ``dollars``."""
    accelerator: str | None = None
    """The accelerator the text names (``h100``), or None."""
    n_gpus: int | None = None
    """The GPU count of ``GPUS x DAYS``, or None."""
    days: float | None = None
    """The days of ``GPUS x DAYS`` (hours and weeks converted), or None."""
    price_per_gpu_hour: float | None = None
    """The price of ``$AMOUNT at $PRICE/h``, or None."""


def _num_text(x: float) -> str:
    """The shortest text that reads back as ``x`` exactly (``1e24``, ``368640``, ``2.5``)."""
    text = repr(float(x)).replace("e+", "e")
    return text.removesuffix(".0") if "e" not in text else text.replace(".0e", "e")


def format_budget(stated: StatedBudget) -> str:
    """The text :func:`parse_budget_text` reads back as ``stated``.

    Parameters
    ----------
    stated : StatedBudget

    Returns
    -------
    str
        ``512 h100 x 30 days``, ``1e+06 GPU-hours`` style; every number exact.

    Examples
    --------
    >>> format_budget(parse_budget_text("512 H100 x 30d"))
    '512 h100 x 30 days'
    >>> format_budget(parse_budget_text("$5M at $2/h"))
    '$5000000 at $2/GPU-hour'
    """
    gpu = stated.accelerator or "GPU"
    if stated.n_gpus is not None and stated.days is not None:
        return f"{stated.n_gpus} {stated.accelerator or 'GPUs'} x {_num_text(stated.days)} days"
    if stated.unit == "dollars":
        price = stated.price_per_gpu_hour
        at = "" if price is None else f" at ${_num_text(price)}/{gpu}-hour"
        return f"${_num_text(stated.value)}{at}"
    label = {"flops": "FLOPs", "pf-days": "PF-days", "gpu-hours": f"{gpu}-hours"}[stated.unit]
    return f"{_num_text(stated.value)} {label}"


def _tokens(text: str) -> list[tuple[str, str, int]] | None:
    """``text`` as (kind, text, start) tokens: num, sep (x × * for), at (at @), word, $, /."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    body = text.rstrip()
    token = _token_re()
    while pos < len(body):
        match = token.match(body, pos)
        if match is None or match.end() == pos:
            return None
        kind = match.lastgroup or ""
        value = match[kind]
        start = match.start(kind)
        word = value.lower()
        if kind == "word" and word in ("x", "for"):
            kind = "sep"
        elif kind == "word" and word in ("at", "per", "on"):
            kind = word
        elif kind == "sym":
            kind = {"$": "$", "/": "/", "@": "at"}[value]
        out.append((kind, value, start))
        pos = match.end()
    return out


def _stated_error(text: str, why: str) -> InputError:
    from planner.errors import InputError

    return InputError(f"budget: {_shown(text)}: {why}")


_Tokens = list[tuple[str, str, int]]


def _gpu_time(text: str, left: _Tokens, right: _Tokens, sep: str) -> StatedBudget:
    """``COUNT [ACCELERATOR] [GPUs] x DURATION``."""
    example = "e.g. 512 H100 x 30 days"
    if not right:
        raise _stated_error(text, f"the duration is missing after {sep!r} ({example})")
    if right[0][0] != "num":
        why = f"the duration after {sep!r} must start with a number ({example})"
        raise _stated_error(text, why)
    words = [w.lower() for _, w, _ in right[1:]]
    if not words:
        why = f"{right[0][1]} what? give the duration a unit: days, hours or weeks ({example})"
        raise _stated_error(text, why)
    if len(words) > 1 or words[0] not in _TIME_WORDS:
        unit = " ".join(w for _, w, _ in right[1:])
        why = f"unknown time unit {unit!r} (use days, hours or weeks; {example})"
        raise _stated_error(text, why)
    days = parse_quantity(right[0][1], name="budget") * _TIME_WORDS[words[0]]
    if not (math.isfinite(days) and days > 0):
        raise _stated_error(text, f"the duration must be > 0, got {right[0][1]} {right[1][1]}")
    if not left or left[0][0] != "num":
        raise _stated_error(text, f"the GPU count is missing before {sep!r} ({example})")
    count = parse_quantity(left[0][1], name="budget")
    if count != math.floor(count) or not 1 <= count <= 2**53:
        why = f"the GPU count must be a whole number >= 1, got {left[0][1]!r}"
        raise _stated_error(text, why)
    rest = left[1:]
    if rest and rest[0][0] == "sep":  # 512 x H100 x 30 days
        rest = rest[1:]
    if any(kind != "word" for kind, _, _ in rest):
        raise _stated_error(text, f"expected GPUs, an accelerator and a duration ({example})")
    names = [w.lower() for _, w, _ in rest]
    if names and names[-1] in _COUNT_WORDS:
        names = names[:-1]
    gpus = int(count)
    return StatedBudget(
        value=gpus * days * 24,
        unit="gpu-hours",
        accelerator="-".join(names) or None,
        n_gpus=gpus,
        days=days,
    )


def _hour_name(words: list[str]) -> tuple[bool, str | None]:
    """``h100-hours``, ``h100 gpu-hours``, ``gpu-hour``: (is GPU time, the accelerator)."""
    joined = "-".join(w.lower() for w in words)
    for hour in ("hours", "hour", "hrs", "hr", "h"):
        if joined == hour:
            return True, None
        if joined.endswith("-" + hour):
            name = joined[: -len(hour) - 1].removesuffix("-gpu")
            return True, None if name in ("gpu", "") else name
    for gpu_hour in ("gpuh", "gpu-h"):
        if joined == gpu_hour:
            return True, None
    return False, None


def _dollars_at(text: str, left: str, right: list[tuple[str, str, int]]) -> StatedBudget:
    """``$AMOUNT at $PRICE[/GPU-hour]``."""
    example = "e.g. $5M at $2/h"
    if not left.strip():
        raise _stated_error(text, f"the amount is missing before 'at' ({example})")
    value, unit = parse_budget(left, "dollars")
    if unit != "dollars":
        raise _stated_error(text, f"a price goes with a budget in dollars, not {unit} ({example})")
    rest = right[1:] if right and right[0][0] == "$" else right
    if not rest or rest[0][0] != "num":
        raise _stated_error(text, f"the price is missing after 'at' ({example})")
    price_text = rest[0][1]
    price = parse_quantity(price_text, name="budget")
    rest = rest[1:]
    if rest and rest[0][0] == "word" and rest[0][1].lower() in ("usd", "dollars", "dollar"):
        rest = rest[1:]
    accelerator = None
    if rest:
        if rest[0][0] not in ("/", "per") or len(rest) < 2:
            raise _stated_error(text, f"the price is per GPU-hour ({example} or $2/GPU-hour)")
        words = [w for kind, w, _ in rest[1:] if kind != "/"]
        if any(kind not in ("word", "/") for kind, _, _ in rest[1:]):
            raise _stated_error(text, f"the price is per GPU-hour ({example} or $2/GPU-hour)")
        ok, accelerator = _hour_name(words)
        if not ok:
            why = f"the price is per GPU-hour, not per {' '.join(words)!r} ({example})"
            raise _stated_error(text, why)
    if not (math.isfinite(price) and price > 0):
        raise _stated_error(text, f"the price must be > 0, got {price_text!r}")
    return StatedBudget(value, "dollars", accelerator=accelerator, price_per_gpu_hour=price)


def parse_budget_text(text: str | float | int, unit: BudgetUnit = "flops") -> StatedBudget:
    r"""A budget as people state it: an amount, GPUs for a time, or dollars at a price.

    Every form of :func:`parse_budget` (``1e24``, ``5 PF-days``, ``702K GPU-hours``, ``$2M``),
    and (any case, with or without spaces; ``x``, ``×``, ``*`` or ``for``):

    - GPUs for a time, ``512 x 30 days``, ``512 H100 x 30d``, ``512 H100s for 30 days``,
      ``512 GPUs * 2 weeks``: :math:`\text{GPU-hours} = \text{GPUs} \times \text{days}
      \times 24`, with the GPU count and the days;
    - GPU time on a named accelerator, ``1M H100-hours``, ``1M H100 GPU-hours``;
    - dollars at a price, ``$5M at $2/h``, ``$5M at $2.5/GPU-hour``.

    Parameters
    ----------
    text : str, float or int
        The budget.
    unit : str
        The unit when the text names none.

    Returns
    -------
    StatedBudget
        The amount, its unit, and the accelerator name, GPU count, days and price the text
        named (None where it named none).

    Raises
    ------
    InputError
        Text outside the grammar, in one line naming ``budget`` and what is missing.

    Examples
    --------
    >>> parse_budget_text("512 H100 x 30 days")
    StatedBudget(value=368640.0, unit='gpu-hours', accelerator='h100', n_gpus=512, days=30.0, price_per_gpu_hour=None)
    >>> parse_budget_text("$5M at $2/h")[:2], parse_budget_text("1M H100-hours")[:3]
    ((5000000.0, 'dollars'), (1000000.0, 'gpu-hours', 'h100'))
    >>> parse_budget_text("512 H100 x")
    Traceback (most recent call last):
    ...
    planner.errors.InputError: budget: '512 H100 x': the duration is missing after 'x' (e.g. 512 H100 x 30 days)
    """  # noqa: E501
    from planner.errors import InputError

    try:
        return StatedBudget(*parse_budget(text, unit))
    except InputError as exc:
        if not isinstance(text, str) or len(text.strip()) > 100:
            raise
        plain = exc
    body = text.strip().removesuffix(".")
    tokens = _tokens(body)
    if tokens is None:
        raise plain
    kinds = [kind for kind, _, _ in tokens]
    if "at" in kinds:
        at = kinds.index("at")
        return _dollars_at(text, body[: tokens[at][2]], tokens[at + 1 :])
    if "sep" in kinds:
        cut = len(kinds) - 1 - kinds[::-1].index("sep")
        return _gpu_time(text, tokens[:cut], tokens[cut + 1 :], tokens[cut][1].lower())
    if kinds and kinds[0] == "num" and len(kinds) > 1 and all(k == "word" for k in kinds[1:]):
        ok, accelerator = _hour_name([w for _, w, _ in tokens[1:]])
        if ok:
            value = parse_quantity(tokens[0][1], name="budget")
            return StatedBudget(value, "gpu-hours", accelerator=accelerator)
        word = tokens[-1][1]
        spaced = body[tokens[1][2] - 1].isspace()
        named = any(c.isdigit() for c in word) or word.lower() in _COUNT_WORDS
        if spaced and named:  # "512 H100", "512 GPUs": an accelerator, no time
            what = " ".join(w for _, w, _ in tokens[1:])
            hours = "GPU" if what.lower() in _COUNT_WORDS else what
            raise _stated_error(
                text,
                f"{what} for how long? (e.g. {tokens[0][1]} {what} x 30 days; GPU time is "
                f"{tokens[0][1]} {hours}-hours; units: FLOPs, PF-days, GPU-hours, $)",
            )
    raise plain


def parse_quantity(text: str | float | int, *, name: str = "value") -> float:
    """Parse ``"1e24"``, ``"5.76e23"``, ``"70B"``, ``"1.4T"`` or a number into a float.

    The grammar (:data:`NUMBER_GRAMMAR`) is the same for the command line, the TUI, CSV files
    and the library: ASCII digits, an optional sign, decimal point and exponent, or one suffix
    K = 1e3, M = 1e6, B = 1e9, T = 1e12, P = 1e15 (never after an exponent; ``E`` is not a
    suffix); an underscore may stand between two digits. The result is not range-checked
    (that is the caller's job), but it is always finite.

    Parameters
    ----------
    text : str or float or int
        The quantity. A ``bool`` is not a number.
    name : str
        The argument's name, used in the error message.

    Returns
    -------
    float
        The value.

    Raises
    ------
    InputError
        If the text does not follow the grammar, the number is not finite or does not fit in
        a float; the message names ``name`` and the (shortened) text.

    Examples
    --------
    >>> parse_quantity("70B")
    70000000000.0
    >>> parse_quantity("1.4T")
    1400000000000.0
    >>> parse_quantity("1_000")
    1000.0
    >>> parse_quantity(5.76e23)
    5.76e+23
    >>> parse_quantity("2E", name="budget")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    planner.errors.InputError: budget: not a number: '2E' (unfinished exponent ...)
    """
    if type(text) is float and math.isfinite(text):  # the common case, on every plan
        return text
    from planner.errors import InputError

    if isinstance(text, bool):
        raise InputError(f"{name}: expected a number, got {text!r}")
    if isinstance(text, int | float) or _is_numpy_number(text):
        try:
            value = float(text)
        except OverflowError as exc:
            raise InputError(f"{name}: too large for a float: {_shown(str(text))}") from exc
    elif isinstance(text, str):
        body = text.strip(" \t\r\n")
        plain = _plain_float(body)
        if plain is not None:
            value = plain
        else:
            match = _number().fullmatch(body)
            if match is None:
                raise InputError(f"{name}: not a number: {_shown(text)} ({_grammar_error(text)})")
            number = match["sign"] + match["mantissa"].replace("_", "")
            if match["exponent"]:
                number += match["exponent"].replace("_", "")
            value = float(number) * (_SUFFIXES[match["suffix"]] if match["suffix"] else 1.0)
    else:
        raise InputError(f"{name}: expected a number or text, got {type(text).__name__}")
    if not math.isfinite(value):
        raise InputError(f"{name}: must be a finite number, got {_shown(str(text))}")
    return value


def _is_numpy_number(value: object) -> bool:
    mod = type(value).__module__
    return (
        mod == "numpy"
        and hasattr(value, "dtype")
        and getattr(value, "ndim", 1) == 0
        and (getattr(getattr(value, "dtype", None), "kind", "") in "iuf")
    )


def parse_whole(
    text: str | float | int, *, name: str = "value", low: int = 0, high: int = 2**63 - 1
) -> int:
    """A whole number in ``[low, high]`` by the same grammar as :func:`parse_quantity`.

    Parameters
    ----------
    text : str, float or int
        The number, in the grammar of :data:`NUMBER_GRAMMAR`.
    name : str
        The field, for the error message.
    low, high : int
        Inclusive bounds.

    Returns
    -------
    int

    Raises
    ------
    InputError
        Not a whole number in range, naming the field and the value.

    Examples
    --------
    >>> parse_whole("2K", name="gpus")
    2000
    >>> parse_whole("-1", name="seed")
    Traceback (most recent call last):
    ...
    planner.errors.InputError: seed: must be a whole number from 0 to 9223372036854775807, got '-1'
    """
    from planner.errors import InputError

    value = parse_quantity(text, name=name)
    if value != math.floor(value) or not low <= value <= high:
        raise InputError(
            f"{name}: must be a whole number from {low} to {high}, got {_shown(str(text))}"
        )
    return int(value)


def format_count(x: float, digits: int = 3) -> str:
    """Format a parameter or token count in human units: ``70.2B``, ``1.40T``.

    Parameters
    ----------
    x : float
        A count.
    digits : int
        Significant figures.

    Returns
    -------
    str
        With a suffix K, M, B, T or P from 1e3 up; plain below.

    Examples
    --------
    >>> format_count(7.02e10)
    '70.2B'
    >>> format_count(1.4e12)
    '1.40T'
    >>> format_count(512)
    '512'
    """
    if not math.isfinite(x):
        return str(x)
    for scale, suffix in ((1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(x) >= scale * 0.9995:
            value = float(f"{x / scale:.{digits}g}")
            decimals = max(digits - 1 - math.floor(math.log10(abs(value))), 0)
            return f"{value:.{decimals}f}{suffix}"
    return f"{x:.{digits}g}"


def format_gpu_hours(hours: float) -> str:
    """GPU time in one readable style: ``702K GPU-h``, ``12.5 GPU-h``, ``3.0 GPU-min``.

    Parameters
    ----------
    hours : float
        GPU-hours.

    Returns
    -------
    str

    Examples
    --------
    >>> format_gpu_hours(7.02e5), format_gpu_hours(0.05), format_gpu_hours(2.5e-6)
    ('702K GPU-h', '3.00 GPU-min', '0.00900 GPU-s')
    """
    if hours >= 1 or hours == 0 or not math.isfinite(hours):
        return f"{format_count(hours)} GPU-h"
    if hours >= 1 / 60:  # below an hour: minutes, then seconds (under 60 each: no "150.")
        return f"{hours * 60:#.3g} GPU-min"
    return f"{hours * 3600:#.3g} GPU-s"


def format_days(days: float) -> str:
    """Wall-clock time: ``14.3 d`` from a day up, else ``5.2 h``, ``3.1 min`` or ``12 s``.

    Parameters
    ----------
    days : float

    Returns
    -------
    str

    Examples
    --------
    >>> format_days(14.27), format_days(0.2), format_days(1e-7)
    ('14.3 d', '4.8 h', '0.0086 s')
    """
    if days >= 1 or days == 0 or not math.isfinite(days):
        return f"{days:,.1f} d"
    hours = days * 24
    if hours >= 1:
        return f"{hours:.1f} h"
    if hours * 60 >= 1:
        return f"{hours * 60:.1f} min"
    return f"{hours * 3600:.2g} s"


def format_dollars(x: float) -> str:
    """Money: ``$1.75M``, ``$82.2K``, ``$512``, ``$0.52``.

    Parameters
    ----------
    x : float
        Dollars.

    Returns
    -------
    str

    Examples
    --------
    >>> format_dollars(1.75e6), format_dollars(512.4), format_dollars(0.5249)
    ('$1.75M', '$512', '$0.52')
    """
    if abs(x) >= 1000 or not math.isfinite(x):
        return f"${format_count(x)}"
    if abs(x) >= 10:
        return f"${x:.0f}"
    return f"${x:.2f}"


def format_flops(x: float) -> str:
    """Format a FLOP count in scientific notation, three significant figures: ``5.76e23``.

    Parameters
    ----------
    x : float
        FLOPs.

    Returns
    -------
    str
        Mantissa to two decimals and a bare exponent.

    Examples
    --------
    >>> format_flops(5.76e23)
    '5.76e23'
    >>> format_flops(1e21)
    '1.00e21'
    """
    if not math.isfinite(x) or x <= 0:
        return str(x)
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}"
