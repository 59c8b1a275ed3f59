"""Atomic file writes: a reader, or a crash, sees the old file or the new one, never half of one.

A target reached through a symbolic link is written where the link points (the link stays a
link), and an existing file keeps its permissions: replacing a file must not change who may read it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def _mode_for(target: Path) -> int:
    """The target's own permissions, or what a newly created file gets under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path | str, write: Callable[[Path], None], replace: bool = True) -> Path:
    """`write` creates a new file beside the target; it is flushed to disk, then renamed over it.

    replace=False creates the file only where none exists yet (FileExistsError otherwise), so two
    programs creating the same file at once cannot replace each other's.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # some writers (GDAL) create the file themselves
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        if replace:
            os.replace(tmp, target)
        else:
            _link(tmp, target)
            tmp.unlink(missing_ok=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _link(tmp: Path, target: Path) -> None:
    """Give the new file the target's name only where that name is free."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename (a narrow race remains)
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(tmp, target)


def write_bytes_atomic(path: Path | str, data: bytes) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def write_text_atomic(path: Path | str, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))
