"""Canonical forms: the one place that says which spellings of a name are one concept.

A key is the folded canonical form of a name (:func:`extractors.keys.concept_key`
applies these rules; the resolver, the only setter of final keys, applies those of its
configured word lists).
Folding already drops case, spaces, hyphens and dots (``LLaMA-2``, ``Llama 2``); the
canonical form also leaves off, by the rules of GUIDELINES C1 and C4:

* a model size written after a space, with the variant words after it
  (``Llama 2 13B`` and ``Mistral 7B Instruct`` are ``Llama 2`` and ``Mistral``), while a
  size joined by a hyphen stays (``Llama2-70b`` is its own concept, a variant);
* the plural of a method's or metric's last word (``Gaussian Processes``,
  ``transformers``); acronym plurals (``GNNs``) fold everywhere (:func:`~extractors.keys.singular`).

An acronym takes its long form's key inside a paper (:mod:`extractors.resolver`), and
across papers in :mod:`graph.building.identity`, which also draws the families this
module names (:meth:`Canonical.parents`: ``Qwen2.5-7B-Instruct`` is a variant of
``Qwen2.5-7B``, of ``Qwen2.5`` and of ``Qwen``). The words come from
``word_lists/canonical.toml``. A mention's text never changes; only its key does.

    >>> from extractors.keys import concept_key
    >>> concept_key("method", "Llama 2 13B"), concept_key("method", "Llama2-70b")
    ('method:llama2', 'method:llama270b')
    >>> concept_key("method", "Gaussian Processes") == concept_key("method", "Gaussian process")
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from extractors.spans import KIND_OF_LABEL, extension, set_extension, span_text
from extractors.wordlists import WordLists, load_word_lists

__all__ = ["Canonical", "canonical_keys", "canonical_rules", "is_acronym"]

_ACRONYM = re.compile(r"[A-Za-z][A-Za-z0-9]{1,11}")
_LAST_PART = re.compile(r"^(?P<rest>.*?[A-Za-z0-9.)])[\s\-]+(?P<last>[^\s\-]+)$")
_VERSION = re.compile(r"^(?P<stem>[A-Za-z]{2,}?)[vV]?\d+(?:\.\d+)*[a-z]?$")
_SHORT_TAG = re.compile(r"[A-Z]|\S*\d\S*")  # ImageNet-C, ImageNet-1K, GPT-4o, V2


def is_acronym(text: str) -> bool:
    """Whether ``text`` is written like an acronym or a short coined name: one word of
    letters and digits with at least two capitals (``ERM``, ``GaLore``, ``GPs``).

    >>> [is_acronym(t) for t in ("ERM", "GaLore", "GPs", "Adam", "gradient descent", "A")]
    [True, True, True, False, False, False]
    """
    return bool(_ACRONYM.fullmatch(text)) and sum(ch.isupper() for ch in text) >= 2


@dataclass(frozen=True)
class Canonical:
    """The canonical-form rules, built from the word lists (``canonical.toml``)."""

    spaced_size: re.Pattern[str]  # " 13B", " 7B Instruct" at the end of a name
    size: re.Pattern[str]  # "13B", "0.5b"
    variant_words: frozenset[str]
    plural_kinds: frozenset[str]
    plural_endings: tuple[tuple[str, str], ...]
    not_plurals: frozenset[str]
    not_plural_endings: tuple[str, ...]

    @classmethod
    def from_lists(cls, lists: WordLists) -> Canonical:
        """The rules of ``lists``.

        >>> rules = Canonical.from_lists(load_word_lists())
        >>> bool(rules.size.fullmatch("0.5B")), "instruct" in rules.variant_words
        (True, True)
        """
        units = lists.alternation("size_units")
        variants = lists.alternation("variant_words")
        size = rf"\d+(?:\.\d+)?{units}"
        endings = tuple(
            tuple(entry.split(" ", 1)) if " " in entry else (entry, "")
            for entry in lists.words("plural_endings")
        )
        return cls(
            spaced_size=re.compile(rf"(?:\s+{size}(?:[\s\-]+{variants})*)+$", re.IGNORECASE),
            size=re.compile(size, re.IGNORECASE),
            variant_words=frozenset(word.casefold() for word in lists.words("variant_words")),
            plural_kinds=lists.set("plural_kinds"),
            plural_endings=endings,  # type: ignore[arg-type]
            not_plurals=lists.set("not_plurals"),
            not_plural_endings=lists.words("not_plural_endings"),
        )

    def form(self, kind: str, text: str) -> str:
        """The canonical form of ``text`` as a concept of ``kind`` (see the module docstring).

        >>> rules = canonical_rules()
        >>> rules.form("method", "Mistral 7B Instruct"), rules.form("benchmark", "GSM 8K")
        ('Mistral', 'GSM 8K')
        >>> rules.form("method", "diffusion processes"), rules.form("metric", "F1 scores")
        ('diffusion process', 'F1 score')
        >>> rules.form("method", "Bayes"), rules.form("method", "K-Means")
        ('Bayes', 'K-Means')
        """
        text = text.strip()
        if kind == "method":
            text = self.spaced_size.sub("", text) or text
        if kind in self.plural_kinds:
            text = self._singular_last_word(text)
        return text

    def _singular_last_word(self, text: str) -> str:
        """``text`` with its last word in the singular, when it is a lower-case plural, or
        a capitalised one after other words (``Neural Networks``; not ``Pythias``)."""
        parts = re.split(r"([\s\-])", text)
        head, last = "".join(parts[:-1]), parts[-1]
        if len(last) < 4 or not last.isalpha() or not last.endswith("s"):
            return text
        if not (last.islower() or (head and last[0].isupper() and last[1:].islower())):
            return text
        lowered = last.casefold()
        if lowered in self.not_plurals or lowered.endswith(self.not_plural_endings):
            return text
        for ending, singular in self.plural_endings:
            if lowered.endswith(ending):
                return text[: len(text) - len(ending)] + singular
        return text[:-1]

    def parents(self, text: str) -> list[str]:
        """The names ``text`` is a variant of, nearest first: its last part off when that
        part is a size, a variant word or a short tag (``-7B``, ``-Instruct``, ``-C``,
        ``-4o``), then its version number off (``Qwen2.5`` -> ``Qwen``).

        >>> canonical_rules().parents("Qwen2.5-7B-Instruct")
        ['Qwen2.5-7B', 'Qwen2.5', 'Qwen']
        >>> canonical_rules().parents("ImageNet-C"), canonical_rules().parents("GPT-3.5 Turbo")
        (['ImageNet'], ['GPT-3.5', 'GPT'])
        >>> canonical_rules().parents("Llama-3-SynE"), canonical_rules().parents("gradient descent")
        ([], [])
        """
        found = []
        current = text.strip()
        while True:
            parent = self._parent(current)
            if parent is None or parent == current:
                return found
            found.append(parent)
            current = parent

    def _parent(self, text: str) -> str | None:
        part = _LAST_PART.match(text)
        if part is not None:
            last = part["last"]
            if (
                last.casefold() in self.variant_words
                or self.size.fullmatch(last)
                or _SHORT_TAG.fullmatch(last)
            ):
                return part["rest"].rstrip()
            return None
        version = _VERSION.match(text)
        return version["stem"] if version is not None else None


@lru_cache(maxsize=8)
def canonical_rules(word_lists: str | None = None) -> Canonical:
    """The rules of the shipped word lists, or of the lists of ``word_lists`` (a
    directory, as ``load_word_lists`` takes), built once.

    >>> canonical_rules() is canonical_rules()
    True
    """
    return Canonical.from_lists(load_word_lists(word_lists))


def canonical_keys(doc: Doc, spans: list[Span], rules: Canonical) -> None:
    """Key ``spans`` by ``rules`` where their key is their own text's under the shipped
    rules (a gazetteer's or a long form's key stays): the resolver's step that makes a
    pipeline's own ``canonical.toml`` count. With the shipped lists it changes nothing.

    >>> import spacy
    >>> from extractors.keys import concept_key
    >>> from extractors.spans import add_span, listed_spans
    >>> doc = spacy.blank("en")("We use Quill 7B Chat")
    >>> key = concept_key("method", "Quill 7B Chat")
    >>> span = add_span(doc, doc[2:5], "method", key, "model-version", final=True)
    >>> zettabytes = WordLists({**load_word_lists().lists, "size_units": ("Z",)})
    >>> canonical_keys(doc, list(listed_spans(doc)), Canonical.from_lists(zettabytes))
    >>> key, extension(doc, list(listed_spans(doc))[0], "pg_key")
    ('method:quill', 'method:quill7bchat')
    """
    if rules == canonical_rules():
        return
    from extractors.keys import concept_key  # keys reads the shipped rules of this module

    for span in spans:
        kind, text = KIND_OF_LABEL[span.label_], span_text(doc, span)
        key = extension(doc, span, "pg_key")
        if key == concept_key(kind, text):
            set_extension(doc, span, "pg_key", concept_key(kind, text, rules))
