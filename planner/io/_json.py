"""The JSON every ``--json`` writes: one writer, so every command's output has one form."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    import re

__all__ = ["json_text"]


def _plain(obj: object) -> object:
    # what json.dumps also writes: subclasses of float, int and str (numpy's float64, enums)
    for kind in (float, int, str):
        if isinstance(obj, kind):
            return kind(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


_ENCODER = msgspec.json.Encoder(enc_hook=_plain)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes a character past the BMP
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"


def json_text(data: object) -> str:
    r"""JSON text of ``data``, indented by two spaces and ASCII only.

    ``msgspec.json`` (encode, then ``format(indent=2)``) writes it: the same layout as the
    standard library's ``json.dumps(data, indent=2)`` at a tenth of its cost, and without
    importing ``json`` (1.2 ms of ``planner plan --json``'s start-up, issue 23 item 3). Two
    differences from ``json.dumps``, both within RFC 8259:

    - floats keep the shortest text that reads back to the same float, but written as
      ``1e24`` and ``0.00001`` where ``json`` writes ``1e+24`` and ``1e-05``;
    - a non-finite float is written ``null``: ``json`` writes ``Infinity`` or ``NaN``, which
      are not JSON and which strict readers (``jq``, browsers) refuse.

    Characters past printable ASCII are escaped (``\u00d7``; a pair of surrogates past U+FFFF) as
    ``json.dumps`` does by default, so the text is safe on any terminal and encoding. Text
    with a lone surrogate (an undecodable byte of a file name, kept by ``surrogateescape``) has
    no UTF-8 form for msgspec to write: ``json.dumps`` writes it, escaped.

    Parameters
    ----------
    data : object
        Built of dicts with string keys, lists, tuples, strings, numbers (numpy's float64
        too), booleans and None.

    Returns
    -------
    str
        The text, without a final newline.

    Raises
    ------
    TypeError
        An object of another type, as ``json.dumps`` raises.
    """
    try:
        text = msgspec.json.format(_ENCODER.encode(data), indent=2).decode()
    except UnicodeEncodeError:  # a lone surrogate (a file name's undecodable byte): no UTF-8
        import json

        return json.dumps(data, indent=2)
    if text.isascii() and "\x7f" not in text:
        return text
    import re

    # json.dumps escapes all but the printable ASCII; msgspec has escaped the controls already
    return re.sub(r"[^\x00-\x7e]", _escape, text)
