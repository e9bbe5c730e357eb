"""``papergraph.Tokenizer.v1``: spaCy's English tokenizer, and a full stop after a name.

spaCy's English rules split a sentence's final ``.`` from a lower-case word, a digit
or two capitals, but leave it on a single capital after anything else: ``ImageNet-C.``,
``GPT-4V.`` and ``JiuZhang-8B.`` end in one token ``C.``, ``4V.``, ``8B.``. Then a
gazetteer pattern ``ImageNet-C`` never matches there, the mention carries the dot,
and the sentence splitter sees no full stop. This tokenizer adds one suffix rule: a
``.`` after a capital that follows a digit, a lower-case letter or a hyphen. An
initial (``J.``), ``U.S.`` and ``Ph.D.`` keep theirs. And it drops the emoticons
with parentheses (``):``, ``8)``) from the exceptions: in ``Tiny Time Mixers (TTMs):``
the acronym's parenthesis must be a token of its own.

    >>> import spacy
    >>> nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    >>> [t.text for t in nlp("We test on ImageNet-C. J. Doe uses GPT-4V.")]
    ['We', 'test', 'on', 'ImageNet', '-', 'C', '.', 'J.', 'Doe', 'uses', 'GPT-4V', '.']
    >>> [t.text for t in nlp("Tiny Mixers (TTMs): Fast (Section 8)")]
    ['Tiny', 'Mixers', '(', 'TTMs', ')', ':', 'Fast', '(', 'Section', '8', ')']
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.lang.tokenizer_exceptions import emoticons
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

__all__ = ["TOKENIZER", "make_tokenizer", "pattern_tokenizer"]

TOKENIZER = "papergraph.Tokenizer.v1"
FULL_STOP_AFTER_NAME = r"(?<=[0-9a-z\-][A-Z])\."
# emoticons with parentheses: as exceptions they glue "Mixers (TTMs):" into "TTMs", "):"
# and "(Section 8)" into "8)", hiding the parentheses that acronyms are found by
PARENTHESIS_EMOTICONS = frozenset(e for e in emoticons if "(" in e or ")" in e)


@registry.tokenizers(TOKENIZER)
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's own tokenizer for the language, with :data:`FULL_STOP_AFTER_NAME` among
    its suffixes."""

    def create(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules={
                text: tokens
                for text, tokens in defaults.tokenizer_exceptions.items()
                if text not in PARENTHESIS_EMOTICONS
            },
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex([*defaults.suffixes, FULL_STOP_AFTER_NAME]).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return create


def pattern_tokenizer(tokenizer: Tokenizer) -> Tokenizer:
    """A tokenizer with the same rules as ``tokenizer`` and a cache of its own (for
    pattern strings, which would otherwise fill the pipeline tokenizer's cache)."""
    return Tokenizer(
        tokenizer.vocab,
        rules=tokenizer.rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
    )
