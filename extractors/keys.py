"""Canonical keys: the same concept written differently gets the same key.

A key is ``kind:folded`` where folding drops case, accents, Unicode width,
spaces, hyphens, dots, underscores and apostrophes, so ``LLaMA2``, ``Llama 2``
and ``LLaMA-2`` are one method. Acronym plurals fold to the singular (``GNNs``).
Gazetteer aliases resolve to their entry's name before folding (see
:mod:`extractors.gazetteer`); an acronym defined in a paper takes its long
form's key, so two papers that define ``CL`` differently get different keys. Before
folding, the canonical form of :mod:`extractors.canonical` leaves off what the
guidelines leave off a name (``Llama 2 13B`` is ``Llama 2``; ``Gaussian Processes`` is
``Gaussian process``).

    >>> concept_key("method", "LLaMA-2") == concept_key("method", "Llama 2") == "method:llama2"
    True
    >>> concept_key("method", "GNNs"), concept_key("method", "Llama 2 13B")
    ('method:gnn', 'method:llama2')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractors.canonical import Canonical, canonical_rules
from extractors.schema import KINDS as _KINDS

__all__ = ["KINDS", "concept_key", "fold", "render_accents"]

#: the kinds a key can have (the mention kinds of :mod:`extractors.schema`)
KINDS = tuple(kind.name for kind in _KINDS)

_DROP = re.compile(r"[\s\-\u2010-\u2015_.'\u2019{}^\\\"`]+")
_ACRONYM_PLURAL = re.compile(r"^([A-Z][A-Za-z0-9]*[A-Z0-9])s$")
# LaTeX accents as arXiv abstracts keep them (T\"ULU, Schr\"odinger, Poincar\'{e}), and the
# combining marks they stand for
_LATEX_ACCENT = re.compile(
    r"\{\\(?P<braced_accent>[\"'`^~=.])(?P<braced>[A-Za-z])\}"  # {\"o}
    r"|\\(?P<accent>[\"'`^~=.])(?:\{(?P<in_braces>[A-Za-z])\}|(?P<bare>[A-Za-z]))"  # \"{o}, \"o
)
_COMBINING = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
              "=": "\u0304", ".": "\u0307"}  # fmt: skip


def render_accents(text: str) -> str:
    """``text`` with its LaTeX accents written as the letters they make.

    >>> render_accents('T\\\\"ULU 3'), render_accents("Poincar\\\\'{e} and {\\\\`a} la")
    ('TÜLU 3', 'Poincaré and à la')
    >>> render_accents("a\\\\b {x}}"), render_accents('\\\\"{o}}')
    ('a\\\\b {x}}', 'ö}')
    """
    if "\\" not in text:
        return text

    def letter(match: re.Match[str]) -> str:
        accent = match["braced_accent"] or match["accent"]
        base = match["braced"] or match["in_braces"] or match["bare"]
        return unicodedata.normalize("NFC", base + _COMBINING[accent])

    return _LATEX_ACCENT.sub(letter, text)


@lru_cache(maxsize=1 << 16)  # the same words are folded again and again
def fold(text: str) -> str:
    """Case-, accent-, width- and punctuation-insensitive form of ``text``.

    >>> fold("Tülu 3"), fold('T\\\\"ULU 3'), fold("CIFAR-10"), fold("\\uff22\\uff25\\uff32\\uff34")
    ('tulu3', 'tulu3', 'cifar10', 'bert')
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DROP.sub("", text).casefold()


def singular(text: str) -> str:
    """Drop the plural ``s`` of an acronym-like word (``LLMs`` -> ``LLM``), nothing else.

    >>> singular("MLPs"), singular("ViTs"), singular("Pythias"), singular("Bayes")
    ('MLP', 'ViT', 'Pythias', 'Bayes')
    """
    match = _ACRONYM_PLURAL.match(text)
    return match.group(1) if match else text


@lru_cache(maxsize=1 << 16)
def concept_key(kind: str, text: str, rules: Canonical | None = None) -> str:
    """The canonical key of ``text`` as a concept of ``kind``: its canonical form under
    ``rules`` (the shipped word lists' when ``None``), folded.

    >>> concept_key("method", "Mistral 7B Instruct"), concept_key("benchmark", "GSM 8K")
    ('method:mistral', 'benchmark:gsm8k')
    """
    form = (rules or canonical_rules()).form(kind, text.strip())
    return f"{kind}:{fold(singular(form))}"
