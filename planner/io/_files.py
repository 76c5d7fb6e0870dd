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
from typing import BinaryIO

from planner.errors import InputError, OutputExistsError
from planner.io._paths import user_path

__all__ = [
    "MAX_READ_BYTES",
    "check_output",
    "open_regular",
    "read_regular_bytes",
    "shorten",
    "shorten_path",
    "write_bytes_safely",
    "write_text_safely",
]

MAX_READ_BYTES = 1 << 30
"""The largest input file read (1 GiB: some 20 million runs of a three-column CSV, where Hoffmann
et al. 2022 fit ~400): a larger file is refused naming this cap, never read into memory."""

MAX_SHOWN = 60
"""Longer values are shortened in error messages (a pasted value must not fill the screen)."""


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
    r"""A path for a message: whole if short, else its end (the file name matters most).

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
    >>> print(shorten_path("runs\nfile.csv"))
    'runs\nfile.csv'
    """
    text = str(path)
    if not text.isprintable():  # a newline or control character: escaped, quoted, on one line
        text = repr(text)
    return text if len(text) <= limit else "..." + text[-(limit - 3) :]


def _size(n: int) -> str:
    """A byte count for a message: ``64 KiB``, ``1.5 GiB``."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def _kind(mode: int) -> str:
    """What a non-regular file is, for a message."""
    import stat

    for test, what in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "not a regular file"


def open_regular(path: str | Path, *, max_bytes: int = MAX_READ_BYTES) -> BinaryIO:
    """Open a regular file for reading; refuse FIFOs, devices, sockets and oversized files.

    The file is opened with ``O_NONBLOCK`` (opening a FIFO with no writer would otherwise wait
    forever), then checked with ``fstat`` on the open descriptor (no race with a rename between
    a check and the open), so a symlink to ``/dev/zero`` or a named pipe is refused at once.

    Parameters
    ----------
    path : str or Path
        The file.
    max_bytes : int
        The largest size accepted (:data:`MAX_READ_BYTES` by default).

    Returns
    -------
    BinaryIO
        The open file (blocking mode restored), to be closed by the caller.

    Raises
    ------
    InputError
        Not a regular file, or larger than ``max_bytes``; the message names the file.
    OSError
        The file cannot be opened (missing, no permission, ...): the caller words it.

    Examples
    --------
    >>> open_regular("/dev/null")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    planner.errors.InputError: /dev/null: a character device, not a regular file; ...
    """
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(user_path(path), flags | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                f"{shorten_path(path)}: {_kind(st.st_mode)}, not a regular file; "
                "planner reads only regular files"
            )
        if st.st_size > max_bytes:
            raise InputError(
                f"{shorten_path(path)}: {_size(st.st_size)} is larger than the "
                f"{_size(max_bytes)} planner reads from this kind of file"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_bytes(path: str | Path, *, max_bytes: int = MAX_READ_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (see :func:`open_regular`).

    Parameters
    ----------
    path : str or Path
        The file.
    max_bytes : int
        The largest size accepted.

    Returns
    -------
    bytes

    Raises
    ------
    InputError
        Not a regular file, or too large (also if it grew past the cap while read).
    OSError
        The file cannot be opened or read.
    """
    with open_regular(path, max_bytes=max_bytes) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{shorten_path(path)}: grew past {max_bytes} bytes while read")
    return data


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
    replace_read_only: bool = False,
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
    replace_read_only : bool
        With ``force``, also replace a file that is read-only (no write permission for us, or
        mode without any write bit, e.g. 0444); ``--replace-read-only`` on the command line.

    Returns
    -------
    Path
        The path, as given.

    Raises
    ------
    InputError
        No name, a directory, a missing folder, a name too long for the file system, one of
        the inputs, an existing target that is not a regular file (a FIFO, a device: never
        replaced), or a read-only target without ``replace_read_only``.
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
    out = user_path(path)
    try:
        for part in out.parts:
            if len(os.fsencode(part)) > 255:
                raise InputError(
                    f"{name}: file name too long ({len(part)} characters): {shorten_path(out)}"
                )
        for item in inputs:
            src = user_path(item)
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
        if out.exists() or out.is_symlink():
            _check_replaceable(out, force, name, force_hint, replace_read_only)
    except (OSError, UnicodeError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{name}: cannot use {shorten(str(path))}: {exc}") from exc
    return out


def _check_replaceable(
    out: Path, force: bool, name: str, force_hint: str, replace_read_only: bool
) -> None:
    """An existing ``out`` may be replaced: a regular file, ``force``, writable or allowed."""
    import stat

    try:
        st = out.stat()  # follows a symlink: a link to /dev/null is a device
    except FileNotFoundError:  # a dangling symlink: replacing the link loses nothing
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise InputError(
            f"{name}: {shorten_path(out)} is {_kind(st.st_mode)}, not a regular file; "
            "planner replaces only regular files"
        )
    if not force:
        raise OutputExistsError(
            f"{name}: {shorten_path(out)} exists; pass {force_hint} to replace it", path=out
        )
    # read-only: no write bit at all (0444), or none for us (os.access; root passes that one)
    read_only = st is not None and (not st.st_mode & 0o222 or not os.access(out, os.W_OK))
    if st is not None and read_only and not replace_read_only:
        hint = "--replace-read-only" if force_hint.startswith("--") else "replace_read_only=True"
        raise InputError(
            f"{name}: {shorten_path(out)} is read-only (mode {stat.S_IMODE(st.st_mode):04o}); "
            f"pass {hint} as well to replace it"
        )


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: read by setting it, and put it straight back
    os.umask(mask)
    return mask


def _new_mode(out: Path) -> int:
    """The mode the written file gets: the replaced file's, else what the umask gives."""
    import stat

    try:
        return stat.S_IMODE(out.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _clean_stale_temporaries(out: Path) -> None:
    """Remove the hidden ``.NAME.XXXXXXXX.tmp`` files an interrupted write left beside ``out``.

    Only names of exactly the form :func:`write_bytes_safely` makes (``mkstemp``'s eight
    characters), and only regular files: nothing else in the folder is touched.
    """
    import re
    import stat

    pattern = re.compile(re.escape(f".{out.name[:80]}.") + r"[a-z0-9_]{8}\.tmp")
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return
    for entry in entries:
        if pattern.fullmatch(entry.name):
            with contextlib.suppress(OSError):
                if stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                    os.unlink(entry.path)


def write_text_safely(
    path: str | Path,
    text: str,
    *,
    inputs: Iterable[str | Path] = (),
    force: bool = False,
    validate: Callable[[Path], None] | None = None,
    name: str = "out",
    force_hint: str = "force=True",
    replace_read_only: bool = False,
) -> Path:
    """Write ``text`` to ``path`` atomically, checked and read back before it replaces anything.

    Parameters
    ----------
    path, inputs, force, name, force_hint, replace_read_only
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
    return write_bytes_safely(
        path,
        text.encode("utf-8"),
        inputs=inputs,
        force=force,
        validate=validate,
        name=name,
        force_hint=force_hint,
        replace_read_only=replace_read_only,
    )


def write_bytes_safely(
    path: str | Path,
    data: bytes,
    *,
    inputs: Iterable[str | Path] = (),
    force: bool = False,
    validate: Callable[[Path], None] | None = None,
    name: str = "out",
    force_hint: str = "force=True",
    replace_read_only: bool = False,
) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`write_text_safely`).

    The written file keeps the mode of the file it replaces; a new file gets what the umask
    allows (``0o666 & ~umask``), as ``open()`` would give it. Hidden temporaries that an
    interrupted earlier write left beside ``path`` are removed first.

    Parameters
    ----------
    path, inputs, force, validate, name, force_hint, replace_read_only
        As for :func:`write_text_safely`.
    data : bytes
        The content.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    InputError
        As :func:`write_text_safely`.
    """
    out = check_output(
        path,
        inputs=inputs,
        force=force,
        name=name,
        force_hint=force_hint,
        replace_read_only=replace_read_only,
    )
    _clean_stale_temporaries(out)
    tmp: Path | None = None
    try:
        import tempfile  # only when writing (it imports shutil and random)

        fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name[:80]}.", suffix=".tmp")
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), _new_mode(out))
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
