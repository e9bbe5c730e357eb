"""Format detection by content: the extension may lie, and a file no reader fits is
refused with one sentence, never read as a listing page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.sources import detect_format
from graph.sources.detect import UnknownFormat, sniff_bytes
from graph.sources.ingest import find_inputs
from tests.conftest import DATA


@pytest.mark.parametrize(
    ("content", "name", "fmt"),
    [
        (b'{\n "id": "https://openalex.org/W1",\n "title": "A"\n}', "work.json", "openalex"),
        (b'{"id": "https://openalex.org/W1", "title": "A"}', "line.jsonl", "openalex-jsonl"),
        (b'{"meta": {}, "results": [{"id": "https://openalex.org/W1"}]}', "page.json", "openalex"),
        (b'[{"id": "https://openalex.org/W1"}]', "list.json", "openalex"),
        (
            b'{"id": "https://openalex.org/W1"}\n{"id": "https://openalex.org/W2"}\n',
            "x.json",
            "openalex-jsonl",
        ),
        (b'{\n  "paperId": "abc",\n  "title": "T"\n}', "p.json", "s2"),
        (b'{"id": "0704.0001", "versions": []}', "one.jsonl", "arxiv-jsonl"),
        (b'{\n "id": "0704.0001",\n "versions": []\n}', "one.json", "arxiv-json"),
        (b'[{"id": "0704.0001", "versions": []}]', "array.json", "arxiv-json"),
        (b'{"offset": 0, "data": [{"citedPaper": {"paperId": "a"}}]}', "refs.json", "s2"),
        (b'[{"paperId": "a"}, null]', "batch.json", "s2"),
        (
            b'{"paper_id": "1", "outbound_citations": []}\n{"paper_id": "2"}\n',
            "s2orc.jsonl",
            "s2-jsonl",
        ),
        (b'{"corpusid": 1, "externalids": {}}\n{"corpusid": 2}\n', "papers.jsonl", "s2-jsonl"),
        (b'{"corpusid": 1, "abstract": "A."}\n{"corpusid": 2}\n', "abstracts.jsonl", "s2-jsonl"),
        (b"Title,Source title,Year\n", "scopus.csv", "scopus-csv"),
        (b"PT\tAU\tTI\n", "savedrecs.txt", "wos-tsv"),
        (
            b'{"id": "0704.0001", "versions": []}\n{"id": "0704.0002"}\n',
            "snapshot.json",
            "arxiv-jsonl",
        ),
        (b'[{"paper": {"id": "2401.1", "title": "T"}}]', "daily.json", "hf-daily"),
        (
            b'{"paper": {"id": "2401.1", "title": "T"}}\n{"paper": {}}\n',
            "d.jsonl",
            "hf-daily-jsonl",
        ),
        (
            b'{"id": "p1", "title": "T", "summary": "S.", "upvotes": 3}\n',
            "d.jsonl",
            "hf-daily-jsonl",
        ),
        (b'{"title": "A"}\n{"title": "B"}\n', "mine.json", "jsonl"),
        (b'[{"title": "A"}]', "mine.txt", "json"),
        (
            b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
            "q.txt",
            "arxiv-atom",
        ),
        (b'<OAI-PMH><request metadataPrefix="arXivRaw">', "o.xml", "arxiv-oai"),
        (b"% comment\n@article{k, title={T}}\n", "refs.txt", "bibtex"),
        (b"TY  - JOUR\nTI  - T\nER  - \n", "export.txt", "ris"),
        (
            b"FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI T\nER\n",
            "savedrecs.txt",
            "wos",
        ),
        (b'"Item Title","Item DOI","Content Type"\n', "SearchResults.csv", "springer-csv"),
        (b'"Document Title",Authors,"Publication Title","PDF Link"\n', "export.csv", "ieee-csv"),
        (b"Authors,Title,Year,Source title,EID\n", "scopus.csv", "scopus-csv"),
        (b"PT\tAU\tTI\tUT\n", "savedrecs.txt", "wos-tsv"),
        (b"id,title,summary\n", "mine.csv", "csv"),
        (b"Daily Papers\n\nA Title\nAn abstract.\n", "page.txt", "hf-listing"),
    ],
)
def test_content_decides_the_format(content: bytes, name: str, fmt: str) -> None:
    assert sniff_bytes(content, name) == fmt


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"Attention Is All You Need\nDeep Residual Learning\nGloVe\n",
            "titles.txt",
            "titles.txt: not a format papergraph reads: 3 lines of plain text with no listing "
            "header, abstract or meta line (a list of titles?)",
        ),
        (b"%PDF-1.7 ...", "paper.pdf", "paper.pdf: a PDF file"),
        (b"%PDF-1.7 ...", "paper.jsonl", "paper.jsonl: a PDF file"),
        (b"PK\x03\x04....", "export.csv", "export.csv: a binary file"),
        (b"<html><body>Daily Papers</body></html>", "page.txt", "page.txt: an HTML page"),
        (b"<rss version='2.0'>", "feed.xml", "XML with root <rss>"),
        (b'<OAI-PMH><request metadataPrefix="oai_dc">', "o.xml", "not in the arXiv or arXivRaw"),
        (
            b'{"meta": {}, "results": [{"name": "x"}]}',
            "page.json",
            "page.json: a JSON page papergraph does not know",
        ),
        (b"# Notes\n\nSome paragraph.\nMore text.\n", "README.md", "README.md: not a format"),
    ],
)
def test_content_no_reader_fits_is_one_sentence(content: bytes, name: str, message: str) -> None:
    with pytest.raises(UnknownFormat, match=r"^") as info:
        sniff_bytes(content, name)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_the_samples_extension_lies_but_content_tells() -> None:
    snapshot = DATA / "samples/arxiv/arxiv-metadata-oai-snapshot_head200.json"
    assert detect_format(snapshot) == "arxiv-jsonl"  # JSON Lines named .json


def test_a_path_that_does_not_exist_is_told_by_its_extension() -> None:
    assert detect_format("later/refs.bib") == "bibtex"


def test_a_list_of_titles_is_refused_not_one_junk_paper(tmp_path: Path) -> None:
    titles = tmp_path / "titles.txt"
    titles.write_text("Attention Is All You Need\nDeep Residual Learning\n")
    result = CliRunner().invoke(cli, ["ingest", str(titles), "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2 and "a list of titles?" in result.output
    assert not (tmp_path / "p.jsonl").exists()


def test_skipped_files_in_a_folder_are_named_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "paper.pdf").write_bytes(b"%PDF-1.7")
    (folder / "titles.txt").write_text("One title\nAnother title\n")
    (folder / "good.jsonl").write_text(json.dumps({"title": "Kept", "abstract": "Yes."}) + "\n")
    assert [line.split(": ", 1)[0] for line in find_inputs([str(folder)]).skipped] == [
        str(folder / "paper.pdf"),
        str(folder / "titles.txt"),
    ]
    result = CliRunner().invoke(cli, ["ingest", str(folder), "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 0
    output = " ".join(result.output.split())
    assert f"skipped: {folder / 'paper.pdf'}: a PDF file" in output
    assert f"skipped: {folder / 'titles.txt'}: not a format papergraph reads" in output
    assert "read 1 = written 1" in output
