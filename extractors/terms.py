"""``papergraph_terms``: known benchmarks, metrics and methods from the gazetteers.

Matches come from :class:`extractors.gazetteer.Gazetteer`. A match inside a
larger compound is not the compound's name (``IBP`` in ``CROWN-IBP``,
``CIFAR-10`` in ``CIFAR-10-C``), except before a suffix such as ``-based``.
Model families followed by versions, sizes and variants (``Qwen2.5-72B-Instruct``)
are found by :func:`extractors.names.model_version_pattern`. Metrics that are
ordinary words (``accuracy``, ``latency``) count only in a sentence that
reports a result (:func:`extractors.reporting.reports_result`). Generic terms
(``LLMs``, ``GPU``) are kept apart in ``doc.spans["papergraph_generic"]`` so later
rules can refuse them.

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("sentencizer"); _ = nlp.add_pipe("papergraph_terms")
    >>> doc = nlp("CROWN-IBP beats IBP on CIFAR-10-Z with LLMs. Accuracy rose to 91%.")
    >>> [(s.text, s.label_, s._.pg_found_key) for s in doc.spans["papergraph"]]
    [('CROWN-IBP', 'METHOD', 'method:crownibp'), ('IBP', 'METHOD', 'method:ibp'), \
('Accuracy', 'METRIC', 'metric:accuracy')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.facts import (
    GENERIC_TEXTS_KEY,
    abbreviation_pairs,
    sentence_bounds,
    sentence_of,
    text_of,
)
from extractors.gazetteer import Entry, Gazetteer
from extractors.keys import concept_key, fold
from extractors.names import SIZE_LIST, model_version_pattern
from extractors.reporting import ResultCues, reports_result
from extractors.spans import add_span
from extractors.tokenizer import pattern_tokenizer
from extractors.wordlists import WordLists, load_word_lists
from extractors.words import LeadingWords, letter_cuts

__all__ = [
    "COMPOUND_SUFFIXES",
    "TermMatcher",
    "VariantPatterns",
    "generic_offsets",
    "generic_texts",
    "inside_compound",
    "slash_between_names",
]

GENERIC_KEY = "papergraph_generic"
# the shipped list, for the rules of other modules that import it from here
COMPOUND_SUFFIXES = load_word_lists().set("compound_suffixes")


def generic_texts(doc: Doc) -> frozenset[str]:
    """The folded texts of the generic terms ``papergraph_terms`` found in ``doc``."""
    return _generic(doc)[1]


def generic_offsets(doc: Doc) -> frozenset[tuple[int, int]]:
    """The character offsets of the generic terms ``papergraph_terms`` found in ``doc``."""
    return _generic(doc)[2]


def _generic(doc: Doc) -> tuple[int, frozenset[str], frozenset[tuple[int, int]]]:
    """``(count, folded texts, offsets)`` of the generic terms, kept per doc: three
    components ask, and each pass over a span group builds every span again."""
    group = doc.spans.get(GENERIC_KEY, ())
    cached = doc.user_data.get(GENERIC_TEXTS_KEY)
    if cached is not None and cached[0] == len(group):
        return cached
    return _remember_generic(doc, list(group))


def _remember_generic(
    doc: Doc, spans: list[Span]
) -> tuple[int, frozenset[str], frozenset[tuple[int, int]]]:
    text = text_of(doc)
    texts = frozenset(fold(text[span.start_char : span.end_char]) for span in spans)
    offsets = frozenset((span.start_char, span.end_char) for span in spans)
    doc.user_data[GENERIC_TEXTS_KEY] = remembered = (len(spans), texts, offsets)
    return remembered


def inside_compound(
    text: str, start: int, end: int, suffixes: frozenset[str] = COMPOUND_SUFFIXES
) -> bool:
    """True when ``text[start:end]`` is only part of a larger hyphenated or glued word
    (not before a hyphen and one of the ``suffixes``, the list ``compound_suffixes``).

    >>> inside_compound("CROWN-IBP", 6, 9), inside_compound("BERT-based", 0, 4)
    (True, False)
    >>> inside_compound("CIFAR-10-C", 0, 8), inside_compound("(IBP).", 1, 4)
    (True, False)
    >>> inside_compound("PSNR/SSIM", 0, 4), inside_compound("PSNR/SSIM", 5, 9)
    (False, False)
    """
    if start > 0:
        before = text[start - 1]
        if before.isalnum() or (before in "-/" and start > 1 and text[start - 2].isalnum()):
            return not (before == "/" and slash_between_names(text, start - 1))
    if end < len(text):
        after = text[end]
        if after.isalnum() or after in "+^":
            return True
        if after in "-/." and end + 1 < len(text) and text[end + 1].isalnum():
            if after == "/":
                return not slash_between_names(text, end)
            if after != "-":
                return True
            next_word = re.match(r"[A-Za-z0-9]+", text[end + 1 :])
            return next_word is None or next_word.group(0).casefold() not in suffixes
    return False


_WORD_BEFORE_SLASH = re.compile(r"[\w\-.]*$")


def slash_between_names(text: str, slash: int) -> bool:
    """Does the ``/`` at ``text[slash]`` list two capitalised names (``F1/EM``,
    ``PSNR/SSIM``) rather than join one word (``MAC/clk``, ``GPT-3.5/4``, ``w/o``)?
    For a gazetteer match, one side of the slash is already a known term, so this asks
    less of the other than :func:`extractors.names.slash_parts`, which splits words no
    gazetteer knows (it keeps ``F1/EM`` whole: ``EM`` alone is no name shape).

    >>> slash_between_names("F1/EM points", 2), slash_between_names("3 MAC/clk", 5)
    (True, False)
    """
    after = text[slash + 1 : slash + 2]
    before = _WORD_BEFORE_SLASH.search(text, max(0, slash - 40), slash)
    return after.isupper() and before is not None and before.group(0)[:1].isupper()


_WORD_EDGE = re.compile(r"[^\s()\[\]{}\"'`,;:]+")


def _word_around(doc: Doc, text: str, start: int, end: int) -> Span | None:
    """The whole white-space-delimited word around ``text[start:end]``, as a span."""
    left = start
    while left > 0 and _WORD_EDGE.match(text[left - 1]):
        left -= 1
    word = _WORD_EDGE.match(text, left)
    right = max(end, word.end() if word else end)
    while right > end and text[right - 1] in ".!?":
        right -= 1
    return doc.char_span(left, right, alignment_mode="expand")


_TIMES = re.compile(r"(?<=\d) ?(?:\u00d7|\\times|times) ?(?=\d)")


@dataclass(frozen=True)
class VariantPatterns:
    """What around a known benchmark's name makes a variant of it, built from the word
    lists ``variant_prefixes`` and ``language_codes`` (``terms.toml``)."""

    before: re.Pattern[str]  # "Split FooSet", "10-Split FooSet"
    reach: int  # how far before the name ``before`` can start
    after: re.Pattern[str]  # "FooSet 64x64", "FooSet v2 En-De", "FooMT En-De", "en→fr"

    @classmethod
    def from_lists(cls, lists: WordLists) -> VariantPatterns:
        """The patterns of ``lists``.

        >>> variants = VariantPatterns.from_lists(load_word_lists())
        >>> variants.after.match(" v2 En-De").group(0), variants.reach
        (' v2 En-De', 12)
        """
        language = f"(?i:{lists.alternation('language_codes')[3:]}"
        pair = rf" {language}(?:-|\u2192|->){language}(?![\w\-])"
        prefixes = lists.words("variant_prefixes")
        return cls(
            before=re.compile(rf"\b(?:\d+-)?{lists.alternation('variant_prefixes')}[ -]$"),
            reach=max(map(len, prefixes)) + 4,  # room for "10-" and the space
            after=re.compile(
                r" ?\d{2,4} ?(?:x|\u00d7|\\times|times) ?\d{2,4}(?![\w.])"
                rf"| [vV]\d{{1,2}}(?:\.\d{{1,2}})?(?!\w|\.\w)(?:{pair})?|{pair}"
            ),
        )


def _benchmark_variant(
    doc: Doc, text: str, start: int, end: int, variants: VariantPatterns
) -> None:
    """Mark the variant a known benchmark's name is part of, if it is: a continual
    learning split before it, or an image resolution, a version or a language pair
    after it."""
    before = variants.before.search(text, max(0, start - variants.reach), start)
    after = variants.after.match(text, end)
    if before or after:
        start, end = before.start() if before else start, after.end() if after else end
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            name = _TIMES.sub("x", text[start:end])  # "64times64" = "64x64", and the sign
            key = concept_key("benchmark", name)
            add_span(doc, span, "benchmark", key, "gazetteer", subtype="variant")


_IN_URL = re.compile(r"(?:https?://|www\.|\.(?:com|org|io|ai|net|edu)/)\S*$")


def _redefined_acronyms(doc: Doc, text: str) -> dict[str, str]:
    """Acronym -> the long form the paper defines it with."""
    found = doc._.abbreviations if doc.has_extension("abbreviations") else []
    if found and all(isinstance(item, dict) for item in found):  # no spans to build
        return {item["short_text"]: item["long_text"] for item in found}
    return {
        text[short.start_char : short.end_char]: text[long.start_char : long.end_char]
        for short, long in abbreviation_pairs(doc)
    }


@lru_cache(maxsize=4096)
def _spelled_out(entry: Entry) -> tuple[frozenset[str], ...]:
    """The word stems of each of the entry's forms with more than one word."""
    return tuple(_stems(form) for form in entry.forms if " " in form.strip())


@lru_cache(maxsize=4096)
def _stems(phrase: str) -> frozenset[str]:
    return frozenset(word[:4].casefold() for word in re.findall(r"[A-Za-z]{3,}", phrase))


@lru_cache(maxsize=1 << 14)
def knows_long_form(entry: Entry, long_form: str) -> bool:
    """Could ``long_form`` be what the gazetteer ``entry`` means? Yes, unless the entry
    spells out a long form of its own and the two share fewer than half their words.

    >>> ap = Entry("metric", "AP", ("AP", "average precision"))
    >>> knows_long_form(ap, "Average Precisions"), knows_long_form(ap, "asymptotic-preserving")
    (True, False)
    >>> knows_long_form(Entry("method", "PPO", ("PPO",)), "anything at all")
    True
    """
    spelled = _spelled_out(entry)
    if not spelled:
        return True
    words = _stems(long_form)
    return any(len(words & stems) * 2 >= max(1, min(len(words), len(stems))) for stems in spelled)


def _family_stems(gazetteer: Gazetteer) -> tuple[list[str], list[str]]:
    """Model and architecture family names, split by case sensitivity."""
    exact, folded = set(), set()
    for entry in gazetteer.entries:
        if entry.kind != "method" or entry.category not in ("model", "architecture"):
            continue
        for form in entry.forms:
            match = re.match(r"[A-Za-z][A-Za-z\-]*?(?=[- ]?\d|$)", form)
            stem = match.group(0).rstrip("-") if match else ""
            # a family name has a capital ("Llama", "GPT"), unlike "data" of "data2vec"
            if len(stem) >= 3 and any(c.isupper() for c in stem):
                (exact if entry.case_sensitive else folded).add(stem)
    return sorted(exact), sorted(folded - {s for s in exact})


class TermMatcher:
    """The ``papergraph_terms`` component (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        files: dict[str, str],
        kinds: list[str],
        word_lists: str | None = None,
    ) -> None:
        self.name = name
        self.kinds = frozenset(kinds)
        lists = load_word_lists(word_lists)
        self.compound_suffixes = lists.set("compound_suffixes")
        self.variants = VariantPatterns.from_lists(lists)
        self.result_cues = ResultCues.from_lists(lists)
        # Patterns get a tokenizer of their own with the same rules: passing thousands of
        # pattern strings through the pipeline's tokenizer made it 4-8x slower afterwards.
        counted = lists.set("counted_heads")
        tokenizer = pattern_tokenizer(nlp.tokenizer)
        self.gazetteer = Gazetteer.default(nlp.vocab, files, tokenizer, counted)
        exact, folded = _family_stems(self.gazetteer)
        self.model_patterns = [
            model_version_pattern(exact, ignore_case=False),
            model_version_pattern(folded, ignore_case=True),
        ]
        # Trying hundreds of family names at every character is slow; a family name's
        # leading letters, looked up per word, tell where a pattern can match at all.
        self.family_words = LeadingWords(
            nlp.vocab,
            exact={re.match(r"[A-Za-z]+", stem).group(0) for stem in exact},
            folded={re.match(r"[A-Za-z]+", stem).group(0) for stem in folded},
            cuts=letter_cuts(nlp.tokenizer),
        )

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        generic: list[Span] = []
        bounds: list[tuple[int, int]] = []
        matches = self.gazetteer.matches(doc)
        if matches:  # the characters each token starts and ends at
            chars = doc.to_array([IDX, LENGTH])
            token_starts = chars[:, 0].tolist()
            token_ends = (chars[:, 0] + chars[:, 1]).tolist()
            redefined = _redefined_acronyms(doc, text)
            # a metric first where a method has the same name (MAE): it wins if reported
            matches.sort(key=lambda match: (match[0], -match[1], match[2].kind != "metric"))
        metrics_at: set[tuple[int, int]] = set()
        for start, end, entry in matches:
            start_char, end_char = token_starts[start], token_ends[end - 1]
            if inside_compound(text, start_char, end_char, self.compound_suffixes):
                if entry.kind == "generic" and entry.category == "hardware":
                    word = _word_around(doc, text, start_char, end_char)  # "A100-40G", "multi-GPU"
                    if word is not None:
                        generic.append(word)
                continue
            long_form = redefined.get(text[start_char:end_char]) if redefined else None
            if long_form is not None and not knows_long_form(entry, long_form):
                continue  # "asymptotic-preserving (AP)" is no average precision
            if entry.kind == "generic":
                generic.append(Span(doc, start, end))
            elif entry.kind == "method" and (start, end) in metrics_at:
                continue
            elif entry.kind in self.kinds:
                if entry.reported_only:
                    bounds = bounds or sentence_bounds(doc)
                    sentence_start, sentence_end = sentence_of(bounds, start_char)
                    offset = start_char - sentence_start
                    sentence = text[sentence_start:sentence_end]
                    if not reports_result(
                        sentence, offset, offset + end_char - start_char, self.result_cues
                    ):
                        generic.append(Span(doc, start, end))  # a metric's name, not a concept
                        continue
                rule, subtype = "gazetteer", entry.category
                add_span(doc, (start, end), entry.kind, entry.key, rule, subtype=subtype)
                if entry.kind == "benchmark":
                    _benchmark_variant(doc, text, start_char, end_char, self.variants)
                if entry.kind == "metric":
                    metrics_at.add((start, end))
        doc.spans[GENERIC_KEY] = generic
        _remember_generic(doc, generic)
        if "method" in self.kinds:
            self._model_versions(doc, text)
        return doc

    def _model_versions(self, doc: Doc, text: str) -> None:
        exact, folded = self.model_patterns
        words = self.family_words
        for start, lead in words.find(doc, text):
            tries = ((exact, lead in words.exact), (folded, lead.casefold() in words.folded))
            for pattern, hit in tries:
                match = pattern.match(text, start) if hit else None
                if match is None:
                    continue
                word_start = text.rfind(" ", max(0, start - 200), start) + 1
                if "/" in text[word_start:start] and _IN_URL.search(text, word_start, start):
                    break  # ".../quill-lab/Llama-3-Ink": a link's path, not a mention
                name = match.group(0).rstrip(".")  # "Qwen2-VL." ends a sentence
                name = SIZE_LIST.sub("", name)  # "Qwen2.5-Math-Instruct-1.5B/7B/72B": a family
                span = doc.char_span(start, start + len(name), alignment_mode="expand")
                if span is not None:
                    key = concept_key("method", name)
                    add_span(doc, span, "method", key, "model-version", subtype="model")
                break


@Language.factory(
    "papergraph_terms",
    default_config={"files": {}, "kinds": ["benchmark", "metric", "method"], "word_lists": None},
)
def make_term_matcher(
    nlp: Language, name: str, files: dict[str, str], kinds: list[str], word_lists: str | None
) -> TermMatcher:
    """Gazetteer matching; ``files`` maps a kind to a JSONL file replacing the shipped one."""
    return TermMatcher(nlp, name, files, kinds, word_lists)
