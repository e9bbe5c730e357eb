"""Citations resolved through every id form into CITES edges; co-citation and
bibliographic coupling links; references outside the corpus counted (or kept)."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from graph.building.builder import build_graph
from graph.building.citations import CitationIndex, add_citation_links
from graph.cli import cli
from graph.paper import Paper, normalize_arxiv_id
from graph.sources.ingest import ingest
from tests.conftest import DATA, EXAMPLES

TARGET = Paper(
    id="arxiv:1706.03762",
    title="Attention Is All You Need",
    abstract="We attend.",
    arxiv_id="1706.03762",
    doi="10.5555/3295222.3295349",
    alt_ids=[
        "openalex:W2963403868",
        "s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776",
        "corpusid:13756489",
    ],
)
OLD = Paper(id="old", title="Dualities in String Theory", arxiv_id="hep-th/9901001")


def cites(reference: str, target: Paper = TARGET) -> tuple[nx.MultiDiGraph, dict]:
    citing = Paper(id="citing", title="A Citing Paper", references=[reference])
    G = build_graph([target, OLD, citing], {})
    return G, G.get_edge_data("citing", target.id, "CITES")


@pytest.mark.parametrize(
    ("reference", "via"),
    [
        ("arxiv:1706.03762", "id"),  # the paper's id exactly as written
        ("1706.03762", "arxiv"),
        ("1706.03762v5", "arxiv"),
        ("arXiv:1706.03762v2", "arxiv"),
        ("https://arxiv.org/abs/1706.03762v5", "arxiv"),
        ("http://arxiv.org/pdf/1706.03762v1", "arxiv"),
        ("10.48550/arXiv.1706.03762", "arxiv"),
        ("https://doi.org/10.48550/arXiv.1706.03762", "arxiv"),
        ("10.5555/3295222.3295349", "doi"),
        ("https://doi.org/10.5555/3295222.3295349", "doi"),
        ("DOI:10.5555/3295222.3295349", "doi"),
        ("W2963403868", "openalex"),
        ("https://openalex.org/W2963403868", "openalex"),
        ("204e3073870fae3d05bcbc2f6a8e263d9b72e776", "s2"),
        ("https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776", "s2"),
        ("CorpusId:13756489", "corpusid"),
        ("Attention is all you need.", "title"),
        ("Vaswani A, 2017, Attention Is All You Need, V30, P5998", "title"),  # WoS CR with title
    ],
)
def test_each_reference_form_becomes_a_cites_edge(reference: str, via: str) -> None:
    G, edge = cites(reference)
    assert edge == {"type": "CITES", "reference": reference, "via": via}
    assert (G.nodes["citing"]["references_resolved"], G.nodes["citing"]["references_outside"]) == (
        1,
        0,
    )


@pytest.mark.parametrize(
    "reference", ["hep-th/9901001", "hep-th/9901001v2", "https://arxiv.org/abs/hep-th/9901001v2"]
)
def test_old_style_arxiv_ids(reference: str) -> None:
    _, edge = cites(reference, OLD)
    assert edge is not None and edge["via"] in ("arxiv", "id")


@pytest.mark.parametrize(
    "reference",
    ["1706.03763", "10.5555/other", "W1", "Attention", "A Different Title Entirely", "", "  "],
)
def test_references_to_other_works_are_counted_outside(reference: str) -> None:
    G, edge = cites(reference)
    assert edge is None
    assert G.nodes["citing"]["references_outside"] == (1 if reference.strip() else 0)


def test_self_citations_and_ambiguous_titles_do_not_link() -> None:
    twin_a = Paper(
        id="a", title="Same Title Here", arxiv_id="2101.00001", references=["2101.00001"]
    )
    twin_b = Paper(id="b", title="Same title here", arxiv_id="2101.00002")
    citing = Paper(id="c", title="Citing", references=["Same Title Here"])
    G = build_graph([twin_a, twin_b, citing], {})
    assert not [e for e in G.edges(keys=True) if e[2] == "CITES"]


def test_citations_known_from_the_cited_side_semantic_scholar() -> None:
    cited = Paper(id="s2:x", title="Cited", extra={"cited_by": ["arxiv:1706.03762"]})
    G = build_graph([TARGET, cited], {})
    assert G.edges["arxiv:1706.03762", "s2:x", "CITES"]["via"] == "cited_by"


def test_co_citation_and_bibliographic_coupling_are_weighted_and_explained() -> None:
    a = Paper(id="a", title="Paper A", references=["1706.03762", "old", "10.1000/outside"])
    b = Paper(
        id="b",
        title="Paper B",
        references=["arXiv:1706.03762", "hep-th/9901001", "https://doi.org/10.1000/OUTSIDE"],
    )
    c = Paper(id="c", title="Paper C", references=["1706.03762"])
    G = build_graph([TARGET, OLD, a, b, c], {})
    cocited = G.edges["arxiv:1706.03762", "old", "CO_CITED"]
    assert (cocited["count"], cocited["shared"]) == (2, ["a", "b"])
    assert cocited["weight"] == pytest.approx(2 / (3 * 2) ** 0.5)
    coupled = G.edges["a", "b", "SHARES_REFERENCES"]
    assert coupled["count"] == 3 and coupled["weight"] == pytest.approx(1.0)
    assert coupled["shared"] == ["arxiv:1706.03762", "doi:10.1000/outside", "old"]
    assert G.edges["a", "c", "SHARES_REFERENCES"]["weight"] == pytest.approx(1 / 3**0.5)
    assert not G.has_edge("b", "a", "SHARES_REFERENCES")  # one per pair, from the smaller id


def test_a_work_cited_by_too_many_papers_links_none() -> None:
    G = nx.MultiDiGraph()
    for name in "abc":
        G.add_node(name, kind="paper", title=f"Paper {name}")
    stats = add_citation_links(
        G, [("a", ["10.1000/x"]), ("b", ["10.1000/x"]), ("c", ["10.1000/x"])], max_fanout=2
    )
    assert stats.coupled == 0 and stats.outside == 3


def test_external_references_become_nodes_behind_the_option() -> None:
    citing = Paper(id="citing", title="Citing", references=["10.1000/outside", "1706.03762"])
    G = build_graph([TARGET, citing], {})
    assert "ref:doi:10.1000/outside" not in G
    from graph.building.builder import GraphBuilder

    builder = GraphBuilder(external_references=True)
    for paper in (TARGET, citing):
        builder.add(paper, [])
    G = builder.finish()
    assert G.nodes["ref:doi:10.1000/outside"] == {"kind": "reference", "label": "10.1000/outside"}
    assert G.edges["citing", "ref:doi:10.1000/outside", "CITES"]["via"] == "outside"


def test_index_resolves_exact_ids_before_id_forms() -> None:
    index = CitationIndex(
        [
            ("1706.03762", {"title": "Bare id as paper id"}),
            ("x", {"arxiv_id": "1706.03762", "title": "Other"}),
        ]
    )
    assert index.resolve("1706.03762") == ("1706.03762", "id")


def test_openalex_page_and_arxiv_records_become_one_paper_each() -> None:
    result = ingest(
        [DATA / "sources/openalex_page.json", DATA / "samples/arxiv/api_query_10.atom.xml"]
    )
    assert result.balanced and (result.read, len(result.papers), result.merged) == (13, 10, 3)
    by_arxiv = {p.arxiv_id: p for p in result.papers}
    first = by_arxiv["2202.12139"]  # matched by the arXiv id OpenAlex lists in locations
    assert (first.id, first.alt_ids) == ("openalex:W4225001001", ["arxiv:2202.12139"])
    assert [s.format for s in first.sources] == ["openalex", "arxiv-atom"]
    rest = by_arxiv["2204.08348"]  # matched through the arXiv DOI
    assert (rest.id, rest.alt_ids) == ("openalex:W4225002002", ["arxiv:2204.08348"])
    chatgpt = by_arxiv["2302.03287"]  # OpenAlex knew no arXiv id: matched by title
    assert chatgpt.alt_ids == ["arxiv:2302.03287"] and chatgpt.abstract  # from arXiv
    G = build_graph(result.papers, {})
    assert G.edges["openalex:W4225002002", "openalex:W4225001001", "CITES"]["via"] == "id"
    assert G.has_edge("openalex:W4225003003", "openalex:W4225002002", "CITES")
    assert G.nodes["openalex:W4225002002"]["references_outside"] == 1
    assert G.edges["openalex:W4225001001", "openalex:W4225002002", "CO_CITED"]["count"] == 1


def test_references_across_formats_resolve_to_papers_read_elsewhere() -> None:
    result = ingest(
        [
            DATA / "samples/arxiv/api_query_10.atom.xml",
            DATA / "sources/wos.txt",
            DATA / "sources/scopus.csv",
            DATA / "sources/s2_paper.json",
        ]
    )
    G = build_graph(result.papers, {})
    chatgpt = next(p.id for p in result.papers if p.arxiv_id == "2302.03287")
    cited = {
        (target, data["via"])
        for _, target, key, data in G.out_edges(chatgpt, keys=True, data=True)
        if key == "CITES"
    }
    assert ("arxiv:2202.12139", "doi") in cited  # WoS CR DOI = the Atom entry's journal DOI
    assert ("arxiv:2204.08348", "id") in cited  # WoS CR "DOI ARXIV:2204.08348" (its id form)
    assert ("arxiv:2005.14124", "title") in cited  # S2 reference with a title only


def test_build_on_a_mixed_folder_in_one_command(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    for source in [
        *EXAMPLES.glob("*.txt"),
        DATA / "sources/openalex_page.json",
        DATA / "samples/arxiv/api_query_10.atom.xml",
        DATA / "sources/papers.bib",
    ]:
        (folder / source.name).write_bytes(source.read_bytes())
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "read 81 = written 72 + merged 8 + rejected 1" in output
    with open(tmp_path / "out" / "edges.csv", newline="") as edges:
        kinds = {row["Kind"] for row in csv.DictReader(edges)}  # Gephi: Type is (un)directed
    assert {"CITES", "CO_CITED", "SHARES_CONCEPT"} <= kinds


TITLES = [
    "Attention Is All You Need",
    "Deep Residual Learning for Image Recognition",
    "BERT: Pre-training of Deep Bidirectional Transformers",
    "LoRA: Low-Rank Adaptation",
    "Language Models are Few-Shot Learners",
    "Direct Preference Optimization",
]
ID_FORMS = ["{}", "{}v2", "arXiv:{}", "https://arxiv.org/abs/{}v1", "10.48550/arXiv.{}"]


@st.composite
def corpora(draw: st.DrawFn) -> list[Paper]:
    count = draw(st.integers(1, len(TITLES)))
    ids = [f"21{n:02d}.{n:05d}" for n in range(count)]
    papers = []
    for n, arxiv_id in enumerate(ids):
        targets = draw(
            st.lists(st.sampled_from([*ids, "10.1000/outside", "Unknown Work Title"]), max_size=5)
        )
        references = [
            draw(st.sampled_from(ID_FORMS)).format(t) if "." in t and "/" not in t else t
            for t in targets
        ]
        papers.append(Paper(id=f"p{n}", title=TITLES[n], arxiv_id=arxiv_id, references=references))
    return papers


@given(corpora())
def test_every_reference_is_resolved_or_counted_and_links_are_sound(papers: list[Paper]) -> None:
    G = build_graph(papers, {})
    for paper in papers:
        node = G.nodes[paper.id]
        if paper.references:
            assert node["references_resolved"] + node["references_outside"] == len(paper.references)
        self_refs = sum(1 for r in paper.references if paper.arxiv_id in r)
        expected = {
            p.id
            for p in papers
            if p.id != paper.id and any(p.arxiv_id in r for r in paper.references)
        }
        cited = {b for _, b, key in G.out_edges(paper.id, keys=True) if key == "CITES"}
        assert cited == expected
        if paper.references:
            assert node["references_resolved"] >= len(expected) and self_refs >= 0
    for a, b, key, data in G.edges(keys=True, data=True):
        if key in ("CO_CITED", "SHARES_REFERENCES"):
            assert a < b and 0 < data["weight"] <= 1 + 1e-9 and data["count"] >= 1
            assert 1 <= len(data["shared"]) <= min(data["count"], 5)


@pytest.mark.parametrize("flag, outside_nodes", [([], 0), (["--external-references"], 45)])
def test_build_keeps_outside_references_as_nodes_only_when_asked(
    tmp_path: Path, flag, outside_nodes
) -> None:
    """The OpenAlex work cites 45 works, none of them in the corpus."""
    work = DATA / "samples/openalex/work_W2741809807.json"
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(work), "-o", str(out), "-q", *flag])
    assert result.exit_code == 0, result.output
    with open(out / "nodes.csv", newline="") as nodes:
        kinds = [row["kind"] for row in csv.DictReader(nodes)]
    assert kinds.count("reference") == outside_nodes
    G = nx.read_graphml(out / "papergraph.graphml")
    [paper] = [n for n, d in G.nodes(data=True) if d["kind"] == "paper"]
    assert G.nodes[paper]["references_outside"] == 45


def test_an_old_style_id_with_its_subject_class_names_one_paper() -> None:
    """arXiv ids before 2007 may carry a subject class (math.GT/0309136); the paper's
    arXiv id and a reference to it must fold it the same way, or the citation is lost."""
    cited = Paper(title="Old", arxiv_id=normalize_arxiv_id("math.GT/0309136"), id="old")
    citing = Paper(title="New", id="new", references=["arXiv:math.GT/0309136v2"])
    G = build_graph([cited, citing], {})
    assert G.has_edge("new", "old", "CITES")
