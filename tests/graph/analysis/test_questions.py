"""related, connection, method x benchmark table, concept timeline, find_paper."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.questions import (
    concept_timeline,
    connection,
    find_paper,
    method_benchmark_table,
    related,
)
from graph.building.builder import build_graph
from graph.paper import Paper
from graph.store.graphfile import load_graph


def used(*keys: str) -> list[dict]:
    return [
        {"kind": k.split(":")[0], "key": k, "role": "used", "text": k.split(":")[1]} for k in keys
    ]


def concepts(G: nx.MultiDiGraph, paper: str) -> set[str]:
    """The paper's concepts and their families (VARIANT_OF, graph/building/identity.py)."""
    found = {n for n in G.successors(paper) if G.nodes[n]["kind"] != "paper"}
    todo = list(found)
    while todo:
        for _, family, kind in G.out_edges(todo.pop(), keys=True):
            if kind == "VARIANT_OF" and family not in found:
                found.add(family)
                todo.append(family)
    return found


def chain() -> nx.MultiDiGraph:
    """a-b and b-c share rare concepts (strong links); a-c share a commoner one and a
    metric (weak: SVM and accuracy; one of them alone would make no link)."""
    papers = [
        Paper(id=p, title=f"Paper {p.upper()}", date=d, arxiv_id=f"2501.0000{i}")
        for i, (p, d) in enumerate(
            zip("abcdef", ["2025-01-05", "2025-01-20", "2025-03", "2024", None, None], strict=True)
        )
    ]
    mentions = {
        "a": used("method:qzxa", "method:svm", "benchmark:vexbench", "metric:accuracy"),
        "b": used("method:qzxa", "method:qzxb", "benchmark:vexbench"),
        "c": used("method:qzxb", "method:svm", "metric:accuracy"),
        "d": used("method:svm", "benchmark:wumbench", "metric:accuracy"),
        "e": used("method:frobz"),
        "f": used("method:frobz", "method:qzxc"),
    }
    return build_graph(papers, mentions, max_df=1.0, min_papers_for_cap=0)


def test_related_lists_neighbours_strongest_first_with_their_shared_concepts() -> None:
    G = chain()
    found = related(G, "a")
    assert [r.paper for r in found] == ["b", "c", "d"]
    assert found[0].shared == ["benchmark:vexbench", "method:qzxa"]  # rarest first, then by key
    assert found[1].shared == ["method:svm", "metric:accuracy"]
    assert found[0].weight > found[1].weight
    for r in found:  # the explanation is exactly what the two papers share
        assert set(r.shared) == concepts(G, "a") & concepts(G, r.paper)
    assert related(G, "a", top=1) == found[:1]
    with pytest.raises(KeyError, match="not a paper"):
        related(G, "method:qzxa")


def test_connection_takes_the_strongest_path_not_the_shortest() -> None:
    G = chain()
    hops = connection(G, "a", "c")
    assert [(h.source, h.target) for h in hops] == [("a", "b"), ("b", "c")]
    assert hops[1].shared == ["method:qzxb"]
    assert hops[0].weight == G.edges["a", "b", "SHARES_CONCEPT"]["weight"]
    with pytest.raises(nx.NetworkXNoPath):
        connection(G, "a", "e")
    with pytest.raises(KeyError, match="target 'zzz'"):
        connection(G, "a", "zzz")


def test_method_benchmark_table_counts_papers() -> None:
    rows = method_benchmark_table(chain())
    assert (rows[0].method, rows[0].benchmark, rows[0].papers) == (
        "method:qzxa",
        "benchmark:vexbench",
        ["a", "b"],
    )
    assert all(len(row.papers) == 1 for row in rows[1:])
    assert method_benchmark_table(chain(), min_papers=2) == rows[:1]


def test_concept_timeline_first_appearance_and_months() -> None:
    timeline = concept_timeline(chain())
    common = timeline["method:svm"]
    assert (common.first_date, common.first_paper) == ("2024", "d")  # year precision counts
    assert common.months == {"2025-01": 1, "2025-03": 1}  # ...but has no month
    assert timeline["method:frobz"].first_date is None and timeline["method:frobz"].undated == 2
    assert set(concept_timeline(chain(), kinds=("benchmark",))) == {
        "benchmark:vexbench",
        "benchmark:wumbench",
    }


def test_find_paper_by_id_arxiv_id_or_title() -> None:
    G = chain()
    assert find_paper(G, "b") == "b"
    assert find_paper(G, "2501.00002") == "c"
    assert find_paper(G, "paper d") == "d"
    with pytest.raises(KeyError, match="6 papers match 'Paper'"):
        find_paper(G, "Paper")
    with pytest.raises(KeyError, match="no paper"):
        find_paper(G, "nothing like it")


def test_seed_questions_explain_themselves(seed_outdir) -> None:
    G = load_graph(seed_outdir)
    paper = max((n for n, k in G.nodes(data="kind") if k == "paper"), key=G.degree)
    for r in related(G, paper):
        assert r.shared and r.evidence
        keys = {k for k in r.shared if not k.startswith("term:")}
        assert keys <= concepts(G, paper) & concepts(G, r.paper)  # the evidence is true
        text = [f"{G.nodes[p]['title']} {G.nodes[p]['abstract']}".lower() for p in (paper, r.paper)]
        for term in (k.removeprefix("term:") for k in r.shared if k.startswith("term:")):
            assert all(term.split()[0] in t for t in text)
    far = related(G, paper)[-1].paper
    for hop in connection(G, paper, far):
        assert hop.shared
    rows = method_benchmark_table(G, min_papers=2)
    assert rows and all(G.nodes[r.method]["kind"] == "method" for r in rows)
