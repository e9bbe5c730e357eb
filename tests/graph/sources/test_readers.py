"""The readers of real bibliographic sources, on the CC0 samples (copied from
../shared/samples) and on hand-made fixtures in the shapes of the others."""

from __future__ import annotations

import gzip
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.paper import Paper
from graph.sources import Reject, detect_format, read_papers
from graph.sources.ingest import ingest
from graph.sources.textio import FileProblem
from tests.conftest import DATA

SAMPLES = DATA / "samples"
SOURCES = DATA / "sources"


def figures(path: Path) -> tuple[str, int, int, int, int, int, Counter[str]]:
    """format, records, with abstract, with references, with arXiv id, with DOI, rejects."""
    out = list(read_papers(path))
    papers = [p for p in out if isinstance(p, Paper)]
    rejects = Counter(re.sub(r"^record \d+: ", "", r.reason) for r in out if isinstance(r, Reject))
    return (
        detect_format(path),
        len(out),
        sum(bool(p.abstract) for p in papers),
        sum(bool(p.references) for p in papers),
        sum(bool(p.arxiv_id) for p in papers),
        sum(bool(p.doi) for p in papers),
        rejects,
    )


NO_REJECTS: Counter[str] = Counter()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("samples/arxiv/api_query_10.atom.xml", ("arxiv-atom", 10, 10, 0, 10, 6, NO_REJECTS)),
        (
            "samples/arxiv/arxiv-metadata-oai-snapshot_head200.json",
            ("arxiv-jsonl", 200, 200, 0, 200, 117, NO_REJECTS),
        ),
        ("samples/arxiv/oai-pmh_ListRecords_arXiv.xml", ("arxiv-oai", 1, 1, 0, 1, 1, NO_REJECTS)),
        (
            "samples/openalex/snapshot_works_part_000.jsonl",
            (
                "openalex-jsonl",
                27,
                0,
                0,
                0,
                11,
                Counter({"record has neither a title nor an abstract": 16}),
            ),
        ),
        ("samples/openalex/work_W2741809807.json", ("openalex", 1, 1, 1, 0, 1, NO_REJECTS)),
        ("sources/openalex_page.json", ("openalex", 3, 2, 2, 2, 1, NO_REJECTS)),
        ("sources/s2_paper.json", ("s2", 1, 1, 1, 1, 0, NO_REJECTS)),
        (
            "sources/s2_references_page.json",
            ("s2", 3, 0, 0, 0, 0, Counter({"record has neither a title nor an abstract": 1})),
        ),
        (
            "sources/s2orc.jsonl",
            (
                "s2-jsonl",
                3,
                1,
                1,
                2,
                1,
                Counter(
                    {
                        "not valid JSON: Expecting property name enclosed in double quotes (column 2)": 1
                    }
                ),
            ),
        ),
        (
            "sources/hf_daily.json",
            ("hf-daily", 2, 1, 0, 1, 0, Counter({"the paper has no id": 1})),
        ),
        (
            "sources/papers.bib",
            (
                "bibtex",
                4,
                2,
                0,
                3,
                1,
                Counter(
                    {
                        "BibTeX syntax error: Unexpected block start: `@misc`. Was still looking for "
                        "field-value closing `}`": 1
                    }
                ),
            ),
        ),
        (
            "sources/papers.ris",
            ("ris", 3, 2, 0, 1, 2, Counter({"record has neither a title nor an abstract": 1})),
        ),
        ("sources/wos.txt", ("wos", 1, 1, 1, 0, 1, NO_REJECTS)),
        ("sources/wos.tsv", ("wos-tsv", 1, 1, 1, 0, 1, NO_REJECTS)),
        (
            "sources/scopus.csv",
            ("scopus-csv", 3, 1, 1, 0, 2, Counter({"row has 2 fields, the header has 12": 1})),
        ),
        ("sources/ieee.csv", ("ieee-csv", 1, 1, 0, 0, 1, NO_REJECTS)),
        ("sources/springer.csv", ("springer-csv", 1, 0, 0, 0, 1, NO_REJECTS)),
    ],
)
def test_each_file_is_read_with_the_figures_of_the_report(name: str, expected: tuple) -> None:
    assert figures(DATA / name) == expected


def test_every_record_is_accounted_for_per_file_and_format() -> None:
    paths = sorted(
        str(p)
        for d in (SAMPLES, SOURCES)
        for p in d.rglob("*")
        if p.is_file() and p.suffix != ".md"
    )
    result = ingest(paths)
    assert result.balanced and not result.problems
    assert {stats.format for stats in result.inputs} >= {
        "arxiv-atom",
        "arxiv-jsonl",
        "arxiv-oai",
        "openalex",
        "openalex-jsonl",
        "s2",
        "s2-jsonl",
        "hf-daily",
        "bibtex",
        "ris",
        "wos",
        "wos-tsv",
        "scopus-csv",
        "ieee-csv",
        "springer-csv",
    }
    for stats in result.inputs:
        assert stats.rejected == sum(1 for r in result.rejects if r.file == stats.file)
        assert all(r.reason for r in result.rejects)


def paper(name: str, index: int = 0) -> Paper:
    return [p for p in read_papers(DATA / name) if isinstance(p, Paper)][index]


def test_openalex_work_keeps_abstract_ids_references_and_topics() -> None:
    work = paper("samples/openalex/work_W2741809807.json")
    assert work.id == "openalex:W2741809807" and work.doi == "10.7717/peerj.4375"
    assert work.abstract.startswith("Despite growing interest in Open Access")
    assert len(work.references) == 45 and all(r.startswith("openalex:W") for r in work.references)
    assert work.authors[0] == "Heather Piwowar" and work.date == "2018-02-13"
    assert "mag:2741809807" in work.alt_ids and "pmid:29456894" in work.alt_ids
    assert work.extra["primary_topic"] and work.extra["concepts"]


def test_openalex_arxiv_id_comes_from_locations_or_the_arxiv_doi() -> None:
    first, second = paper("sources/openalex_page.json"), paper("sources/openalex_page.json", 1)
    assert (first.arxiv_id, first.doi) == ("2202.12139", "10.1109/icstw55395.2022.00035")
    assert (second.arxiv_id, second.doi) == ("2204.08348", None)  # 10.48550/arxiv.X is arXiv's


def test_openalex_snapshot_reads_through_gzip(tmp_path: Path) -> None:
    target = tmp_path / "part_000.gz"
    with (
        open(SAMPLES / "openalex/snapshot_works_part_000.jsonl", "rb") as src,
        gzip.open(target, "wb") as out,
    ):
        shutil.copyfileobj(src, out)
    assert detect_format(target) == "openalex-jsonl"
    assert sum(isinstance(p, Paper) for p in read_papers(target)) == 11


def test_semantic_scholar_paper_keeps_external_ids_references_and_citations() -> None:
    s2 = paper("sources/s2_paper.json")
    assert s2.id == "s2:a3b1c2d4e5f60718293a4b5c6d7e8f9012345678"
    assert (s2.arxiv_id, s2.alt_ids) == ("2302.03287", ["corpusid:256616081"])
    assert s2.references == [
        "arxiv:2202.12139",
        "doi:10.1145/3533767.3534401",
        "s2:c000000000000000000000000000000000000002",
        "Active Fuzzing for Testing and Securing Cyber-Physical Systems",
    ]
    assert s2.extra["cited_by"] == ["arxiv:2503.05378"]
    assert s2.extra["tldr"] == "ChatGPT answers testing questions."


def test_s2orc_authors_are_first_middle_last_and_citations_corpus_ids() -> None:
    s2orc = paper("sources/s2orc.jsonl")
    assert s2orc.authors == ["Yuqi Chen", "Bohan Xuan", "Christopher M. Poskitt"]
    assert s2orc.id == "corpusid:219177000" and s2orc.arxiv_id == "2005.14124"
    assert s2orc.references == ["corpusid:219177001", "corpusid:256616081"]


def test_bibtex_latex_names_arxiv_eprints_and_macros() -> None:
    first, survey, review = (paper("sources/papers.bib", i) for i in range(3))
    assert first.authors == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert first.date == "2022-04" and first.arxiv_id == "2202.12139"
    assert first.extra["venue"] == "IEEE International Conference on Software Testing Workshops"
    assert survey.authors[-1] == "Jérôme Müller" and survey.arxiv_id == "2503.05378"
    assert review.arxiv_id == "1812.11470"


def test_bibtex_volume_is_rejected_and_its_year_inherited(tmp_path: Path) -> None:
    path = tmp_path / "v.bib"
    path.write_text(
        "@proceedings{v1, booktitle = {Proc. X}, year = {2022}}\n"
        "@inproceedings{p1, title = {A Paper}, author = {Doe, Jane}}\n"
    )
    volume, entry = read_papers(path)
    assert volume.reason == "@proceedings{v1} is a volume, not a paper"
    assert (entry.date, entry.extra["venue"], entry.authors) == ("2022", "Proc. X", ["Jane Doe"])


def test_ris_with_carriage_returns_and_wos_references() -> None:
    ris = paper("sources/papers.ris")
    assert (ris.arxiv_id, ris.doi, ris.authors) == (
        "2204.08348",
        "10.1145/3533767.3534401",
        ["Kim, Myeongsoo", "Xin, Qi"],
    )
    wos = paper("sources/wos.txt")
    assert wos.references == [
        "doi:10.1109/icstw55395.2022.00035",
        "arxiv:2204.08348",
        "Chen Y, 2020, Active Fuzzing for Testing and Securing Cyber-Physical Systems",
        "NOBODY A, 1999, J NOWHERE, V1, P1",
    ]
    assert (wos.alt_ids, wos.date, wos.authors) == (
        ["wos:000999000100001"],
        "2023-04",
        ["Sajed Jalil", "Suzzana Rafi"],
    )


def test_scopus_trailing_field_authors_and_reference_titles() -> None:
    scopus = paper("sources/scopus.csv")
    assert scopus.authors == ["Sajed Jalil", "Suzzana Rafi"]
    assert scopus.references[0] == (
        "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"
    )
    assert paper("sources/scopus.csv", 1).abstract == ""  # "[No abstract available]"


def test_springer_run_together_authors() -> None:
    assert paper("sources/springer.csv").authors == [
        "Amit Kumar",
        "Ruth McDonald",
        "Prof. Dr. Jane Doe",
    ]


def test_hugging_face_daily_papers() -> None:
    daily = paper("sources/hf_daily.json")
    assert (daily.id, daily.upvotes, daily.date) == ("arxiv:2503.05378", 3, "2025-03-07")
    assert daily.extra["github_repo"] == "https://github.com/example/webtesting"


def test_a_single_paper_object_in_papergraphs_names_is_read(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{\n  "title": "GloVe",\n  "abstract": "Vectors."\n}\n')
    assert detect_format(path) == "json-doc"
    [glove] = read_papers(path)
    assert glove.title == "GloVe"


def test_bad_json_document_is_a_file_problem_after_good_records(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text('{"results": [{"id": "https://openalex.org/W1", "title": "A"},\n {"id": oops')
    out = read_papers(path, "openalex")
    assert next(out).id == "openalex:W1"
    with pytest.raises(FileProblem, match="not valid JSON"):
        next(out)


def test_a_csv_summary_column_is_read_as_the_abstract(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,title,summary\nx1,GloVe,Vectors for words.\n")
    [glove] = read_papers(path)
    assert (glove.id, glove.abstract) == ("x1", "Vectors for words.")


def test_s2_datasets_papers_and_abstracts_merge_on_the_corpus_id(tmp_path: Path) -> None:
    papers = tmp_path / "papers.jsonl"
    papers.write_text(
        '{"corpusid": 13756489, "externalids": {"ArXiv": "1706.03762", "CorpusId": "13756489"},'
        ' "title": "Attention Is All You Need", "authors": [{"authorId": "1", "name": "A. V."}],'
        ' "publicationdate": "2017-06-12"}\n'
    )
    abstracts = tmp_path / "abstracts.jsonl"
    abstracts.write_text('{"corpusid": 13756489, "abstract": "The dominant models."}\n')
    result = ingest([papers, abstracts])
    [merged] = result.papers
    assert (merged.id, merged.arxiv_id, merged.abstract) == (
        "corpusid:13756489",
        "1706.03762",
        "The dominant models.",
    )
    assert result.merged == 1 and result.balanced


FIXTURES = sorted(
    p for d in (SAMPLES, SOURCES) for p in d.rglob("*") if p.is_file() and p.suffix != ".md"
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(FIXTURES), st.floats(0, 1), st.binary(max_size=8))
def test_cut_or_damaged_files_give_records_rejects_or_one_file_problem(
    tmp_path: Path, source: Path, where: float, junk: bytes
) -> None:
    data = source.read_bytes()[:300_000]
    cut = int(len(data) * where)
    damaged = tmp_path / f"damaged{source.suffix}"
    damaged.write_bytes(data[:cut] + junk + data[cut : cut + 2000])
    fmt = detect_format(source)
    try:
        for record in read_papers(damaged, fmt):
            assert isinstance(record, (Paper, Reject))
    except FileProblem as problem:
        assert str(problem).startswith(str(damaged)) and "\n" not in problem.reason
    try:
        detect_format(damaged)
    except ValueError as refused:
        assert "\n" not in str(refused)
