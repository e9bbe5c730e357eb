"""``papergraph_resolver``: one consistent set of mentions from everything the rules found.

It runs after every finder and is the only stage that sets final keys
(``span._.pg_key``): each span's key starts as the one its finder found
(``span._.pg_found_key``), and the resolver, in order:

1. ties each acronym to its long form with scispaCy's ``AbbreviationDetector``
   (when the pipeline has one): both become one concept with one key, and a
   pair nobody claimed is classified by the long form's head word
   (``... Optimization`` is a method, ``... Benchmark`` a benchmark, ``... Score`` a
   metric; ``... Learning`` and task names are left alone);
2. drops spans that are generic terms (``LLMs``, ``GPU``, ``diffusion models``)
   unless a gazetteer of their own kind knows them;
3. drops spans that cross a sentence boundary or run from the title into the abstract;
4. settles overlaps: the longer span wins, then the stronger rule;
5. gives every span of a proposed concept (same key) the role ``proposed``.

Keys of acronyms defined in a paper come from their long form, so two papers
that define ``CL`` differently get two concepts; gazetteer keys win over both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.canonical import canonical_keys, canonical_rules
from extractors.facts import abbreviation_pairs, text_of
from extractors.heads import Heads, long_form_kind, names_task_or_field
from extractors.keys import concept_key, fold, singular
from extractors.names import not_names
from extractors.sentences import spans_within_sentences
from extractors.spans import (
    KIND_OF_LABEL,
    KNOWN_RULES,
    RULE_PRIORITY,
    SPAN_KEY,
    add_span,
    drop_caches,
    extension,
    listed_spans,
    set_extension,
    span_text,
)
from extractors.terms import generic_offsets, generic_texts
from extractors.wordlists import WordLists, load_word_lists

__all__ = ["AcronymCues", "Resolver"]

STRONG_RULES = frozenset(
    {"gazetteer", "model-version", "url", "title-prefix", "proposal", "called"}
)
UNVETOED_RULES = frozenset({"gazetteer", "model-version", "url"})
WEAK_BENCHMARK_RULES = frozenset({"benchmark-context", "benchmark-shape"})
_NOT_A_CONCEPT = "-"  # what Resolver._decide says of an acronym defined as a task or field


@dataclass(frozen=True)
class AcronymCues:
    """What the resolver reads around an acronym, built from the word lists: the head nouns
    (``heads.toml``) and the words after an acronym (``resolver.toml``)."""

    heads: Heads
    head_after: re.Pattern[str]  # "chain-of-thought (CoT) prompting": one method name
    method_after: re.Pattern[str]  # "a course learning (CL) method": a method after all

    @classmethod
    def from_lists(cls, lists: WordLists) -> AcronymCues:
        """The cues of ``lists``.

        >>> cues = AcronymCues.from_lists(load_word_lists())
        >>> bool(cues.head_after.match(") prompting")), bool(cues.method_after.match(" methods"))
        (True, True)
        """
        head_after = lists.alternation("heads_after_acronym")
        method_after = lists.alternation("method_nouns_after_acronym")
        return cls(
            heads=Heads.from_lists(lists),
            head_after=re.compile(rf"\)\s+{head_after}\b", re.IGNORECASE),
            method_after=re.compile(rf"\)?\s*{method_after}s?\b"),
        )


def _long_form_before(doc: Doc, short: Span, long_form: Span) -> int | None:
    """Where the long form written right before this occurrence of the acronym begins:
    the definition itself (``chain-of-thought (CoT)``), or the same words again before a
    later ``(CoT)``; None when the acronym stands alone. The detector pairs every
    occurrence with the definition's long form, which may lie sentences away.

    >>> import spacy
    >>> text = "Use chain-of-thought (CoT) now. Then chain-of-thought (CoT) and (CoT)."
    >>> doc = spacy.blank("en")(text)
    >>> long_form = doc[1:6]
    >>> [_long_form_before(doc, doc[i : i + 1], long_form) for i in (7, 17, 22)]
    [4, 37, None]
    """
    if 0 <= short.start - long_form.end <= 2:  # "long form (ACR)": the definition
        return long_form.start_char
    text = text_of(doc)
    long_text = text[long_form.start_char : long_form.end_char]
    window = max(0, short.start_char - len(long_text) - 4)  # never the whole text before
    before = text[window : short.start_char].rstrip("( ")
    start = window + len(before) - len(long_text)
    if start >= window and text[start : window + len(before)].casefold() == long_text.casefold():
        return start if start == 0 or not text[start - 1].isalnum() else None
    return None


def _role(doc: Doc, span: Span) -> str | None:
    return extension(doc, span, "pg_role")


class Resolver:
    """The ``papergraph_resolver`` component (see the module docstring)."""

    def __init__(self, name: str, drop_generic: bool, word_lists: str | None = None) -> None:
        self.name = name
        self.drop_generic = drop_generic
        self.cues = AcronymCues.from_lists(load_word_lists(word_lists))
        self.canonical = canonical_rules(word_lists)  # sizes, plurals (extractors.canonical)

    def __call__(self, doc: Doc) -> Doc:
        # every key starts as the one its finder found; the resolver's decisions replace some
        for span in listed_spans(doc) if SPAN_KEY in doc.spans else ():
            set_extension(doc, span, "pg_key", extension(doc, span, "pg_found_key"))
        not_concepts = self._abbreviations(doc)
        spans = list(listed_spans(doc)) if SPAN_KEY in doc.spans else []
        spans = _without_citations_and_fields(doc, spans, not_concepts)
        if self.drop_generic:
            spans = _without_generic_terms(doc, spans)
        spans = spans_within_sentences(doc, spans)
        _benchmark_guesses_that_name_methods(doc, spans)
        kept = _without_overlaps(doc, spans)
        canonical_keys(doc, kept, self.canonical)
        _introduced_datasets_are_benchmarks(doc, kept)
        _proposed_everywhere(doc, kept)
        kept.sort(key=lambda s: (s.start, s.end))
        doc.spans[SPAN_KEY] = kept
        drop_caches(doc)
        return doc

    def _abbreviations(self, doc: Doc) -> set[str]:
        """Unify acronyms with their long forms (see the module docstring); returns the
        acronyms (folded, singular) defined as tasks or fields, which name no concept."""
        by_offsets = (
            {(s.start_char, s.end_char): s for s in listed_spans(doc)}
            if SPAN_KEY in doc.spans
            else {}
        )
        generic = generic_texts(doc)
        decided: dict[tuple[int, int], tuple[str, str, str]] = {}  # long form -> kind, key, role
        acronyms: dict[str, tuple[str, str, str]] = {}  # folded singular acronym -> the same
        not_concepts: set[str] = set()
        for short, long_form in abbreviation_pairs(doc):
            if span_text(doc, short).casefold() in not_names():
                continue
            where = (long_form.start_char, long_form.end_char)
            if where not in decided:
                decided[where] = self._decide(doc, short, long_form, by_offsets, generic)
            kind, key, role = decided[where]
            acronym = fold(singular(span_text(doc, short)))
            if kind == _NOT_A_CONCEPT:
                not_concepts.add(acronym)
            if not kind or kind == _NOT_A_CONCEPT:
                continue
            acronyms.setdefault(acronym, (kind, key, role))
            for span in (long_form, short):
                existing = by_offsets.get((span.start_char, span.end_char))
                if existing is not None and KIND_OF_LABEL[existing.label_] == kind:
                    set_extension(doc, existing, "pg_key", key)  # one concept, one key
                    set_extension(doc, existing, "pg_role", role)
                else:  # new, or the paper's own definition overrides another meaning
                    by_offsets[(span.start_char, span.end_char)] = add_span(
                        doc, span, kind, key, "abbreviation", role=role, replace=True, final=True
                    )
            head = self.cues.head_after.match(text_of(doc), short.end_char)
            start = _long_form_before(doc, short, long_form) if head else None
            if kind == "method" and start is not None:
                # "chain-of-thought (CoT) prompting" is one name, as annotators write it
                whole = doc.char_span(start, head.end(), alignment_mode="expand")
                if whole is not None:
                    add_span(doc, whole, kind, key, "abbreviation", role=role, final=True)
        _acronyms_elsewhere(doc, list(by_offsets.values()), acronyms)
        return not_concepts

    def _decide(
        self, doc: Doc, short: Span, long_form: Span, by_offsets: dict, generic: set[str]
    ) -> tuple[str, str, str]:
        """Kind, key and role for an acronym and its long form ('' kind: leave alone)."""
        long_text, short_text = span_text(doc, long_form), span_text(doc, short)
        claims = [
            s
            for s in (
                by_offsets.get((long_form.start_char, long_form.end_char)),
                by_offsets.get((short.start_char, short.end_char)),
            )
            if s is not None
        ]
        own = [s for s in claims if _role(doc, s) == "proposed"]
        role = "proposed" if own else "used"
        if own:  # the paper's own definition wins over a gazetteer's meaning of the acronym
            kind = KIND_OF_LABEL[own[0].label_]
            return kind, concept_key(kind, long_text, self.canonical), role
        strong = [s for s in claims if extension(doc, s, "pg_rule") in KNOWN_RULES]
        long_claim = by_offsets.get((long_form.start_char, long_form.end_char))
        short_claim = by_offsets.get((short.start_char, short.end_char))
        if strong and (long_claim in strong or short_claim not in strong):
            return KIND_OF_LABEL[strong[0].label_], extension(doc, strong[0], "pg_key"), role
        if strong:  # a gazetteer knows the acronym but not this long form
            kind = long_form_kind(long_text, self.cues.heads)
            if kind is None or kind == KIND_OF_LABEL[strong[0].label_]:
                return KIND_OF_LABEL[strong[0].label_], extension(doc, strong[0], "pg_key"), role
            # the long form names another kind of thing: the paper means something else
            # ("Dual Ink Coupling Estimation (DICE)" is no Dice score)
            return kind, concept_key(kind, long_text, self.canonical), role
        if claims and (role == "proposed" or extension(doc, claims[0], "pg_rule") in STRONG_RULES):
            kind = KIND_OF_LABEL[claims[0].label_]
            return kind, concept_key(kind, long_text, self.canonical), role
        if fold(long_text) in generic or fold(singular(short_text)) in generic:
            return "", "", role
        kind = long_form_kind(long_text, self.cues.heads)
        if (
            kind is None
            and names_task_or_field(long_text, self.cues.heads)
            # "a quill course learning (QCL) method": a method after all
            and not self.cues.method_after.match(text_of(doc), short.end_char)
        ):
            return _NOT_A_CONCEPT, "", role  # "time series (TS)", "audio language models (ALMs)"
        if kind is None and claims:  # only a weak rule claimed it and the head is no help
            return "", "", role
        return (kind or "", concept_key(kind, long_text, self.canonical) if kind else "", role)


def _acronyms_elsewhere(
    doc: Doc, spans: list[Span], acronyms: dict[str, tuple[str, str, str]]
) -> None:
    """The key (and a proposed role) of each defined acronym for the spans of it elsewhere,
    in another number or outside what the detector paired (``Quill Ink Mixers (QIMs): ...``
    in the title, ``... (QIM)`` in the abstract); ``acronyms``: folded singular acronym ->
    ``(kind, key, role)``."""
    for span in spans:
        found = acronyms.get(fold(singular(span_text(doc, span))))
        if found is None or extension(doc, span, "pg_rule") in UNVETOED_RULES:
            continue
        kind, key, role = found
        if KIND_OF_LABEL[span.label_] == kind:
            set_extension(doc, span, "pg_key", key)
            if role == "proposed":
                set_extension(doc, span, "pg_role", role)


def _without_citations_and_fields(
    doc: Doc, spans: list[Span], not_concepts: set[str]
) -> list[Span]:
    """``spans`` without an author cited (``(Quill et al., 2031)``) and, unless a strong rule
    found it or the paper proposes it, an acronym the paper defines as a task or a field
    (``salient ink detection (SID)``): ``not_concepts`` holds those acronyms."""
    full_text = text_of(doc)
    return [
        s
        for s in spans
        if not full_text.startswith(" et al", s.end_char)
        and not (
            not_concepts
            and fold(singular(span_text(doc, s))) in not_concepts
            and extension(doc, s, "pg_rule") not in STRONG_RULES
            and _role(doc, s) != "proposed"
        )
    ]


def _without_generic_terms(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` without generic terms (``LLMs``, ``GPU``), nor acronyms defined as one
    (``continual learning (CL)``), unless a gazetteer of their own kind knows them."""
    generic = generic_offsets(doc)
    generic_text = set(generic_texts(doc))
    generic_text |= {
        fold(span_text(doc, short))
        for short, long_form in abbreviation_pairs(doc)
        if fold(span_text(doc, long_form)) in generic_text
    }
    return [
        s
        for s in spans
        if extension(doc, s, "pg_rule") in UNVETOED_RULES
        or not ((s.start_char, s.end_char) in generic or fold(span_text(doc, s)) in generic_text)
    ]


def _proposed_everywhere(doc: Doc, kept: list[Span]) -> None:
    """Every span of a proposed concept (same key) is proposed, and so are the released
    variants of a proposed name (``QuillNet-Lite``, ``InkLM2-Turbo``) that no gazetteer knows."""
    proposed = {extension(doc, s, "pg_key") for s in kept if _role(doc, s) == "proposed"}
    stems = tuple(
        {
            span_text(doc, s) + "-"
            for s in kept
            if _role(doc, s) == "proposed" and s.end_char - s.start_char > 1
        }
    )
    for span in kept:
        variant = (
            stems
            and span_text(doc, span).startswith(stems)
            and extension(doc, span, "pg_rule") != "gazetteer"
        )
        if extension(doc, span, "pg_key") in proposed or variant:
            set_extension(doc, span, "pg_role", "proposed")


def _benchmark_guesses_that_name_methods(doc: Doc, spans: list[Span]) -> None:
    """A benchmark found only by context whose text the paper also uses as a method
    (``after tuning on Quill, InkQuill ...``) is that method."""
    methods = {
        fold(span_text(doc, s)): extension(doc, s, "pg_key")
        for s in spans
        if s.label_ == "METHOD" and extension(doc, s, "pg_rule") in STRONG_RULES | {"abbreviation"}
    }
    for span in spans:
        if span.label_ == "BENCHMARK" and extension(doc, span, "pg_rule") in WEAK_BENCHMARK_RULES:
            key = methods.get(fold(span_text(doc, span)))
            if key:
                span.label_ = "METHOD"
                set_extension(doc, span, "pg_key", key)


def _introduced_datasets_are_benchmarks(doc: Doc, spans: list[Span]) -> None:
    """A name the paper proposes as a benchmark is a benchmark wherever it is proposed."""
    benchmarks = {
        fold(span_text(doc, s)): extension(doc, s, "pg_key")
        for s in spans
        if s.label_ == "BENCHMARK" and _role(doc, s) == "proposed"
    }
    for span in spans:
        if (
            span.label_ == "METHOD"
            and extension(doc, span, "pg_role") == "proposed"
            and fold(span_text(doc, span)) in benchmarks
        ):
            span.label_ = "BENCHMARK"
            set_extension(doc, span, "pg_key", benchmarks[fold(span_text(doc, span))])


def _without_overlaps(doc: Doc, spans: list[Span]) -> list[Span]:
    """Keep the longest span of each overlapping set; equal length: the stronger rule."""
    order = sorted(
        spans,
        key=lambda s: (
            -(s.end_char - s.start_char),
            -RULE_PRIORITY.get(extension(doc, s, "pg_rule"), 0),
            s.start,
        ),
    )
    kept: list[Span] = []
    taken: set[int] = set()
    for span in order:
        if taken.isdisjoint(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return kept


@Language.factory("papergraph_resolver", default_config={"drop_generic": True, "word_lists": None})
def make_resolver(nlp: Language, name: str, drop_generic: bool, word_lists: str | None) -> Resolver:
    """Settle acronyms, generic terms, overlaps and roles into ``doc.spans["papergraph"]``."""
    return Resolver(name, drop_generic, word_lists)
