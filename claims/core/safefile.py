"""Writing output files so that a failure leaves nothing behind and a planted symlink is never followed.

Every file is written to a new temporary file created beside its destination (`O_CREAT | O_EXCL`, so
never an existing path and never through a symlink), then renamed over the destination. A rename
replaces a symlink standing at the destination instead of writing through it, and a failure
(disk full, no permission) removes the temporary file: there is no 0-byte or half-written file.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from claims.core.errors import BadInput

T = TypeVar("T")


def _umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


@contextmanager
def new_file(path: str | os.PathLike) -> Iterator[Path]:
    """A fresh temporary path beside `path` to write (by name, e.g. for matplotlib); renamed over
    `path` when the block ends without an error, removed otherwise."""
    dest = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())
    except OSError as exc:
        raise BadInput(f"cannot write {dest}: {exc.strerror or exc}") from None
    try:
        yield Path(tmp)
        os.replace(tmp, dest)
    except OSError as exc:
        raise BadInput(f"cannot write {dest}: {exc.strerror or exc}") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def write_atomically(path: str | os.PathLike, write: Callable[..., T], encoding: str = "utf-8") -> T:
    """`write(fh)` into a text file that appears at `path` whole, or not at all."""
    with new_file(path) as tmp:
        with open(tmp, "w", encoding=encoding, newline="\n") as fh:
            result = write(fh)
    return result


def write_text(path: str | os.PathLike, text: str) -> None:
    write_atomically(path, lambda fh: fh.write(text))
