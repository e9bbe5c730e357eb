"""Readers for publishers' CSV exports, recognised by their header names: Scopus, IEEE
Xplore, SpringerLink, and Web of Science tab-delimited.

Field mapping (column → paper):

==============  ======================  ==================  ================  ====================
paper           Scopus                  IEEE Xplore         SpringerLink      WoS tab-delimited
==============  ======================  ==================  ================  ====================
``title``       Title                   Document Title      Item Title        TI
``abstract``    Abstract                Abstract            --                AB
``authors``     Author full names,      Authors (``;``)     Authors (names    AF, else AU (``;``)
                else Authors (``;``)                        run together:
                                                            split at case
                                                            changes)
``date``        Year                    Publication Year    Publication Year  PD + PY
``doi``         DOI                     DOI                 Item DOI          DI
``url``         Link                    PDF Link            URL               --
``references``  References (``;``):     --                  --                CR (``;``): DOI,
                the title of each                                             arXiv id, or as
                                                                              written
``alt_ids``     EID (``scopus:…``)      --                  --                UT (``wos:…``)
``extra``       Source title,           Publication Title,  Publication       SO, DT, DE, TC
                Author Keywords,        Author Keywords,    Title, Content
                Cited by                Article Citation    Type
                                        Count
==============  ======================  ==================  ================  ====================

Scopus writes a trailing comma after the last field of most rows (one field more than
the header): an empty last field is dropped, so those rows are read like the others.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graph.paper import Paper, SourceRef
from graph.sources.bibliographic import _date, _first_last, wos_reference
from graph.sources.common import clean_text, make_paper
from graph.sources.records import RecordError, Reject
from graph.sources.tabular import csv_records
from graph.sources.textio import FileProblem, Line

__all__ = ["PROFILES", "profile_for_header", "read_publisher_csv", "scopus_reference_title"]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _split(value: str, separator: str = ";") -> list[str]:
    return [part.strip() for part in value.split(separator) if part.strip()]


_RUN_TOGETHER = re.compile(r"(?<=[a-z.])(?<!\bMc)(?<!\bMac)(?=(?:Prof\.|Dr\.|[A-Z][a-z]))")


def split_run_together(value: str) -> list[str]:
    """SpringerLink's author cell writes names with nothing between them.

    >>> split_run_together("Araz R. AlievNigar T. Ismayilova")
    ['Araz R. Aliev', 'Nigar T. Ismayilova']
    """
    parts = _RUN_TOGETHER.split(value)
    names: list[str] = []
    for part in parts:
        part = part.strip()
        if names and names[-1] in ("Prof.", "Dr.", "Prof. Dr."):
            names[-1] = f"{names[-1]} {part}"
        elif part:
            names.append(part)
    return names


_SCOPUS_AUTHOR = re.compile(r"^[\w'\u2019\-]+(?: [\w'\u2019\-]+)* (?:[A-Z]\.-?)+$|^et al\.?$")


def scopus_reference_title(reference: str) -> str:
    """The cited title in a Scopus reference ("Authors, Title, (Year) Source, …").

    >>> scopus_reference_title("Vaswani A., Shazeer N., Attention is all you need, (2017) NeurIPS")
    'Attention is all you need'
    >>> scopus_reference_title("Devlin J., Chang M.-W., BERT: Pre-training of transformers, (2019)")
    'BERT: Pre-training of transformers'
    """
    reference = clean_text(reference)
    doi = re.search(r"\b(10\.\d{4,9}/\S+)", reference)
    if doi:
        return doi.group(1).rstrip(".,;")
    head = re.split(r",?\s*\(\d{4}\)", reference, maxsplit=1)[0]
    segments = [s.strip() for s in head.split(", ")]
    while segments and _SCOPUS_AUTHOR.match(segments[0]):
        segments.pop(0)
    return ", ".join(segments) or reference


def _scopus(row: dict[str, str]) -> dict[str, Any]:
    authors = _split(row.get("Author full names", "")) or _split(row.get("Authors", ""))
    authors = [_first_last(re.sub(r"\s*\(\d+\)$", "", a)) for a in authors]  # "Kim, M. (3)"
    return {
        "title": row.get("Title", ""),
        "abstract": _abstract(row.get("Abstract", "")),
        "authors": authors,
        "date": row.get("Year") or None,
        "doi": row.get("DOI") or None,
        "url": row.get("Link") or None,
        "references": [scopus_reference_title(r) for r in _split(row.get("References", ""))],
        "ids": [f"scopus:{row['EID']}"] if row.get("EID") else [],
        "extra": {
            "venue": row.get("Source title"),
            "keywords": row.get("Author Keywords"),
            "cited_by": row.get("Cited by"),
        },
    }


def _abstract(value: str) -> str:
    value = clean_text(value)
    return "" if value.casefold() in ("[no abstract available]", "no abstract available") else value


def _ieee(row: dict[str, str]) -> dict[str, Any]:
    return {
        "title": row.get("Document Title", ""),
        "abstract": _abstract(row.get("Abstract", "")),
        "authors": _split(row.get("Authors", "")),
        "date": row.get("Publication Year") or None,
        "doi": row.get("DOI") or None,
        "url": row.get("PDF Link") or None,
        "extra": {
            "venue": row.get("Publication Title"),
            "keywords": row.get("Author Keywords"),
            "cited_by": row.get("Article Citation Count"),
        },
    }


def _springer(row: dict[str, str]) -> dict[str, Any]:
    return {
        "title": row.get("Item Title", ""),
        "authors": split_run_together(row.get("Authors", "")),
        "date": row.get("Publication Year") or None,
        "doi": row.get("Item DOI") or None,
        "url": row.get("URL") or None,
        "extra": {"venue": row.get("Publication Title"), "content_type": row.get("Content Type")},
    }


def _wos_tab(row: dict[str, str]) -> dict[str, Any]:
    authors = _split(row.get("AF", "")) or _split(row.get("AU", ""))
    accession = row.get("UT", "")
    return {
        "title": row.get("TI", ""),
        "abstract": row.get("AB", ""),
        "authors": [_first_last(a) for a in authors],
        "date": _date(row.get("PY"), (row.get("PD") or "")[:3]),
        "doi": row.get("DI") or None,
        "references": [wos_reference(r) for r in _split(row.get("CR", ""))],
        "ids": [f"wos:{accession.removeprefix('WOS:')}"] if accession else [],
        "extra": {
            "venue": row.get("SO"),
            "document_type": row.get("DT"),
            "keywords": row.get("DE"),
            "times_cited": row.get("TC"),
        },
    }


# format -> (delimiter, columns that must all be in the header, converter)
PROFILES: dict[str, tuple[str, tuple[str, ...], Callable[[dict[str, str]], dict[str, Any]]]] = {
    "scopus-csv": (",", ("Title", "Source title"), _scopus),
    "ieee-csv": (",", ("Document Title", "Publication Title"), _ieee),
    "springer-csv": (",", ("Item Title", "Item DOI"), _springer),
    "wos-tsv": ("\t", ("PT", "TI"), _wos_tab),
}


def profile_for_header(header: list[str], delimiter: str) -> str | None:
    """The publisher format whose columns ``header`` holds, or ``None``.

    >>> profile_for_header(["Item Title", "Item DOI", "Authors", "Content Type"], ",")
    'springer-csv'
    """
    names = {name.strip().lstrip("\ufeff") for name in header}
    for fmt, (sep, needed, _) in PROFILES.items():
        if sep == delimiter and set(needed) <= names:
            return fmt
    return None


def read_publisher_csv(lines: Iterable[Line], file: str, fmt: str) -> Iterator[Paper | Reject]:
    """The rows of a publisher export in format ``fmt`` (a key of :data:`PROFILES`)."""
    delimiter, needed, convert = PROFILES[fmt]

    def columns_of(header: list[str]) -> list[str]:
        columns = [name.strip().lstrip("\ufeff") for name in header]
        while columns and not columns[-1]:  # a header with a trailing separator
            columns.pop()
        missing = [name for name in needed if name not in columns]
        if missing:
            raise FileProblem(file, f"the {fmt} header lacks {', '.join(missing)}", line=1)
        return columns

    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    rows = csv_records(
        lines, file, columns_of, trailing_separator=True, delimiter=delimiter, quoting=quoting
    )
    for item in rows:
        if isinstance(item, Reject):
            yield item
            continue
        start, record = item
        try:
            mapped = convert(record)
            mapped["extra"] = {k: v for k, v in mapped["extra"].items() if v}
            yield make_paper(mapped, SourceRef(file, start, fmt))
        except RecordError as exc:
            yield Reject(file, start, str(exc), record)
