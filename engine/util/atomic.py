"""Write files so that a crash or a bad argument never leaves half a file behind.

The data goes to a temporary file beside the target, is flushed to disk, and then renamed
over the target in one step; the old file stays whole until the new one is complete. A
symbolic link is followed, so the file it points to is replaced and the link stays. A device
or a pipe (``/dev/null``, a FIFO) cannot be replaced by renaming and is written directly.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.errors import Problem, ScenarioError


def _fail(path: Path, why: str) -> ScenarioError:
    return ScenarioError([Problem(str(path), None, f"cannot write: {why}")])


def check_writable(path: str | Path) -> Path:
    """The real path ``path`` will be written to; raise if it plainly cannot be written."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise _fail(Path(path), "it is a folder; give a file name")
    if not target.parent.is_dir():
        raise _fail(Path(path), f"the folder {Path(path).parent} does not exist; create it first")
    if not os.access(target.parent, os.W_OK) and not (target.exists() and
                                                      os.access(target, os.W_OK)):
        raise _fail(Path(path), f"the folder {Path(path).parent} is not writable")
    return target


def check_suffix(path: str | Path, suffixes: tuple[str, ...], what: str) -> None:
    """Refuse to write ``what`` to a file whose name says it is something else (a PDF into
    ``kit.png``); a device or a pipe (``/dev/null``) has no suffix to check."""
    p = Path(path)
    if p.exists() and not p.is_file() and not p.is_dir():
        return
    if p.suffix.lower() not in suffixes:
        raise ScenarioError([Problem(str(path), None, f"{what} is written as "
                                                      f"{' or '.join(suffixes)}: name the file "
                                                      f"so (e.g. {p.stem or 'out'}{suffixes[0]})")])


def check_not_input(path: str | Path, *inputs: str | Path | None) -> None:
    """Refuse to write over a file the same command reads (``extract a.txt --out a.txt``)."""
    for given in inputs:
        if given is not None and Path(path).exists() and Path(given).exists() \
                and os.path.samefile(path, given):
            raise ScenarioError([Problem(str(path), None, f"is {given}, an input of this "
                                                          "command: write to another file")])


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one rename."""
    write_all([(path, data)])


Payload = str | bytes | Callable[[], str | bytes]


def write_all(outputs: Sequence[tuple[str | Path, Payload]]) -> None:
    """Write several files, checking every destination before the first is written.

    A payload may be a function, called only once every destination has passed its check,
    so costly output (a map) is not made for a run that cannot write it. Every payload is
    made before the first file is written, so one that fails leaves none of the set written
    (no new report beside an old chart).
    """
    targets = [(check_writable(path), Path(path), data) for path, data in outputs]
    made = [data() if callable(data) else data for _, _, data in targets]  # all, then write
    for (target, shown, _), data in zip(targets, made, strict=True):
        _write(target, shown, data.encode("utf-8") if isinstance(data, str) else data)


def _write(target: Path, shown: Path, payload: bytes) -> None:
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):  # a device or a pipe: write in place
        try:
            with open(target, "wb") as out:
                out.write(payload)
        except OSError as exc:
            raise _fail(shown, exc.strerror or str(exc)) from None
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _fail(shown, exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as out:
            # keep an existing file's permissions; a new file gets the usual ones
            os.fchmod(out.fileno(), stat.S_IMODE(mode) if mode is not None else _default_mode())
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _fail(shown, exc.strerror or str(exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
