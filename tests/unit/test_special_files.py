"""Issue 24 items 2 and 3: only regular files are read or replaced, a read is bounded, and a
write keeps the mode of what it replaces (new files follow the umask)."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from testdata import run_cli, synthetic_runs, write_runs_csv

from planner.data._registry import load_preset_file
from planner.errors import InputError, PresetError
from planner.fit import _parametric as fitting
from planner.fit._runs import csv_header
from planner.io._files import open_regular, read_regular_bytes, shorten_path, write_text_safely
from planner.laws._preset import LawPreset

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")


def no_hang(call, fifo):
    """Run ``call`` in a thread; if it blocks on ``fifo`` (the old code did, forever), open
    the FIFO's write end to free it and fail, instead of hanging the test run."""
    box: dict[str, object] = {}

    def target():
        try:
            box["value"] = call()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join(10)
        pytest.fail(f"reading {fifo} blocked")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "p.csv"
    os.mkfifo(path)
    return path


@pytest.fixture
def runs_csv(tmp_path):
    runs = synthetic_runs(1.8, 400.0, 2000.0, 0.34, 0.36, 0.01, seed=1)
    return write_runs_csv(tmp_path / "runs.csv", runs)


def test_reading_a_fifo_is_refused_at_once(fifo):
    with pytest.raises(InputError, match=r"p\.csv: a FIFO .*not a regular file"):
        no_hang(lambda: fitting.read_runs(fifo), fifo)


def test_the_cli_refuses_a_fifo_with_exit_2(capsys, fifo):
    code, out, err = no_hang(lambda: run_cli(capsys, "fit", str(fifo)), fifo)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "FIFO" in err


def test_column_completion_of_a_fifo_returns_nothing(fifo):
    assert no_hang(lambda: csv_header(fifo), fifo) == ()


def test_a_law_file_that_is_a_fifo_is_refused(tmp_path):
    path = tmp_path / "law.toml"
    os.mkfifo(path)
    with pytest.raises(PresetError, match="FIFO"):
        no_hang(lambda: load_preset_file(path, LawPreset), path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_csv_linked_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "z.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="character device"):
        fitting.read_runs(link)  # the old code read it until memory ran out


def test_a_read_is_capped_by_size_with_a_message_naming_the_cap(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(InputError, match=r"4\.88 KiB is larger than the 4 KiB"):
        open_regular(path, max_bytes=4096)
    assert read_regular_bytes(path, max_bytes=5000) == b"x" * 5000


def test_fit_out_never_replaces_a_fifo_or_a_device(capsys, runs_csv, tmp_path):
    out = tmp_path / "out.toml"
    os.mkfifo(out)
    code, _, err = run_cli(capsys, "fit", str(runs_csv), "--out", str(out), "--force")
    assert code == 2 and "not a regular file" in err
    assert stat.S_ISFIFO(os.lstat(out).st_mode)  # still the FIFO
    link = tmp_path / "null.toml"
    link.symlink_to(os.devnull)
    code, _, err = run_cli(capsys, "fit", str(runs_csv), "--out", str(link), "--force")
    assert code == 2 and "character device" in err
    assert os.path.islink(link)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_follows_the_umask(tmp_path, umask_022):
    path = write_text_safely(tmp_path / "a.txt", "x")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644  # was 0600 whatever the umask


def test_a_replaced_file_keeps_its_mode(tmp_path, umask_022):
    path = tmp_path / "a.txt"
    path.write_text("old")
    path.chmod(0o664)
    write_text_safely(path, "new", force=True)
    assert path.read_text() == "new"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o664  # was 0600


def test_a_read_only_target_is_refused_unless_told(capsys, runs_csv, tmp_path):
    out = tmp_path / "law.toml"
    out.write_text("keep me")
    out.chmod(0o444)
    code, _, err = run_cli(capsys, "fit", str(runs_csv), "--out", str(out), "--force")
    assert code == 2 and "read-only (mode 0444)" in err and "--replace-read-only" in err
    assert out.read_text() == "keep me"
    code, _, err = run_cli(
        capsys, "fit", str(runs_csv), "--out", str(out), "--force", "--replace-read-only"
    )
    assert code == 0, err
    assert out.read_text().startswith("#") or "[law]" in out.read_text()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o444  # its mode kept


def test_temporaries_of_an_interrupted_write_are_cleaned(tmp_path):
    out = tmp_path / "law.toml"
    stale = tmp_path / ".law.toml.k3j_x9a2.tmp"  # what mkstemp left when the write was killed
    stale.write_text("half")
    other = tmp_path / ".law.toml.notmine.tmp.bak"  # not of our form: left alone
    other.write_text("user's")
    write_text_safely(out, "x")
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "law.toml"]


def test_a_path_with_a_newline_is_shown_escaped_on_one_line(capsys):
    code, _, err = run_cli(capsys, "fit", "runs\nfile.csv")
    assert code == 2
    assert err.count("\n") == 1 and "'runs\\nfile.csv'" in err  # was "error: runs"
    assert shorten_path("a\tb") == "'a\\tb'"


def test_a_tilde_of_no_user_is_read_as_typed(tmp_path, monkeypatch):
    """`~0` names no user: the shell leaves it as typed, and so does the planner (it raised
    RuntimeError from pathlib's expanduser; the fuzz suite found it)."""
    from planner.errors import InputError
    from planner.fit._runs import read_runs
    from planner.io._paths import user_path

    assert str(user_path("~0")) == "~0"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="No such file"):
        read_runs("~0")
