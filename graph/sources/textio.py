"""Line-by-line reading that never loses track of where a problem is.

Files are read as bytes and decoded one line at a time, so a stray Latin-1 byte
spoils only its own line, and that line's number is known. A UTF-8 byte order
mark is dropped, Windows line endings are folded, ``.gz`` files are read
through gzip, and UTF-16 files are refused with a message that says how to fix
them.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["FileProblem", "Line", "open_binary", "printable_path", "read_lines"]


class FileProblem(Exception):
    """A whole input file cannot be read (or can be read only in part).

    ``line`` is the 1-based line where reading stopped, or ``None`` when the
    problem concerns the file as a whole.
    """

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file = file
        self.reason = reason
        self.line = line
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {reason}")


_SURROGATE = re.compile("[\\ud800-\\udfff]")


@dataclass(slots=True)
class Line:
    """One decoded line: its 1-based number, its text without the line ending,
    and, when its bytes were not valid in the encoding, why (else ``None``)."""

    number: int
    text: str
    decode_error: str | None = None


def printable_path(path: str | Path) -> str:
    """``path`` as text that UTF-8 can hold, to name it in records, rejects and messages.

    A file name that is not UTF-8 reaches Python with lone surrogates standing for
    its bytes; they are written as ``\\xNN`` escapes here (the file is still opened by
    its real name).

    >>> import os
    >>> printable_path(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    name = str(path)
    if name.isascii() or not _SURROGATE.search(name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def open_binary(path: str | Path) -> BinaryIO:
    """Open ``path`` for reading bytes, through gzip when it ends in ``.gz``.

    Raises :class:`FileProblem` with the operating system's reason when the
    file cannot be opened.
    """
    name = str(path)
    try:
        if name.endswith(".gz"):
            return gzip.open(name, "rb")  # type: ignore[return-value]
        return open(name, "rb")
    except OSError as exc:
        raise FileProblem(name, f"cannot open: {exc.strerror or exc}") from exc


PROGRESS_EVERY = 1 << 20  # bytes between two on_progress calls


def read_lines(
    stream: BinaryIO,
    file: str,
    encoding: str = "utf-8",
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Line]:
    """Yield the lines of ``stream`` one at a time, decoded with ``encoding``.

    A line that does not decode is still yielded (undecodable bytes replaced
    by U+FFFD) with ``decode_error`` saying which byte and column failed, so
    the reader can reject just the record that contains it. ``on_progress``,
    if given, is called with the bytes read so far about every megabyte and
    once at the end.

    >>> import io
    >>> lines = list(read_lines(io.BytesIO(b"\\xef\\xbb\\xbfone\\r\\ntw\\xe9\\n"), "x.txt"))
    >>> [(ln.number, ln.text) for ln in lines]
    [(1, 'one'), (2, 'tw\\ufffd')]
    >>> lines[1].decode_error
    'byte 0xe9 at column 3 is not valid utf-8'
    """
    # UTF-8 never decodes to a lone surrogate; a codec such as unicode_escape can
    surrogates_possible = codecs.lookup(encoding).name != "utf-8"
    first = True
    number = 0
    done = reported = 0
    try:
        for raw in stream:
            number += 1
            done += len(raw)
            if on_progress is not None and done - reported >= PROGRESS_EVERY:
                on_progress(done)
                reported = done
            if first:
                first = False
                if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise FileProblem(
                        file,
                        "the file is UTF-16; convert it to UTF-8 first "
                        "(iconv -f UTF-16 -t UTF-8 IN > OUT)",
                        line=1,
                    )
                if raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
            raw = raw.rstrip(b"\n").rstrip(b"\r")
            try:
                text = raw.decode(encoding)
                if surrogates_possible and (found := _SURROGATE.search(text)):
                    reason = f"column {found.start() + 1} decodes to a lone surrogate, not Unicode"
                    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
                    yield Line(number, text, reason)
                else:
                    yield Line(number, text)
            except UnicodeDecodeError as exc:
                byte = raw[exc.start]
                reason = f"byte 0x{byte:02x} at column {exc.start + 1} is not valid {encoding}"
                yield Line(number, raw.decode(encoding, errors="replace"), reason)
        if on_progress is not None:
            on_progress(done)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise FileProblem(file, f"read failed: {exc}", line=number + 1) from exc
