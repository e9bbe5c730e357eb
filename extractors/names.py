"""What a name looks like: the lexical tests the rule components share.

These are pure functions over strings, tested one by one:

    >>> [w for w in ["FooCLIP", "ReFoRA", "T2Foo", "BarT5+", "Data-Aware", "LLMs", "3D", "II"]
    ...  if is_name_shaped(w)]
    ['FooCLIP', 'ReFoRA', 'T2Foo', 'BarT5+', 'LLMs']
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import cache, lru_cache

from extractors.gazetteer import data_path
from extractors.scan import finditer_in_runs
from extractors.wordlists import WordLists, load_word_lists

__all__ = [
    "COMPOUND",
    "COMPOUND_WITH_INNER_CAPITAL",
    "SIZE_LIST",
    "UNIT",
    "compounds_with_inner_capital",
    "is_name_shaped",
    "is_title_case_compound",
    "lowercase_twin",
    "model_version_pattern",
    "not_names",
    "slash_parts",
    "without_lower_suffix",
]

# A compound word as names are written: letters, digits and +^ joined by - / . (no spaces).
COMPOUND = re.compile(r"(?<![\w@/\-.+^])[A-Za-z0-9][A-Za-z0-9+^]*(?:[-/.:][A-Za-z0-9+^]+)*")
# The COMPOUND words with a capital after their first character, the only ones that can be
# name-shaped: the same matches as COMPOUND.finditer() minus the others, found without a
# Python step per word (a skipped word holds no capital, so no match starts inside it).
# Possessive quantifiers (*+, ++) spare the lookahead backtracking over lower-case words.
COMPOUND_WITH_INNER_CAPITAL = re.compile(
    r"(?<![\w@/\-.+^])(?=[A-Za-z0-9][a-z0-9+^]*+(?:[-/.:][a-z0-9+^]++)*+[-/.:]?[A-Z])"
    r"[A-Za-z0-9][A-Za-z0-9+^]*+(?:[-/.:][A-Za-z0-9+^]++)*+"
)
# A capital after a character a compound may hold: every COMPOUND_WITH_INNER_CAPITAL
# match holds one, with only such characters before it (the leading [A-Z] lets re skip
# to the capitals of the text; see extractors.scan.finditer_in_runs).
_INNER_CAPITAL = re.compile(r"[A-Z](?<=[A-Za-z0-9+^\-/.:][A-Z])")
_COMPOUND_CHARACTERS = frozenset(string.ascii_letters + string.digits + "+^-/.:")
# Numbers with units or sizes: "7B", "1.8B", "3D", "70M-12B", "24GB", "3B/7B/14B".
_ONE_UNIT = r"\d+(?:\.\d+)?(?:[KMBTGkmbtg][Bb]?|[Dd]|x|X|th|st|nd|rd|%)?"
UNIT = re.compile(rf"^{_ONE_UNIT}(?:[-/]{_ONE_UNIT})*$")
# Capitals that only highlight an acronym's letters: "REtrieval", "tRaining".
_HIGHLIGHT = re.compile(r"^[a-z]?[A-Z]{1,2}[a-z]{5,}$")
_ROMAN = re.compile(r"^(?=[IVXLC])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
_LOWER_SUFFIX = re.compile(r"-[a-z]{3,}$")
_TITLE_CASE_COMPOUND = re.compile(r"^[A-Z][a-z]+(?:-(?:[A-Z][a-z]+|[a-z]+|\d+))+$")


def compounds_with_inner_capital(text: str) -> Iterator[re.Match[str]]:
    """``COMPOUND_WITH_INNER_CAPITAL.finditer(text)``, tried only at the words that lead up
    to a capital (a tenth of the time on an abstract).

    >>> [m.group() for m in compounds_with_inner_capital("FooCLIP beats gpt-4o and CLIP.")]
    ['FooCLIP', 'CLIP']
    """
    return finditer_in_runs(COMPOUND_WITH_INNER_CAPITAL, _INNER_CAPITAL, _COMPOUND_CHARACTERS, text)


def lowercase_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without ``re.IGNORECASE``, for lower-cased ASCII text: it finds the same
    matches at the same offsets there, three times faster (every literal of ``pattern``
    must be lower-case, which is checked).

    >>> cue = re.compile(r"\\bresults?\\b", re.IGNORECASE)
    >>> lowercase_twin(cue).search("Our RESULTS hold".lower()).span()
    (4, 11)
    """
    if re.search(r"(?<!\\)[A-Z]", pattern.pattern):
        raise ValueError(f"not all lower-case: {pattern.pattern}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def is_title_case_compound(word: str) -> bool:
    """``Data-Aware``, ``Multi-Task``: title case, not a name by itself.

    >>> is_title_case_compound("Self-Supervised"), is_title_case_compound("Foo-VL")
    (True, False)
    """
    return bool(_TITLE_CASE_COMPOUND.match(word))


@lru_cache(maxsize=1 << 16)
def is_name_shaped(word: str) -> bool:
    """True for words only names look like: a capital after the first letter,
    or letters mixed with digits around a capital (``FooCLIP``, ``T2Foo``,
    ``GPT-4o``), but not numbers with units (``7B``, ``3D``), Roman numerals,
    or title-case compounds (``Data-Aware``)."""
    if len(word) < 2 or UNIT.match(word) or _ROMAN.match(word):
        return False
    if not any(ch.isalpha() for ch in word) or is_title_case_compound(word):
        return False
    if _HIGHLIGHT.match(word) or re.search(r"[a-z]{3}\.[A-Z]", word):  # "methods.Results"
        return False
    core = word.rstrip("+")
    inner_capital = any(ch.isupper() for ch in core[1:])
    return inner_capital and not (core.isupper() and len(core) == 2 and "-" in word)


def without_lower_suffix(word: str) -> str:
    """The name, if any, before the lower-case words a hyphen joins to it.

    >>> without_lower_suffix("LLM-based"), without_lower_suffix("FooPerf-calibrated-only")
    ('LLM', 'FooPerf')
    >>> without_lower_suffix("Mixture-of-Experts"), without_lower_suffix("Chain-of")
    ('Mixture-of-Experts', 'Chain-of')
    """
    while _LOWER_SUFFIX.search(word) and word.split("-")[-1] not in ("of", "in"):
        word = word.rsplit("-", 1)[0]
    return word


def slash_parts(word: str) -> list[tuple[int, str]]:
    """``(offset, part)`` of the names a slash joins (``FooCap/BarSet``); the word itself
    when a part is no name (``MAC/clk``, ``bits/dim``, ``AIME24/25``, ``Qwen2.5-1.5B/7B``).

    >>> slash_parts("S4D/S5-PTD"), slash_parts("AIME24/25"), slash_parts("MAC/clk")
    ([(0, 'S4D'), (4, 'S5-PTD')], [(0, 'AIME24/25')], [(0, 'MAC/clk')])
    """
    parts = word.split("/")
    if len(parts) < 2 or not all(
        (is_name_shaped(part) or (part[:1].isupper() and len(part) > 2)) and not UNIT.match(part)
        for part in parts
    ):
        return [(0, word)]
    offsets = [0]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + len(part) + 1)
    return list(zip(offsets, parts, strict=True))


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that are never names (``However``, ``Experiments``), case-folded."""
    words = set()
    with open(data_path("not_names.txt"), encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line.casefold())
    return frozenset(words)


_VERSION = r"(?:[- ]?(?-i:[vV])?\d+(?:\.\d+)*[a-z]?\+?)"
# a list of sizes closing a name: "FooLM-Math-Instruct-1.5B/7B/72B" names the family
SIZE_LIST = re.compile(r"-\d+(?:\.\d+)?[BMK](?:/\d+(?:\.\d+)?[BMK])+$")


def _variant_patterns(lists: WordLists) -> tuple[str, str]:
    """The variants of a model's name (``names.toml``): words after a space, and parts
    after a hyphen (case-sensitive even inside a case-insensitive family pattern). Sizes
    after a space are left off, as the dev gold writes them (``Foo-Reason-1.1 7B`` is
    ``Foo-Reason-1.1``); hyphenated ones belong to the name (``Qwen2.5-72B``)."""
    variant_word = f"(?-i:{lists.alternation('model_variant_words')})"
    hyphen_part = (
        r"(?-i:-(?:[A-Z]/\d+|\d[\w.]*"
        rf"|(?!{lists.alternation('not_name_hyphen_suffixes')}\b)[A-Z][\w.]*"
        rf"|(?:{lists.alternation('model_variant_suffixes')}|v\d[\w.]*)(?![\w])))"
    )
    return variant_word, hyphen_part


def model_version_pattern(
    families: list[str], ignore_case: bool, lists: WordLists | None = None
) -> re.Pattern[str]:
    """A regex for a model family followed by versions, sizes and variants (of the word
    lists ``lists``; the shipped ones by default).

    >>> p = model_version_pattern(["Llama", "Qwen", "GPT", "Claude", "DiT"], ignore_case=False)
    >>> text = ("Llama2-70b, Qwen2.5-72B-Instruct, GPT-4o-mini, Claude 3.5-Haiku, Llama 3.1, "
    ...         "DiT-L/2, GPT V3")
    >>> for m in p.finditer(text): print(m.group(0))
    Llama2-70b
    Qwen2.5-72B-Instruct
    GPT-4o-mini
    Claude 3.5-Haiku
    Llama 3.1
    DiT-L/2
    GPT V3
    """
    stems = "|".join(re.escape(f) for f in sorted(set(families), key=len, reverse=True))
    variant_word, hyphen_part = _variant_patterns(lists or load_word_lists())
    pattern = (
        rf"(?<![\w\-.])(?:{stems})"
        rf"(?:{_VERSION}(?:{hyphen_part}|\s{variant_word}\b)*"
        rf"|(?:{hyphen_part})+(?:\s{variant_word}\b)*)"
        r"(?![\w+])"
    )
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)
