"""Property tests of ingest on hostile input (issue 18): any decoded record becomes a
paper or a one-sentence reject; generated listing pages, JSON Lines, JSON arrays and
CSV files (``benchmarks/fuzz_inputs.py``: real seed shapes and arXiv records, spoilt
with alphabets that hold lone surrogates and control characters) keep every
invariant (``benchmarks/fuzz_ingest.py``'s ``check_run``)."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import ingest
from graph.paper import Paper, SourceRef
from graph.sources.records import RecordError, Reject, hostile_value, paper_from_mapping
from tests.conftest import PROJECT, SHARED

sys.path.insert(0, str(PROJECT / "benchmarks"))
import fuzz_ingest
import fuzz_inputs

# --- properties: any record, any page ------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(alphabet=st.sampled_from(fuzz_inputs.HOSTILE_CHARS) | st.characters(), max_size=8),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "id",
        "title",
        "abstract",
        "upvotes",
        "authors",
        "date",
        "doi",
        "arxiv_id",
        "alt_ids",
        "references",
        "url",
        "author_count",
        "extra",
        "sources",
        "summary",
        "x",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(field_names, json_values, max_size=6))
def test_any_decoded_record_becomes_a_paper_or_a_record_error(record) -> None:
    try:
        paper = paper_from_mapping(record, SourceRef("f.jsonl", 1, "jsonl"))
    except RecordError as exc:
        reject = Reject("f.jsonl", 1, str(exc), record)
        json.dumps(reject.to_dict(), allow_nan=False, ensure_ascii=False).encode("utf-8")
        assert "\n" not in str(exc)
        return
    assert hostile_value(paper.to_dict()) is None
    json.dumps(paper.to_dict(), allow_nan=False, ensure_ascii=False).encode("utf-8")
    assert Paper.from_json(paper.to_json()) == paper


try:
    SHAPES = fuzz_inputs.load_shapes(SHARED)
except FileNotFoundError:
    SHAPES = None
needs_seeds = pytest.mark.skipif(SHAPES is None, reason=f"no seed pages in {SHARED / 'seeds'}")
fuzz_settings = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def _non_blank_lines(data: bytes) -> int:
    return sum(1 for raw in data.split(b"\n") if raw.decode("utf-8", "replace").strip())


@needs_seeds
@fuzz_settings
@given(st.data())
def test_generated_pages_and_records_keep_every_invariant(tmp_path_factory, data) -> None:
    files = data.draw(fuzz_inputs.example_files(SHAPES))
    directory = tmp_path_factory.mktemp("fuzz")
    assert fuzz_ingest.run_ingest(files, directory) == []


@needs_seeds
@fuzz_settings
@given(st.data())
def test_every_json_line_is_read_once(tmp_path_factory, data) -> None:
    """read counts each non-blank line of a JSON Lines file exactly once."""
    content = data.draw(fuzz_inputs.json_lines(SHAPES))
    path = tmp_path_factory.mktemp("lines") / "p.jsonl"
    path.write_bytes(content)
    result = ingest([path])
    assert result.balanced and result.read == _non_blank_lines(content)
    ids = [p.id for p in result.papers]
    assert len(ids) == len(set(ids))


@needs_seeds
@fuzz_settings
@given(st.data())
def test_listing_pages_read_as_papers_and_rejects_only(tmp_path_factory, data) -> None:
    path = tmp_path_factory.mktemp("page") / "page.txt"
    path.write_bytes(data.draw(fuzz_inputs.listing_pages(SHAPES)))
    result = ingest([path], format="hf-listing")  # the reader's robustness, not detection
    assert result.balanced
    assert all(p.reason.startswith("empty file") for p in result.problems)
    for paper in result.papers:
        assert paper.title or paper.abstract
        assert hostile_value(paper.to_dict()) is None
