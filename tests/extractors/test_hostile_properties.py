"""Property tests of extraction on hostile input (issue 18): records made of real sentences
(the bundled example pages and the shared seeds), gazetteer names, acronym definitions
repeated across sentences, names with versions and parentheses, URLs broken or glued, and
stray characters (lone surrogates, control characters, emoji), every output checked with
:mod:`extractors.invariants`."""

from __future__ import annotations

import json
import re
from functools import cache

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from extractors.gazetteer import data_path
from extractors.pipeline import tokenize
from tests.conftest import EXAMPLES, SHARED
from tests.extractors.conftest import CHAIN, HOSTILE, extract_checked, field_texts

# --- generators: real sentences, real names, hostile characters -----------------------------


@cache
def real_sentences() -> tuple[str, ...]:
    """Sentences of the bundled example pages and, when present, the shared seed pages."""
    from graph.sources.ingest import ingest

    inputs = [EXAMPLES, *sorted((SHARED / "seeds").glob("*.txt"))]
    sentences = {
        sentence
        for paper in ingest([path for path in inputs if path.exists()]).papers
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paper.abstract or "")
        if 20 <= len(sentence) <= 400
    }
    return tuple(sorted(sentences))


@cache
def real_titles() -> tuple[str, ...]:
    from graph.sources.ingest import ingest

    return tuple(sorted(p.title for p in ingest([EXAMPLES]).papers if p.title))


@cache
def gazetteer_names() -> tuple[str, ...]:
    names = set()
    for kind in ("methods", "benchmarks", "metrics"):
        for line in data_path(f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            names.update([entry["name"], *entry.get("aliases", [])])
    return tuple(sorted(names))


@cache
def long_forms() -> tuple[str, ...]:
    """Multi-word gazetteer names: long forms to define acronyms for."""
    return tuple(n for n in gazetteer_names() if 2 <= len(n.split()) <= 5 and n.isascii())


# Names that the default pipeline finds in a plain sentence (checked below).
KNOWN = ("BERT", "LoRA", "GLUE", "ImageNet", "CIFAR-10", "GPT-4", "ResNet-50", "MMLU", "Adam",
         "SQuAD", "T5", "CLIP", "PPO", "Llama 2", "ViT", "COCO", "BLEU", "FID")  # fmt: skip
STRAY = ["\ud800", "\udfff", "\x00", "\x01", "\x1b", "\x7f", "\u200b", "\ufeff", "\u2028",
         "\U0001f642", "\u2022", "\u2026", "(", ")", ". ", "\n\n", "\t", "\\", "$", "{", "}"]  # fmt: skip


def initials(long_form: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", long_form)).upper()


@st.composite
def acronym_definitions(draw) -> tuple[str, str]:
    """``(definition, acronym)``: ``long form (LF)``, sometimes with a head after it."""
    long_form = draw(st.sampled_from(long_forms()))
    acronym = initials(long_form) or "X"
    head = draw(st.sampled_from(["", " prompting", " training", " method", " framework"]))
    return f"{long_form} ({acronym}){head}", acronym


@st.composite
def versioned_names(draw) -> str:
    name = draw(st.sampled_from(gazetteer_names()))
    number = draw(st.integers(0, 12))
    shape = draw(
        st.sampled_from(
            [
                "{n}-v{d}",
                "{n} (v{d})",
                "{n} ({d})",
                "{n}-{d}B",
                "{n}{d}",
                "{n}-{d}.{d}",
                "{n}++",
                "({n})",
            ]
        )
    )
    return shape.format(n=name, d=number)


@st.composite
def urls(draw) -> str:
    owner = draw(st.sampled_from(["openai", "a", "theresejoseph", "Foo-Bar", "x_y"]))
    repo = draw(st.sampled_from(["repo", "Trajectory_Tracking", "GrowCLIP", "x.y", "a-b"]))
    shape = draw(
        st.sampled_from(
            [
                "https://github.com/{o}/{r}",
                "github.com/{o}/{r}",
                "https://github. com/{o}/{r}",
                "https;//github.com/{o}/{r}",
                "github.com/{o}/ {r}",
                "https://huggingface.co/{o}/{r}",
                "text11https://github.com/{o}/{r}",
                "https://{o}.github.io/{r}/",
                "https://",
            ]
        )
    )
    return shape.format(o=owner, r=repo)


@st.composite
def stray_characters(draw, text: str) -> str:
    """``text`` with a few characters from :data:`STRAY` put in at random places."""
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(STRAY)) + text[at:]
    return text


@st.composite
def hostile_sentences(draw) -> str:
    shape = draw(st.integers(0, 6))
    if shape == 0:
        return draw(st.sampled_from(real_sentences()))
    if shape == 1:
        definition, _ = draw(acronym_definitions())
        return f"We use {definition}."
    if shape == 2:
        return f"Later, {draw(acronym_definitions())[1]} helps {draw(versioned_names())}."
    if shape == 3:
        return f"We compare {draw(versioned_names())} and {draw(versioned_names())}."
    if shape == 4:
        return f"Code: {draw(urls())}."
    if shape == 5:
        return draw(stray_characters(draw(st.sampled_from(real_sentences()))))
    return draw(st.text(max_size=60))  # anything at all, surrogates and controls included


@st.composite
def hostile_titles(draw) -> str:
    shape = draw(st.integers(0, 5))
    if shape == 0:
        return draw(st.sampled_from(real_titles()))
    if shape == 1:
        return f"{draw(versioned_names())}: {draw(st.sampled_from(real_titles()))}"
    if shape == 2:
        return draw(versioned_names())
    if shape == 3:
        return draw(
            st.sampled_from(
                ["!!!", "\u2026", "\U0001f642", "\u2022", "", " ", "7-Scenes (1)", "(v2)", "\ud800"]
            )
        )
    if shape == 4:
        return draw(st.sampled_from(long_forms()))  # and the abstract may open with its end
    return draw(st.text(max_size=40))


@st.composite
def hostile_papers(draw) -> tuple[str, str]:
    title = draw(hostile_titles())
    sentences = draw(st.lists(hostile_sentences(), max_size=8))
    if title and draw(st.booleans()):  # "optimization (DPO) ...": the title's last word again
        last = title.split()[-1].lower() if title.split() else "x"
        sentences.insert(0, f"{last} ({initials(title) or 'X'}) training aligns models.")
    separator = draw(st.sampled_from([" ", "\n\n", "  ", "\n"]))
    return title, separator.join(sentences)


@HOSTILE
@given(hostile_papers())
@example(("T", CHAIN))
@example(("Direct Preference Optimization", "optimization (DPO) training aligns models."))
@example(("X-Net (v2)", "X-Net (v2) beats X-Net (v1). Code: https://github. com/a/b."))
def test_hostile_papers_give_mentions_that_keep_every_invariant(nlp, paper) -> None:
    extract_checked(nlp, *paper)


@HOSTILE
@given(
    st.lists(hostile_sentences(), max_size=6),
    st.lists(st.sampled_from(KNOWN), min_size=1, max_size=3, unique=True),
    st.lists(hostile_sentences(), max_size=6),
)
def test_known_names_survive_whatever_surrounds_them(nlp, before, names, after) -> None:
    """The CoT defect lost BERT, LoRA and GLUE inside one long mention: a known name in a
    plain sentence is found, whatever the sentences around it hold."""
    words = {w.casefold() for s in before + after for w in re.findall(r"[\w\-]+", s)}
    assume(not any(n.casefold() in words for n in names))  # defined as an acronym elsewhere
    sentence = f"We then evaluate {', '.join(names)}."
    abstract = " ".join([*before, sentence, *after])
    where = len(" ".join([*before, ""])) if before else 0
    mentions = extract_checked(nlp, "T", abstract)
    for name in names:
        start = abstract.index(name, where)
        assert any(
            m["field"] == "abstract" and m["start"] <= start and start + len(name) <= m["end"]
            for m in mentions
        ), (name, field_texts(mentions))


def test_the_known_names_are_found_in_a_plain_sentence(nlp) -> None:
    abstract = f"We then evaluate {', '.join(KNOWN)}."
    assert field_texts(extract_checked(nlp, "T", abstract)) == list(KNOWN)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(hostile_sentences(), min_size=1, max_size=12), st.data())
def test_tokenizing_in_pieces_gives_the_tokens_of_the_whole(nlp, sentences, data) -> None:
    """A text over ``nlp.max_length`` is tokenized in pieces; any limit above the longest
    run without spaces (and the longest run of spaces) gives the very tokens of the whole
    text."""
    text = " ".join(sentences).replace("\ud800", "x").replace("\udfff", "x")
    longest = max((len(run) for run in re.findall(r"[^ ]+| +", text)), default=0)
    assume(longest + 2 < len(text))
    whole = [(t.text, t.whitespace_, t.idx) for t in nlp.make_doc(text)]
    limit = data.draw(st.integers(longest + 2, len(text)))
    saved, nlp.max_length = nlp.max_length, limit
    try:
        pieces = [(t.text, t.whitespace_, t.idx) for t in tokenize(nlp, text)]
    finally:
        nlp.max_length = saved
    assert pieces == whole


@HOSTILE
@given(st.lists(hostile_sentences(), min_size=1, max_size=10), st.data())
def test_extracting_in_pieces_gives_the_mentions_of_the_whole(nlp, sentences, data) -> None:
    abstract = " ".join(sentences).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"[^ ]+", abstract)), default=0)
    assume(longest + 2 < len(abstract))
    whole = extract_checked(nlp, "T", abstract)
    saved, nlp.max_length = nlp.max_length, data.draw(st.integers(longest + 2, len(abstract)))
    try:
        pieces = extract_checked(nlp, "T", abstract)
    finally:
        nlp.max_length = saved
    assert pieces == whole
