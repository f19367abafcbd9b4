"""Write files so that a crash or a bad argument never leaves half a file behind.

The data goes to a temporary file beside the target, is flushed to disk, and then renamed
over the target in one step; the old file stays whole until the new one is complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from engine.errors import Problem, ScenarioError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one rename."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ScenarioError([Problem(str(path), None, f"cannot write: the folder {path.parent} "
                                                      "does not exist; create it first")])
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ScenarioError([Problem(str(path), None, f"cannot write: {exc.strerror}")]) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ScenarioError([Problem(str(path), None, f"cannot write: {exc.strerror}")]) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
