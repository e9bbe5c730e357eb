"""Readers for structured inputs: JSON Lines, JSON arrays and CSV/TSV.

Each reads a line at a time (a JSON array is decoded element by element from a
sliding buffer), turns every record into a :class:`~graph.paper.Paper` through
:func:`graph.sources.records.paper_from_mapping`, and yields a
:class:`~graph.sources.records.Reject` for a record that cannot be one. A
problem that stops the rest of a file from being read raises
:class:`~graph.sources.textio.FileProblem` after the good records before it.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graph.paper import Paper, SourceRef
from graph.sources.records import (
    FIELD_ALIASES,
    REQUIRED_TEXT_FIELDS,
    RecordError,
    Reject,
    hostile_value,
    paper_from_mapping,
)
from graph.sources.textio import FileProblem, Line

__all__ = [
    "JSON_DECODE_ERRORS",
    "csv_records",
    "json_line_records",
    "read_csv",
    "read_json_array",
    "read_jsonl",
    "unparsable_reason",
]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _convert(
    record: object, file: str, line: int, fmt: str, raw: object, text: str | None = None
) -> Paper | Reject:
    """A paper, or a reject keeping ``raw`` (its source ``text`` instead when ``raw``
    is a structure no output can carry, such as one nested hundreds deep)."""
    try:
        return paper_from_mapping(record, SourceRef(file, line, fmt))  # type: ignore[arg-type]
    except RecordError as exc:
        if text is not None and hostile_value(raw) is not None:
            raw = text
        return Reject(file, line, str(exc), raw)


# What json.loads raises on hostile text: a syntax error (JSONDecodeError, a ValueError),
# nesting beyond the interpreter's recursion limit (RecursionError), and an integer longer
# than sys.get_int_max_str_digits() (a plain ValueError).
JSON_DECODE_ERRORS = (ValueError, RecursionError)


def unparsable_reason(exc: ValueError | RecursionError) -> str:
    """The one-sentence reason for a JSON text Python's decoder gave up on."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc.msg} (column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to decode (about a thousand levels or more)"
    if "integer string conversion" in str(exc):
        return f"a number in it has more than {sys.get_int_max_str_digits():,} digits"
    return f"not valid JSON: {exc}"


def _value_end(text: str) -> int | None:
    """Where the JSON value at the start of ``text`` ends, counting brackets outside
    strings without decoding; ``None`` when ``text`` ends first. Used to step over an
    element of an array that the decoder refused without losing the rest of the file.

    >>> _value_end('[[1, "]"], 2], 3'), _value_end('12345]'), _value_end('{"a": [') is None
    (13, 5, True)
    """
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
                if depth == 0:
                    return index + 1
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:  # the end of the array holding a bare value
                return index
            depth -= 1
            if depth == 0:
                return index + 1
        elif depth == 0 and char in ", \t\r\n":
            return index
    return None


def read_jsonl(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """One paper per non-blank line; a line that is not a JSON object is rejected.

    >>> from graph.sources.textio import Line
    >>> out = list(read_jsonl([Line(1, '{"title": "A"}'), Line(2, '{oops')], "x.jsonl"))
    >>> out[0].title, out[1].reason
    ('A', 'not valid JSON: Expecting property name enclosed in double quotes (column 2)')
    """
    for item in json_line_records(lines, file):
        if isinstance(item, Reject):
            yield item
        else:
            line, record = item
            yield _convert(record, file, line.number, "jsonl", line.text)


def json_line_records(lines: Iterable[Line], file: str) -> Iterator[tuple[Line, Any] | Reject]:
    """``(line, decoded value)`` for each non-blank line, or a reject naming why the line
    could not be decoded; what the value must be is the caller's to say.

    >>> from graph.sources.textio import Line
    >>> [type(x).__name__ for x in json_line_records([Line(1, "[1]"), Line(3, "x")], "f")]
    ['tuple', 'Reject']
    """
    for line in lines:
        if not line.text.strip():
            continue
        if line.decode_error:
            yield Reject(file, line.number, line.decode_error, line.text)
            continue
        try:
            yield line, json.loads(line.text)
        except JSON_DECODE_ERRORS as exc:
            yield Reject(file, line.number, unparsable_reason(exc), line.text)


def read_json_array(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The objects of a top-level JSON array, decoded one at a time.

    Only the text of the element being decoded is held in memory. A syntax
    error cannot be skipped over inside an array, so it ends the file with a
    :class:`FileProblem` naming the line.

    >>> from graph.sources.textio import Line
    >>> text = '[{"title": "A"},\\n {"title": "B",\\n  "abstract": "b"}]'
    >>> [(p.title, p.sources[0].line) for p in read_json_array(
    ...     [Line(i + 1, t) for i, t in enumerate(text.split("\\n"))], "x.json")]
    [('A', 1), ('B', 2)]
    """
    text = _ArrayText(lines, file)
    decoder = json.JSONDecoder()
    place = "before"  # "[" not read yet; then "element", "separator" after one, "after" "]"
    elements = 0
    while text.skip_space():
        if place != "element" or text.unread[0] == "]":
            place = _punctuation(text, place, elements)
            continue
        record, end, refused = _decode_element(text, decoder)
        elements += 1
        place = "separator"
        yield _element(text, record, end, refused)
    if place not in ("before", "after"):
        raise FileProblem(file, "the JSON array is not closed with ']'", line=text.line)


class _ArrayText:
    """The unread text of a JSON array file (``unread``, starting on line ``line``),
    read on line by line as it is needed, and the decoding errors of the lines read
    so far (``bad_lines``: line number -> error)."""

    def __init__(self, lines: Iterable[Line], file: str) -> None:
        self.lines = iter(lines)
        self.file = file
        self.unread = ""
        self.line = 1
        self.bad_lines: dict[int, str] = {}

    def read_line(self) -> bool:
        """Add the next line to ``unread``; False at the end of the file."""
        line = next(self.lines, None)
        if line is None:
            return False
        if line.decode_error:
            self.bad_lines[line.number] = line.decode_error
        self.unread += line.text + "\n"
        return True

    def skip_space(self) -> bool:
        """Step over white space, reading on as needed; False at the end of the file."""
        while True:
            stripped = self.unread.lstrip(" \t\r\n")
            self.line += self.unread.count("\n", 0, len(self.unread) - len(stripped))
            self.unread = stripped
            if self.unread or not self.read_line():
                return bool(self.unread)


def _punctuation(text: _ArrayText, place: str, elements: int) -> str:
    """Read the ``[``, ``,`` or ``]`` expected at ``place`` (``elements`` read so far)
    and return the place after it; raise :class:`FileProblem` for anything else."""
    char, file, line = text.unread[0], text.file, text.line
    if place == "before":
        if char != "[":
            message = "a .json file must hold one array of paper objects "
            raise FileProblem(file, message + "(use .jsonl for one object per line)", line=line)
        after = "element"
    elif place == "after":
        raise FileProblem(file, "unexpected text after the closing ']'", line=line)
    elif place == "separator":
        if char not in ",]":
            message = "not valid JSON: expected ',' or ']' after an element; "
            raise FileProblem(file, message + "the rest of the file was not read", line=line)
        after = "after" if char == "]" else "element"
    elif elements:  # "]" where an element should follow a ","
        raise FileProblem(file, "not valid JSON: a trailing comma before ']'", line=line)
    else:
        after = "after"  # an empty array
    text.unread = text.unread[1:]
    return after


def _decode_element(text: _ArrayText, decoder: json.JSONDecoder) -> tuple[Any, int, str | None]:
    """The element at the start of ``text.unread`` (reading on until it is whole), where
    it ends, and why it was refused (too deep, too long a number; then it is stepped
    over and the element is ``None``). A syntax error ends the file."""
    while True:
        try:
            record, end = decoder.raw_decode(text.unread)
            return record, end, None
        except json.JSONDecodeError as exc:
            if exc.pos < len(text.unread.rstrip()) or not text.read_line():
                message = f"not valid JSON: {exc.msg}; the rest of the file was not read"
                raise FileProblem(text.file, message, line=text.line + exc.lineno - 1) from exc
        except JSON_DECODE_ERRORS as exc:
            while (found := _value_end(text.unread)) is None:
                if not text.read_line():
                    message = "the JSON array is not closed with ']'"
                    raise FileProblem(text.file, message, line=text.line) from exc
            return None, found, unparsable_reason(exc)


def _element(text: _ArrayText, record: Any, end: int, refused: str | None) -> Paper | Reject:
    """The paper of the element that takes the first ``end`` characters of ``text.unread``,
    or its rejection (a line of it could not be decoded, or the decoder refused it);
    ``text`` moves on past it."""
    element_text, first = text.unread[:end], text.line
    last = first + element_text.count("\n")
    text.line, text.unread = last, text.unread[end:]
    bad = text.bad_lines
    errors = [f"line {n}: {bad[n]}" for n in range(first, last + 1) if n in bad]
    if errors:
        return Reject(text.file, first, "; ".join(errors), element_text)
    if refused:
        return Reject(text.file, first, refused, element_text)
    return _convert(record, text.file, first, "json", record, element_text)


def read_csv(lines: Iterable[Line], file: str, delimiter: str = ",") -> Iterator[Paper | Reject]:
    """One paper per row; the header must name at least ``title`` and ``abstract``.

    >>> from graph.sources.textio import Line
    >>> rows = ["id,title,abstract", 'x1,"A, b",text']
    >>> [(p.id, p.title) for p in read_csv([Line(i + 1, r) for i, r in enumerate(rows)], "x.csv")]
    [('x1', 'A, b')]
    """

    def columns_of(header: list[str]) -> list[str]:
        columns = [name.strip() for name in header]
        folded = [FIELD_ALIASES.get(name.casefold(), name.casefold()) for name in columns]
        missing = [name for name in REQUIRED_TEXT_FIELDS if name not in folded]
        if missing:
            raise FileProblem(
                file,
                f"the CSV header lacks the required column(s) {', '.join(missing)}; "
                f"found: {', '.join(columns) or '(nothing)'}",
                line=1,
            )
        return columns

    rows = csv_records(lines, file, columns_of, delimiter=delimiter, strict=True)
    for item in rows:
        yield item if isinstance(item, Reject) else _convert(item[1], file, item[0], "csv", item[1])


def csv_records(
    lines: Iterable[Line],
    file: str,
    columns_of: Callable[[list[str]], list[str]],
    *,
    trailing_separator: bool = False,
    **dialect: Any,
) -> Iterator[tuple[int, dict[str, str]] | Reject]:
    """``(first line, {column: cell})`` for each non-blank row of a CSV file read with
    ``csv.reader(**dialect)``, or a reject naming the row's lines when a line is not
    text or the row has the wrong number of fields. ``columns_of`` turns the header row
    into the column names (or raises :class:`FileProblem`); ``trailing_separator``
    drops empty cells past the last column (Scopus ends every row with a comma). A CSV
    syntax error ends the file with a :class:`FileProblem` naming the line.

    >>> from graph.sources.textio import Line
    >>> rows = [Line(1, "title,abstract"), Line(2, "A,a"), Line(3, "B")]
    >>> [x if isinstance(x, tuple) else x.reason for x in csv_records(rows, "f", list)]
    [(2, {'title': 'A', 'abstract': 'a'}), 'row has 1 fields, the header has 2']
    """
    consumed: list[Line] = []  # the physical lines of the row being read

    def text_lines() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line.text + "\n"

    reader = csv.reader(text_lines(), **dialect)
    delimiter = dialect.get("delimiter", ",")
    try:
        header = next(reader, None)
        if header is None:
            return
        columns = columns_of(header)
        consumed.clear()
        for row in reader:
            row_lines = list(consumed)
            consumed.clear()
            if not any(cell.strip() for cell in row):
                continue
            start = row_lines[0].number
            raw = delimiter.join(row)
            errors = [f"line {ln.number}: {ln.decode_error}" for ln in row_lines if ln.decode_error]
            while trailing_separator and len(row) > len(columns) and not row[-1].strip():
                row = row[:-1]
            if errors:
                yield Reject(file, start, "; ".join(errors), raw)
            elif len(row) != len(columns):
                yield Reject(
                    file, start, f"row has {len(row)} fields, the header has {len(columns)}", raw
                )
            else:
                yield start, dict(zip(columns, row, strict=True))
    except csv.Error as exc:
        line = consumed[0].number if consumed else None
        raise FileProblem(
            file, f"CSV syntax error: {exc}; the rest of the file was not read", line=line
        ) from exc
