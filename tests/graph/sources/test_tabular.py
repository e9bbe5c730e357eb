"""JSON Lines, JSON array and CSV/TSV readers, on good and broken files."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.paper import Paper
from graph.sources import FileProblem, Reject, detect_format, read_papers


def papers_and_rejects(path, **kw) -> tuple[list[Paper], list[Reject]]:
    out = list(read_papers(path, **kw))
    return [r for r in out if isinstance(r, Paper)], [r for r in out if isinstance(r, Reject)]


def test_formats_by_extension() -> None:
    assert detect_format("a.TXT") == "hf-listing"
    assert detect_format("a.jsonl") == detect_format("a.ndjson") == "jsonl"
    assert detect_format("a.csv.gz") == "csv"
    with pytest.raises(ValueError, match=r"a\.pdf: unknown input format \(\.pdf\)"):
        detect_format("a.pdf")


def test_jsonl_keeps_ids_verbatim_and_maps_fields(write) -> None:
    rows = [
        {"id": "W2963", "title": "BERT", "abstract": "Deep bidirectional.",
         "authors": ["Jacob Devlin", {"name": "Ming-Wei Chang"}], "date": "2018-10-11",
         "url": "https://arxiv.org/abs/1810.04805v2", "references": ["1706.03762"],
         "venue": "NAACL"},
        {"id": 17, "summary": "Only an abstract.", "authors": 4, "doi": "10.1234/X"},
    ]  # fmt: skip
    path = write("p.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    [bert, other], rejects = papers_and_rejects(path)
    assert rejects == []
    assert bert.id == "W2963" and bert.arxiv_id == "1810.04805" and bert.date == "2018-10-11"
    assert bert.authors == ["Jacob Devlin", "Ming-Wei Chang"] and bert.author_count == 2
    assert bert.references == ["1706.03762"] and bert.extra == {"venue": "NAACL"}
    assert (bert.sources[0].file, bert.sources[0].line) == (str(path), 1)
    assert other.id == "17" and other.abstract == "Only an abstract." and other.author_count == 4
    assert other.doi == "10.1234/x" and other.sources[0].line == 2


def test_jsonl_bad_lines_are_rejected_with_their_line(write) -> None:
    path = write(
        "p.jsonl",
        '{"title": "ok"}\n{"title": \n[1, 2]\n{"abstract": ""}\n'
        '{"title": ["x"]}\n{"title": "t", "upvotes": "many"}\n',
    )
    papers, rejects = papers_and_rejects(path)
    assert [p.title for p in papers] == ["ok"]
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [
        (2, "not valid JSON"),
        (3, "expected a JSON object, got list"),
        (4, "record has neither a title nor an abstract"),
        (5, "field 'title' must be text, got list"),
        (6, "field 'upvotes' must be a whole number, got 'many'"),
    ]
    assert rejects[0].raw == '{"title": '


def test_bom_crlf_and_gzip(write, tmp_path) -> None:
    path = write("p.jsonl", b'\xef\xbb\xbf{"title": "A"}\r\n{"title": "B"}\r\n')
    assert [p.title for p in papers_and_rejects(path)[0]] == ["A", "B"]
    gz = tmp_path / "p.jsonl.gz"
    gz.write_bytes(gzip.compress(b'{"title": "C"}\n'))
    assert [p.title for p in papers_and_rejects(gz)[0]] == ["C"]


def test_non_utf8_line_is_rejected_and_latin1_can_be_asked_for(write) -> None:
    path = write("p.jsonl", b'{"title": "ok"}\n{"title": "caf\xe9"}\n')
    papers, [reject] = papers_and_rejects(path)
    assert reject.line == 2 and reject.reason == "byte 0xe9 at column 15 is not valid utf-8"
    papers, rejects = papers_and_rejects(path, encoding="latin-1")
    assert [p.title for p in papers] == ["ok", "café"] and rejects == []


def test_utf16_file_is_refused_with_a_fix(write) -> None:
    path = write("p.jsonl", '{"title": "A"}\n'.encode("utf-16"))
    with pytest.raises(FileProblem, match="UTF-16; convert it to UTF-8"):
        list(read_papers(path))


def test_json_array_streams_elements_with_line_numbers(write) -> None:
    path = write(
        "p.json", '[\n  {"title": "A"},\n  {"title": "B",\n   "abstract": "b"},\n  {"id": "x"}\n]\n'
    )
    papers, [reject] = papers_and_rejects(path)
    assert [(p.title, p.sources[0].line) for p in papers] == [("A", 2), ("B", 3)]
    assert reject.line == 5 and "neither a title nor an abstract" in reject.reason


def test_json_array_syntax_error_names_the_line_after_good_records(write) -> None:
    path = write("p.json", '[{"title": "A"},\n {"title": "B"}\n {"title": "C"}]')
    out = read_papers(path)
    assert next(out).title == "A"
    assert next(out).title == "B"
    with pytest.raises(FileProblem) as info:
        next(out)
    assert info.value.line == 3 and "expected ',' or ']'" in info.value.reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"title": "A"}', "not closed"),
        ('[{"title": "A"}] [', "after the closing"),
        ('[{"title": "A"},]', "trailing comma"),
        ('[{"title": "A"}, {"title": }]', "Expecting value"),
    ],
)
def test_json_array_shape_problems(write, text, message) -> None:
    with pytest.raises(FileProblem, match=message):
        list(read_papers(write("p.json", text)))


@given(
    st.lists(
        st.fixed_dictionaries(
            {"title": st.text(min_size=1).filter(str.strip), "abstract": st.text()}
        ),
        max_size=5,
    ),
    st.sampled_from([None, 0, 2]),
)
def test_json_array_reads_back_what_json_dumps_writes(tmp_path_factory, rows, indent) -> None:
    path = tmp_path_factory.mktemp("j") / "p.json"
    path.write_text(json.dumps(rows, indent=indent, ensure_ascii=False), encoding="utf-8")
    papers, rejects = papers_and_rejects(path)
    assert rejects == []
    assert [(p.title, p.abstract) for p in papers] == [
        (" ".join(r["title"].split()), " ".join(r["abstract"].split())) for r in rows
    ]


def test_csv_with_quoted_multiline_fields_and_extra_columns(write) -> None:
    text = (
        "id,Title,abstract,authors,date,references,venue\r\n"
        'a1,"ResNet, deep","Line one\nline two",K. He; X. Zhang,2015,'
        "1409.1556;1502.03167,CVPR\r\n"
        "\r\n"
        'a2,ViT,An image is worth 16x16 words.,,"Oct 22, 2020",,\r\n'
    )
    papers, rejects = papers_and_rejects(write("p.csv", text))
    assert rejects == []
    a1, a2 = papers
    assert (a1.id, a1.title, a1.abstract) == ("a1", "ResNet, deep", "Line one line two")
    assert a1.authors == ["K. He", "X. Zhang"] and a1.date == "2015"
    assert a1.references == ["1409.1556", "1502.03167"] and a1.extra == {"venue": "CVPR"}
    assert (a2.sources[0].line, a2.date, a2.date_text) == (5, "2020-10-22", "Oct 22, 2020")


def test_tsv(write) -> None:
    papers, _ = papers_and_rejects(write("p.tsv", "title\tabstract\nA, b\tc\n"))
    assert papers[0].title == "A, b"


def test_csv_without_needed_columns_is_a_file_problem(write) -> None:
    with pytest.raises(FileProblem) as info:
        list(read_papers(write("p.csv", "name,summary_text\nx,y\n")))
    assert info.value.line == 1
    assert "lacks the required column(s) title, abstract; found: name, summary_text" in str(
        info.value
    )


def test_csv_bad_rows_are_rejected(write) -> None:
    text = b"title,abstract\nok,fine\ntoo,many,fields\ncaf\xe9,x\n,\n"
    papers, rejects = papers_and_rejects(write("p.csv", text))
    assert [p.title for p in papers] == ["ok"]
    assert [(r.line, r.reason) for r in rejects] == [
        (3, "row has 3 fields, the header has 2"),
        (4, "line 4: byte 0xe9 at column 4 is not valid utf-8"),
    ]


def test_csv_unclosed_quote_is_a_file_problem_with_its_line(write) -> None:
    out = read_papers(write("p.csv", 'title,abstract\nok,fine\n"broken,x\nmore\n'))
    assert next(out).title == "ok"
    with pytest.raises(FileProblem) as info:
        list(out)
    assert info.value.line == 3 and "CSV syntax error" in info.value.reason


def test_directory_and_missing_files(tmp_path) -> None:
    with pytest.raises(FileProblem, match="is a directory"):
        list(read_papers(tmp_path, format="jsonl"))
    with pytest.raises(FileProblem, match="cannot open"):
        list(read_papers(tmp_path / "nope.jsonl"))
