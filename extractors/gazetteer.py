"""Gazetteers: the data files of known names, and a matcher over them.

Each data file in ``extractors/data/`` is JSON Lines, one entry per line::

    {"name": "CIFAR-10", "aliases": ["CIFAR10"], "domain": "vision"}
    {"term": "LLM", "variants": ["LLMs", "large language model"], "category": "model-category"}

with an optional ``"case_sensitive": true`` for names that are also common words
(``MATH``, ``Adam``). A generic entry may instead give a ``"pattern"``: a regular
expression for a shape of word that is never a name (``dT`` of ``O(dT)``, a math
fragment); its whole-word matches are generic, and its ``term`` only labels it.
Spelling variants are generated here rather than listed: hyphen, space and no
separator between a name and its number (``Llama 2`` = ``Llama-2`` = ``Llama2``),
hyphen for space in short names, and the plural of acronyms, architectures and
counted metrics (``GNNs``, ``Transformers``, ``error rates``).

    >>> sorted(spelling_variants("Llama 2"))
    ['Llama 2', 'Llama-2', 'Llama2']
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from extractors.facts import text_of, token_ids
from extractors.keys import concept_key
from extractors.wordlists import load_word_lists

__all__ = ["DEFAULT_FILES", "Entry", "Gazetteer", "load_entries", "spelling_variants"]

# kind -> file in extractors/data; "generic" entries are terms that must not be extracted
DEFAULT_FILES = {
    "benchmark": "benchmarks.jsonl",
    "metric": "metrics.jsonl",
    "method": "methods.jsonl",
    "generic": "generic_terms.jsonl",
}
PLURAL_TYPES = frozenset({"architecture", "model-category", "model", "method-family"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: its kind, canonical name, surface forms and flags."""

    kind: str
    name: str
    forms: tuple[str, ...]
    case_sensitive: bool = False
    category: str | None = None
    reported_only: bool = False  # a metric that counts only where results are reported in it
    pattern: str | None = None  # a generic shape of word, matched as a regex, not by its forms

    @property
    def key(self) -> str:
        return concept_key(self.kind, self.name)


def data_path(name: str) -> Path:
    """Path of a file shipped in ``extractors/data``."""
    return Path(str(resources.files("extractors") / "data" / name))


def load_entries(kind: str, path: str | Path) -> Iterator[Entry]:
    """The entries of one gazetteer file; errors name the file and line."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                name = row.get("name") or row["term"]
                aliases = row.get("aliases", row.get("variants", []))
                if not isinstance(name, str) or not all(isinstance(a, str) for a in aliases):
                    raise ValueError("name and aliases must be strings")
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: bad gazetteer entry: {exc}") from exc
            category = row.get("type") or row.get("category") or row.get("domain")
            yield Entry(
                kind,
                name,
                (name, *aliases),
                bool(row.get("case_sensitive")),
                category,
                bool(row.get("reported_only")),
                row.get("pattern"),
            )


def spelling_variants(form: str) -> set[str]:
    """``form`` and its separator variants between letters and digits or short words."""
    variants = {form}
    # a name of two letters or more and its version number: "Llama 2", "Llama-2", "Llama2"
    # (not "R-1": "R1" is another thing)
    if re.search(r"[A-Za-z]{2}[ -]?\d", form):
        stem = re.sub(r"(?<=[A-Za-z]{2})[ -]?(?=\d)", "\0", form)
        variants |= {stem.replace("\0", sep) for sep in (" ", "-", "")}
    words = form.split(" ")
    if 1 < len(words) <= 4 and all(w.isalnum() for w in words):
        variants.add("-".join(words))  # "mixture of experts" -> "mixture-of-experts"
    parts = form.split("-")
    named = len(parts) >= 3 or any(p[:1].isupper() for p in parts)  # not "speed-up"
    if len(parts) > 1 and " " not in form and all(p.isalpha() for p in parts) and named:
        variants.add(form.replace("-", " "))
    return variants


def _plural(form: str) -> str | None:
    last = form.split(" ")[-1]
    if not last or last[-1] in "sSxX" or not last[-1].isalpha():
        return None
    return form + "s"


class Gazetteer:
    """All entries of the given kinds, and a spaCy matcher over their forms.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> gaz = Gazetteer.default(nlp.vocab)
    >>> doc = nlp("We fine-tune Llama-2 with LoRA on CIFAR10 and report FID; a clip.")
    >>> [(span.text, entry.kind, entry.name) for span, entry in gaz.find(doc)]
    [('Llama-2', 'method', 'Llama 2'), ('LoRA', 'method', 'LoRA'), \
('CIFAR10', 'benchmark', 'CIFAR-10'), ('FID', 'metric', 'FID')]
    """

    def __init__(
        self,
        vocab: Vocab,
        entries: Iterable[Entry],
        tokenizer: Callable[[str], Doc] | None = None,
        counted_heads: frozenset[str] | None = None,
    ) -> None:
        """``counted_heads``: the heads of metric names that take a plural (the list
        ``counted_heads``, read from the shipped word lists when None)."""
        if counted_heads is None:
            counted_heads = load_word_lists().set("counted_heads")
        self.entries: list[Entry] = []
        self._exact = PhraseMatcher(vocab, attr="ORTH")
        self._folded = PhraseMatcher(vocab, attr="LOWER")
        # entry index -> its capitalised letter-only forms, case-folded ("GraSP" -> "grasp"):
        # written in lower case, such a name is the common word ("lets the model grasp")
        self._capitalised: dict[int, frozenset[str]] = {}
        shapes: list[str] = []  # the patterns of generic shapes, one named group each
        # patterns must be tokenised as the texts they will meet
        tokenizer = tokenizer or English(vocab=vocab).tokenizer
        for entry in entries:
            index = len(self.entries)
            self.entries.append(entry)
            if entry.pattern is not None:
                shapes.append(rf"(?P<g{index}>{entry.pattern})")
                continue
            forms = set()
            for form in entry.forms:
                forms |= spelling_variants(form)
            if (entry.kind in ("method", "generic") and entry.category in PLURAL_TYPES) or (
                entry.kind in ("method", "generic", "metric") and entry.name.isupper()
            ):  # "GNNs", "Transformers", "AUCs"
                forms |= {p for f in list(forms) if (p := _plural(f))}
            if entry.kind == "metric":  # "false positive rates", "Spearman correlations"
                counted = [f for f in forms if f.rsplit(" ", 1)[-1].casefold() in counted_heads]
                forms |= {p for f in counted if (p := _plural(f))}
            matcher = self._exact if entry.case_sensitive else self._folded
            capitalised = {
                f.casefold() for f in forms if f.isalpha() and sum(c.isupper() for c in f) >= 2
            } - forms
            if capitalised and not entry.case_sensitive:
                self._capitalised[index] = frozenset(capitalised)
            patterns = [tokenizer(form) for form in sorted(forms) if form.strip()]
            matcher.add(str(index), patterns)
        # a shape matches a whole word: not inside a longer word, a hyphenated one or a link
        edge_before, edge_after = r"(?<![\w\-./@^])", r"(?![\w\-/@^]|\.\w)"
        self._shapes = (
            re.compile(rf"{edge_before}(?:{'|'.join(shapes)}){edge_after}") if shapes else None
        )

    @classmethod
    def default(
        cls,
        vocab: Vocab,
        files: dict[str, str] | None = None,
        tokenizer: Callable[[str], Doc] | None = None,
        counted_heads: frozenset[str] | None = None,
    ) -> Gazetteer:
        """A gazetteer over the shipped data files (or ``files``: kind -> path)."""
        entries = _default_entries(tuple(sorted((files or {}).items())))
        return cls(vocab, entries, tokenizer, counted_heads)

    def find(self, doc: Doc) -> list[tuple[Span, Entry]]:
        """Every match in ``doc``: ``(span, entry)``, in text order, overlaps included."""
        return [(Span(doc, start, end), entry) for start, end, entry in self.matches(doc)]

    def matches(self, doc: Doc) -> list[tuple[int, int, Entry]]:
        """:meth:`find` as token offsets ``(start, end, entry)``, with no ``Span`` objects
        (a component that keeps few of the matches need not build them all)."""
        found = []
        strings = doc.vocab.strings
        for match_id, start, end in self._exact(doc):
            found.append((start, end, self.entries[int(strings[match_id])]))
        capitalised, orth = self._capitalised, None
        for match_id, start, end in self._folded(doc):
            index = int(strings[match_id])
            if index in capitalised and end - start == 1:
                orth = token_ids(doc) if orth is None else orth
                if strings[int(orth[start])] in capitalised[index]:
                    continue
            found.append((start, end, self.entries[index]))
        if self._shapes is not None:
            found += self._shape_matches(doc)
        found.sort(key=lambda match: (match[0], -match[1]))
        return found

    def _shape_matches(self, doc: Doc) -> list[tuple[int, int, Entry]]:
        """The words of ``doc`` that a generic entry's pattern matches, as token offsets."""
        found = []
        for match in self._shapes.finditer(text_of(doc)):
            # the whole token ("O(dT" of "O(dT)"), where a name rule would find the word too
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                index = int(match.lastgroup[1:])
                found.append((span.start, span.end, self.entries[index]))
        return found


@cache
def _default_entries(overrides: tuple[tuple[str, str], ...]) -> tuple[Entry, ...]:
    files = {kind: str(data_path(name)) for kind, name in DEFAULT_FILES.items()}
    files.update(dict(overrides))
    return tuple(entry for kind, path in files.items() for entry in load_entries(kind, path))
