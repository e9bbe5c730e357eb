"""Write one output file so that a crash leaves the old file or the new one, never a part.

:func:`atomic_output` writes into a temporary file in the target's directory, flushes
it to disk (``fsync``) and renames it over the target; on any error, a kill excepted,
the temporary file is removed and the target is untouched (a ``kill -9`` can leave
only a hidden ``.NAME.*.tmp`` beside it, never a half-written ``NAME``). A target that
is a device, a FIFO or a socket (``/dev/stdout``, ``/dev/null``, a named pipe) is
written through, never replaced; a symlink to a file keeps its link and the file it
points to is replaced. :func:`write_jsonl` writes JSON Lines with it.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "rows.jsonl")
>>> write_jsonl([{"id": "a"}, {"id": "b"}], path)
2
>>> write_jsonl([{"id": "c"}, {"id": "\\ud800"}], path)
Traceback (most recent call last):
...
graph.atomic.OutputError: ...rows.jsonl: record 2 (id '\\ud800') holds a lone surrogate ...
>>> open(path).read(), sorted(os.listdir(os.path.dirname(path)))
('{"id": "a"}\\n{"id": "b"}\\n', ['rows.jsonl'])
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["OutputError", "atomic_output", "fsync_directory", "write_jsonl", "writes_through"]


class OutputError(ValueError):
    """An output that cannot be written, in one sentence naming the path."""


def writes_through(path: str | Path) -> bool:
    """Whether ``path`` is written in place rather than replaced: an existing device,
    FIFO or socket (following symlinks, so ``/dev/stdout`` is one).

    >>> writes_through("/dev/null"), writes_through("/no/such/file")
    (True, False)
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def fsync_directory(path: str | Path) -> None:
    """Flush a directory's entries (a rename in it) to disk, where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _target(path: Path) -> Path:
    """The regular file ``path`` names (the file a symlink points to), checked."""
    if path.is_symlink():
        if not path.exists():
            raise OutputError(
                f"{path} is a symlink to a missing file; papergraph will not replace the link"
            )
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise OutputError(f"{path} is a directory; give a file name to write to")
    return path


@contextlib.contextmanager
def atomic_output(
    path: str | Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = "\n"
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing; on a clean exit the new content replaces the old at once.

    ``mode`` is ``"w"`` (text, ``encoding``) or ``"wb"``. Raises :class:`OutputError`
    for a path that is a directory, or whose directory cannot be made.
    """
    path = Path(path)
    binary = "b" in mode
    options: dict[str, Any] = {} if binary else {"encoding": encoding, "newline": newline}
    if writes_through(path):
        with open(path, mode, **options) as stream:
            yield stream
        return
    target = _target(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise OutputError(f"{path}: {exc.filename} is not a directory") from exc
    try:
        keep_mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        keep_mode = 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, keep_mode)
        with os.fdopen(fd, mode, **options) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_directory(target.parent)


def _dumps(row: dict[str, Any], number: int, path: str | Path) -> str:
    """``row`` as one JSON line, or :class:`OutputError` naming the record."""
    try:
        return json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:  # NaN or infinity: not JSON
        name = _record_name(row, number)
        raise OutputError(
            f"{path}: {name} holds a number JSON cannot hold (NaN or infinity); nothing was written"
        ) from exc
    except (TypeError, RecursionError) as exc:
        raise OutputError(
            f"{path}: {_record_name(row, number)} cannot be written as JSON "
            f"({exc}); nothing was written"
        ) from exc


def _record_name(row: Any, number: int) -> str:
    ident = row.get("id") if isinstance(row, dict) else None
    return f"record {number}" + (f" (id {ident!r})" if isinstance(ident, str) else "")


def _encoded(line: str, row: dict[str, Any], number: int, path: str | Path) -> bytes:
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise OutputError(
            f"{path}: {_record_name(row, number)} holds a lone surrogate "
            f"({line[exc.start]!r} at character {exc.start}), which UTF-8 cannot "
            "encode; nothing was written"
        ) from exc


def write_jsonl(rows: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write ``rows`` as JSON Lines to ``path`` atomically; return the count.

    ``"-"`` writes to standard output. A row that is not JSON (a lone surrogate, NaN)
    raises :class:`OutputError` naming it, and the target is left as it was.
    """
    count = 0
    if str(path) == "-":
        for count, row in enumerate(rows, 1):
            line = _dumps(row, count, "standard output")
            _encoded(line, row, count, "standard output")
            sys.stdout.write(line)
        return count
    with atomic_output(path, "wb") as out:
        for count, row in enumerate(rows, 1):
            out.write(_encoded(_dumps(row, count, path), row, count, path))
    return count
