"""Writing files without ever losing one: the only module of the core that writes to disk.

Every file `planner` writes (law files from a fit, exported plans) goes through
:func:`write_text_safely`:

1. the target is checked before any work is done (:func:`check_output`): a name is given, it is
   not one of the command's input files, it is not a directory, its folder exists, and it does
   not exist yet unless the caller says ``force``;
2. the text goes to a temporary file in the same folder, which is flushed to disk, read back,
   compared byte for byte and, where the caller gives a ``validate`` function, parsed and
   checked (a law file must load back as the same law);
3. only then :func:`os.replace` moves it over the target, atomically: a reader sees the old file
   or the new one, never half of one, and a failure at any step leaves the old file untouched.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from planner.errors import InputError, OutputExistsError

__all__ = ["check_output", "shorten", "shorten_path", "write_text_safely"]

MAX_SHOWN = 60
"""Values longer than this are shortened in error messages (a pasted 10,000-character value
must not fill the terminal)."""


def shorten(value: object, limit: int = MAX_SHOWN) -> str:
    """``repr(value)``, cut to about ``limit`` characters with the length said.

    Parameters
    ----------
    value : object
        Anything.
    limit : int
        Characters kept.

    Returns
    -------
    str

    Examples
    --------
    >>> shorten("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (102 characters)"
    >>> shorten("1e24")
    "'1e24'"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 4]}'... ({len(text)} characters)"


def shorten_path(path: object, limit: int = 80) -> str:
    """A path for a message: whole if short, else its end (the file name matters most).

    Parameters
    ----------
    path : object
        A path (or anything with a ``str``).
    limit : int
        Characters kept, ``...`` included.

    Returns
    -------
    str

    Examples
    --------
    >>> shorten_path("/a/" + "b" * 100 + "/runs.csv")[-12:]
    'bbb/runs.csv'
    >>> len(shorten_path("/a/" + "b" * 100 + "/runs.csv"))
    80
    """
    text = str(path)
    return text if len(text) <= limit else "..." + text[-(limit - 3) :]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(
    path: str | Path,
    *,
    inputs: Iterable[str | Path] = (),
    force: bool = False,
    name: str = "out",
    force_hint: str = "force=True",
) -> Path:
    """Check that ``path`` may be written, before any long work starts.

    Parameters
    ----------
    path : str or Path
        The file to write.
    inputs : iterable of str or Path
        Files the command reads; the output may never be one of them, ``force`` or not.
    force : bool
        Replace an existing file.
    name : str
        The argument's name, for messages (``--out`` on the command line).
    force_hint : str
        How the caller's user says ``force`` (``--force`` on the command line).

    Returns
    -------
    Path
        The path, as given.

    Raises
    ------
    InputError
        No name, a directory, a missing folder, a name too long for the file system, or one of
        the inputs.
    OutputExistsError
        The file exists and ``force`` is false.
    """
    if isinstance(path, str):
        if not path.strip():
            raise InputError(f"{name}: needs a file name, got an empty one")
        if "\x00" in path:
            raise InputError(f"{name}: a file name cannot contain a NUL character")
    elif not isinstance(path, Path):
        raise InputError(f"{name}: expected a file name, got {type(path).__name__}")
    out = Path(path).expanduser()
    try:
        for part in out.parts:
            if len(os.fsencode(part)) > 255:
                raise InputError(
                    f"{name}: file name too long ({len(part)} characters): {shorten_path(out)}"
                )
        for item in inputs:
            src = Path(item).expanduser()
            if _same_file(out, src) or out.resolve() == src.resolve():
                raise InputError(
                    f"{name}: {shorten_path(out)} is an input of this command; "
                    "write the result to another file"
                )
        if out.is_dir():
            raise InputError(f"{name}: {shorten_path(out)} is a directory, not a file")
        parent = out.parent
        if not parent.is_dir():
            raise InputError(f"{name}: folder {shorten_path(parent)} does not exist")
        if (out.exists() or out.is_symlink()) and not force:
            raise OutputExistsError(
                f"{name}: {shorten_path(out)} exists; pass {force_hint} to replace it", path=out
            )
    except (OSError, UnicodeError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{name}: cannot use {shorten(str(path))}: {exc}") from exc
    return out


def write_text_safely(
    path: str | Path,
    text: str,
    *,
    inputs: Iterable[str | Path] = (),
    force: bool = False,
    validate: Callable[[Path], None] | None = None,
    name: str = "out",
    force_hint: str = "force=True",
) -> Path:
    """Write ``text`` to ``path`` atomically, checked and read back before it replaces anything.

    Parameters
    ----------
    path, inputs, force, name, force_hint
        As for :func:`check_output`, which is called first.
    text : str
        The content, written as UTF-8.
    validate : callable, optional
        Called with the path of the written temporary file; raises if its content is not what
        it should be (e.g. a law file that does not load back as the same law).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    InputError
        As :func:`check_output`, or the file system refused the write (the message names the
        file and the reason); the target is then unchanged.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write_text_safely(folder / "a.txt", "first")
    >>> write_text_safely(folder / "a.txt", "second")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    planner.errors.OutputExistsError: out: ... exists; pass force=True to replace it
    >>> _ = write_text_safely(folder / "a.txt", "second", force=True)
    >>> (folder / "a.txt").read_text()
    'second'
    """
    out = check_output(path, inputs=inputs, force=force, name=name, force_hint=force_hint)
    data = text.encode("utf-8")
    tmp: Path | None = None
    try:
        import tempfile  # only when writing (it imports shutil and random)

        fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name[:80]}.", suffix=".tmp")
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if tmp.read_bytes() != data:
            raise InputError(f"{name}: {shorten_path(out)}: the written file did not read back")
        if validate is not None:
            validate(tmp)
        if out.exists() and not force:  # appeared while we worked
            raise OutputExistsError(
                f"{name}: {shorten_path(out)} exists; pass {force_hint} to replace it", path=out
            )
        os.replace(tmp, out)
        tmp = None
    except OSError as exc:
        raise InputError(
            f"{name}: cannot write {shorten_path(out)}: {exc.strerror or exc}"
        ) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return out
