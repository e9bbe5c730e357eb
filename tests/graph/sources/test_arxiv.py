"""The arXiv readers: API Atom feeds (current and legacy), OAI-PMH (arXiv, arXivRaw) and
the metadata snapshot, on the CC0 samples and small hand-made feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.paper import Paper
from graph.sources import detect_format, read_papers
from graph.sources.arxiv import split_authors
from graph.sources.textio import FileProblem
from tests.conftest import DATA

SAMPLES = DATA / "samples"


def paper(name: str, index: int = 0) -> Paper:
    return [p for p in read_papers(SAMPLES / name) if isinstance(p, Paper)][index]


def test_arxiv_snapshot_gets_id_v1_date_and_split_authors() -> None:
    first = paper("arxiv/arxiv-metadata-oai-snapshot_head200.json")
    assert (first.id, first.arxiv_id, first.date) == ("arxiv:0704.0001", "0704.0001", "2007-04-02")
    assert first.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"]
    assert first.extra["update_date"] == "2008-11-26" and first.extra["versions"] == 2


def test_arxiv_atom_entry_maps_id_dates_doi_and_categories() -> None:
    entry = paper("arxiv/api_query_10.atom.xml")
    assert (entry.id, entry.date, entry.doi) == (
        "arxiv:2202.12139",
        "2022-02-24",
        "10.1109/icstw55395.2022.00035",
    )
    assert entry.authors == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert entry.extra["primary_category"] == "cs.SE" and entry.sources[0].line == 10


LEGACY_ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <title type="html">ArXiv Query: search_query=id:0704.0001</title>
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v2</id>
    <published>1999-01-01T00:00:00Z</published>
    <title>An old-style id</title>
    <summary>  A legacy feed entry.
    </summary>
    <author><name>A. Author</name></author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.48550/arXiv.hep-th/9901001</arxiv:doi>
    <link title="pdf" href="http://arxiv.org/pdf/hep-th/9901001v2" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="hep-th" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345</summary>
  </entry>
</feed>
"""


def test_legacy_atom_feed_and_api_errors(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(LEGACY_ATOM)
    assert detect_format(path) == "arxiv-atom"
    entry, error = read_papers(path)
    assert (entry.id, entry.doi, entry.abstract) == (
        "arxiv:hep-th/9901001",
        None,
        "A legacy feed entry.",
    )
    assert error.line == 15 and "the arXiv API returned an error" in error.reason


ARXIV_RAW = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<request verb="GetRecord" metadataPrefix="arXivRaw">http://export.arxiv.org/oai2</request>
<GetRecord><record><header><identifier>oai:arXiv.org:1706.03762</identifier></header>
<metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>1706.03762</id>
<version version="v1"><date>Mon, 12 Jun 2017 17:57:34 GMT</date></version>
<version version="v7"><date>Wed, 2 Aug 2023 00:41:18 GMT</date></version>
<title>Attention Is All You Need</title>
<authors>Ashish Vaswani, Noam Shazeer and Niki Parmar</authors>
<abstract>The dominant sequence transduction models.</abstract></arXivRaw></metadata></record>
<record><header status="deleted"><identifier>oai:arXiv.org:0704.0002</identifier></header></record>
</GetRecord></OAI-PMH>
"""


def test_oai_pmh_arxivraw_versions_and_deleted_records(tmp_path: Path) -> None:
    path = tmp_path / "raw.xml"
    path.write_text(ARXIV_RAW)
    assert detect_format(path) == "arxiv-oai"
    record, deleted = read_papers(path)
    assert record.authors == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"]
    assert (record.date, record.extra["versions"]) == ("2017-06-12", 2)
    assert "deleted record oai:arXiv.org:0704.0002" in deleted.reason


def test_broken_xml_is_a_file_problem_after_the_good_records(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(LEGACY_ATOM[: LEGACY_ATOM.index("<entry>", 300)] + "<entry><id>x</i")
    out = read_papers(path)
    assert next(out).id == "arxiv:hep-th/9901001"
    with pytest.raises(FileProblem, match="XML"):
        list(out)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("A. Author, B. Author and C. Author", ["A. Author", "B. Author", "C. Author"]),
        ("A. Author (MIT, Cambridge), B. Author", ["A. Author (MIT, Cambridge)", "B. Author"]),
        ("Ann Anderson and Bob Brown", ["Ann Anderson", "Bob Brown"]),
        ('J. M\\"uller, et al', ["J. Müller"]),
        ("", []),
    ],
)
def test_arxiv_author_strings(text: str, names: list[str]) -> None:
    assert split_authors(text) == names
