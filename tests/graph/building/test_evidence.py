from graph.building.evidence import is_rare, with_enough_evidence


def link(a, b, weight, *shared, evidence=("terms",)):
    return (a, b, {"weight": weight, "shared": list(shared), "evidence": sorted(evidence)})


HOLDING = {"topic:pruning": 40, "term:soup": 2, "method:lora": 3}.get


def test_rare_needs_few_papers_and_a_small_share() -> None:
    assert is_rare(5, 500) and is_rare(1, 100)
    assert not is_rare(6, 10_000)  # more than five papers
    assert not is_rare(3, 100)  # more than 1% of the corpus
    assert is_rare(2, 20)  # held by the two papers of the link alone


def test_two_shared_entries_make_a_link() -> None:
    links = [link("a", "b", 0.3, "topic:pruning", "term:sparse")]
    assert with_enough_evidence(links, HOLDING, 300) == links


def test_one_common_entry_makes_no_link_when_both_papers_have_others() -> None:
    links = [link("a", "b", 0.9, "topic:pruning"), link("a", "c", 0.2, "term:soup"),
             link("b", "c", 0.2, "method:lora", "term:x")]  # fmt: skip
    assert [(a, b) for a, b, _ in with_enough_evidence(links, HOLDING, 300)] == [
        ("a", "c"),
        ("b", "c"),
    ]


def test_a_rare_entry_or_builds_on_makes_a_link_alone() -> None:
    links = [link("a", "b", 0.2, "term:soup"),
             link("c", "d", 0.5, "topic:pruning", evidence=("builds_on", "topic"))]  # fmt: skip
    assert with_enough_evidence(links, HOLDING, 300) == links


def test_a_paper_left_without_links_keeps_its_strongest() -> None:
    links = [link("a", "b", 0.5, "topic:pruning"), link("a", "c", 0.4, "topic:pruning"),
             link("b", "c", 0.3, "method:lora", "term:x")]  # fmt: skip
    kept = with_enough_evidence(links, HOLDING, 300)
    assert [(a, b) for a, b, _ in kept] == [("b", "c"), ("a", "b")]


def test_unknown_entries_count_as_held_by_nobody() -> None:
    assert with_enough_evidence([link("a", "b", 0.1, "term:new")], lambda entry: None, 300)
