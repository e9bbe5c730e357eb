"""The mirror holds a concept's family (VARIANT_OF, concept -> concept) and repairs it."""

from __future__ import annotations

from graph.building.builder import build_graph
from graph.mirror import plan
from graph.mirror.model import concept_records
from graph.paper import Paper


def graph(with_variant: bool = True):
    def mention(text: str, key: str) -> dict:
        return {"kind": "method", "text": text, "key": key, "role": "used",
                "field": "abstract", "start": 0, "end": len(text)}  # fmt: skip

    papers = [Paper(id=p, title=f"Paper {p}", abstract="We use it.") for p in "abc"]
    mentions = {
        "a": [mention("Quillformer", "method:quillformer")],
        "b": [mention("Quillformer", "method:quillformer")],
        "c": [mention("Quillformer-7B" if with_variant else "Q7F", "method:quillformer7b")],
    }
    return build_graph(papers, mentions, top_k=None)


def rows_of(result, name: str) -> list:
    return [row for step in result.steps if step.statement.name == name for row in step.rows]


def test_a_family_is_sent_with_its_concept_and_confirmed_after_it() -> None:
    G = graph()
    result = plan(G)
    family = {"key": "method:quillformer7b", "concept": "method:quillformer"}
    assert rows_of(result, "merge_variant_of") == [family]
    [sent] = [r for r in rows_of(result, "upsert_method") if r["key"] == family["key"]]
    assert sent["hash"] is None  # unconfirmed until its family is sent: a cut sync re-sends it
    [confirmed] = rows_of(result, "confirm_concepts")
    names = [step.statement.name for step in result.steps]
    assert names.index("merge_variant_of") < names.index("confirm_concepts")
    assert confirmed["key"] == family["key"] and confirmed["hash"]
    state = {"papers": {}, "concepts": {c["key"]: c["hash"] for c in concept_records(G)},
             "clusters": {}}  # fmt: skip
    assert not rows_of(plan(G, state), "merge_variant_of")


def test_a_family_that_is_gone_is_removed_from_the_mirror() -> None:
    before = {c["key"]: c["hash"] for c in concept_records(graph())}
    H = graph(with_variant=False)  # "Q7F": the same key, no family
    result = plan(H, {"papers": {}, "concepts": before, "clusters": {}})
    assert rows_of(result, "remove_stale_concept_relationships") == [
        {"key": "method:quillformer7b", "keep": []}
    ]
    assert not rows_of(result, "merge_variant_of")
