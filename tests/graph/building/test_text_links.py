import numpy

from graph.building.text_links import corpus_vectors, cosines, distinctive


def test_the_plain_view_weighs_the_corpus_own_rarity() -> None:
    texts = ["LLM pretraining with curriculum data", "LLM pretraining at scale",
             "LLM reasoning with curriculum data", "LLM agents"]  # fmt: skip
    vectors = corpus_vectors(texts)
    first, second = numpy.array([0, 0]), numpy.array([1, 2])
    by_pretraining, by_curriculum = cosines(vectors, first, second).tolist()
    assert by_curriculum > by_pretraining
    assert "llm" not in vectors.vocabulary  # in every paper: it says nothing here
    assert vectors.papers_holding()["pretraining"] == 2


def test_the_plain_view_of_texts_sharing_no_word_is_empty() -> None:
    vectors = corpus_vectors(["alpha beta", "gamma delta"])
    assert vectors.vocabulary == [] and vectors.matrix.shape == (2, 0)


def test_distinctive_keeps_each_papers_heaviest_uncommon_terms() -> None:
    texts = ["regret regret bound online", "regret bound online", "online decoding", "online",
             "decoding", "sampling"]  # fmt: skip
    vectors = distinctive(corpus_vectors(texts), cap=2, terms_per_paper=1)
    kept = [[vectors.vocabulary[j] for j in row.indices] for row in vectors.matrix]
    assert kept[0] == ["regret"] and not any("online" in row for row in kept)  # in 4 papers
