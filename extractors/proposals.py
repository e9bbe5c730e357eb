"""Finding the names a paper gives its own contributions: pure functions over text.

The ``papergraph_methods`` component calls these per sentence and turns their
character offsets into spans. Each returns :class:`Proposal` offsets relative
to the text it was given.

    >>> [(p.text, p.kind) for p in after_verb("we present RewardBench, a new benchmark.", 11)]
    [('RewardBench', 'benchmark')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from extractors.keys import fold
from extractors.names import is_name_shaped, is_title_case_compound, not_names
from extractors.terms import COMPOUND_SUFFIXES

__all__ = [
    "CALLED",
    "CREATION",
    "PROPOSAL",
    "Proposal",
    "after_called",
    "after_verb",
    "head_word",
    "may_call",
    "may_propose",
]

_SUBJECT = r"(?:\bwe|\bthis (?:paper|work|report|study|article|technical report)|\bhere,? we)"
_ADVERB = (
    r"(?:\s+(?:also|further|then|next|first|here|hereby|hence|instead|therefore|thus|now|"
    r"additionally|newly|\w+ly))?"
)
_VERB = (
    r"(?:propose|introduce|present|develop|design|build|release|construct|devise|create|curate|"
    r"collect|contribute|establish|unveil|formulate|put forward|open-source)[sd]?"
)
_THEN_AND = r"[^.;]{0,160}?\band"  # "we extend the SDP approach ... and propose": one subject
PROPOSAL = re.compile(
    rf"{_SUBJECT}(?:{_THEN_AND})?{_ADVERB}\s+{_VERB}\b\s*"
    r"|\bour (?:\w+ )?(?:model|method|approach|system|framework|agent|algorithm|variant)s?,\s+"
    # "our first approach is Batch-Scheduled Sampling", "our method, known as 'X'"
    r"|\bour (?:[\w\-]+ ){0,2}(?:model|method|approach|system|framework|algorithm|technique|"
    r"strategy)s?,? (?:is|are|known as|called|named|termed|dubbed) (?=\S)"
    r"|\bour (?:proposed |novel |new )?(?=\w)",
    re.IGNORECASE,
)
CALLED = re.compile(
    r"(?<!so-)\b(?:called|dubbed|termed|coined|nicknamed|named|"
    r"(?:which|that|what) we (?:call|name|term|dub)|"
    r"we (?:call|name|term|dub)(?: (?:it|this|them|these|(?:this|these|the|our|such) \w+))?|"
    r"(?:we )?refer(?:red)? to (?:it |this |them |these |(?:this|our) \w+ )?as|denoted as)\s+",
    re.IGNORECASE,
)
# Words every PROPOSAL / CALLED match contains, lower-cased: a sentence with none of them
# needs no search (the patterns are case-insensitive, so this holds for ASCII text).
_PROPOSAL_VERBS = ("propose", "introduce", "present", "develop", "design", "build", "release",
                   "construct", "devise", "create", "curate", "collect", "contribute",
                   "establish", "unveil", "formulate", "put forward", "open-source")  # fmt: skip
_CALLED_CUES = ("called", "dubbed", "termed", "coined", "named", "we call", "we name", "we term",
                "we dub", "refer", "denoted")  # fmt: skip


def may_propose(lowered: str) -> bool:
    """Could :data:`PROPOSAL` match in this lower-cased ASCII sentence? (False: surely not.)

    >>> may_propose("we present a model."), may_propose("results improve.")
    (True, False)
    """
    if "our " in lowered:
        return True
    subject = "we" in lowered or "this " in lowered
    return subject and any(map(lowered.__contains__, _PROPOSAL_VERBS))


def may_call(lowered: str) -> bool:
    """Could :data:`CALLED` match in this lower-cased ASCII sentence? (False: surely not.)

    >>> may_call("a method dubbed x."), may_call("we present a model.")
    (True, False)
    """
    return any(map(lowered.__contains__, _CALLED_CUES))


OWN_WORK = re.compile(r"\b(?:we|our|us|this (?:paper|work|report))\b", re.IGNORECASE)
# A sentence that creates something: "we employ", "we present", "X (ACR) is proposed".
CREATION = re.compile(
    r"\bwe (?:\w+ly )?(?:also )?(?:propose|introduce|present|develop|design|employ|devise|build|"
    r"construct|formulate|create|call|term|dub|name)\w*\b"
    r"|\b(?:is|are) (?:\w+ly )?(?:proposed|introduced|presented|developed|devised)\b"
    rf"|\bwe\b{_THEN_AND} (?:\w+ly )?(?:propose|introduce|present|develop|design|devise)\b",
    re.IGNORECASE,
)
# "our proposed method 'robust mean teacher' (RMT)": a name right after "our proposed ..."
OURS_BEFORE = re.compile(
    r"\bour\s+(?:(?:newly\s+)?proposed|novel|new)(?:\s+[\w\-]+){0,2}\s*[\"'\u201c\u2018`]*\s*$",
    re.IGNORECASE,
)
# Words that may not stand between a proposal verb and the name it introduces.
GAP_STOP = frozenset(
    "to for on in of with based that which where whose by from via through using upon into how "
    "what whether when while because since as if than between among across under over about "
    "against without within can could will would may might should must is are was were be been "
    "and or".split()
)
BENCHMARK_HEADS = frozenset(
    "benchmark benchmarks dataset datasets corpus corpora suite testbed leaderboard collection "
    "evaluation arena environment environments gym test".split()
)
METRIC_HEADS = frozenset("metric metrics measure score scores".split())
PHENOMENON_HEADS = frozenset(
    "region phenomenon phenomena effect effects curse hacking gap problem issue bottleneck law "
    "laws hypothesis regime property behavior behaviour collapse paradox trap level levels "
    "complexity bound bounds rate measure quantity setting".split()
)
# What a paper may present that is not a method: "this paper presents a systematic review (SLR)".
NOT_CONTRIBUTION_HEADS = frozenset(
    "review survey study analysis overview investigation comparison tutorial perspective "
    "position report".split()
)
NAME_HEADS = frozenset(
    "scheduler strategy method framework model module mechanism algorithm approach technique "
    "loss network training sampling optimization optimizer architecture pipeline paradigm "
    "objective regularizer decoding search attention encoder policy".split()
)
_WORD = re.compile(r"(?:\\[\"'`^~]|[^\s,;:()\"“”])+")  # keeps LaTeX accents: T\"ULU
_QUOTES = "\"'`\u201c\u201d\u2018\u2019*_"  # quotes, and Markdown emphasis (**GRAPE**)
_PHENOMENON_BEFORE = re.compile(  # "a phenomenon we refer to as", "an effect called"
    rf"\b(?:{'|'.join(sorted(PHENOMENON_HEADS))}),?(?:\s+(?:that|which|we|is|are|was|were|"
    r"known|refer|referred|to|as|call|called|term|termed|dub|dubbed|name|named|coined|"
    r"nicknamed|denoted)){1,5}\s*$"
)
_APPOSITIVE_NAME = re.compile(
    r"(?P<name>[A-Z][\w\-^+]*(?: [\w\-^+]+){0,3}),\s+(?:a|an)\s+(?P<words>(?:[\w\-]+ ?){1,4})"
)
_PARENTHESISED_NAME = re.compile(
    r"[^.;()]{3,120}?\((?P<name>[A-Z][\w\-^+]{1,30})\)(?=\s*(?:[,.;:]|$|which\b|that\b))"
)
_QUOTED = re.compile(r"(?:``|[\"“'])([^\"”'`]{2,80}?)(?:''|[\"”'])")
_VERSION = re.compile(r" ([vV]?\d+(?:\.\d+)*[BMKT]?)(?![\w.])")  # "TÜLU 3", "Retro 48B", "Vega v2"

# long form start -> (long start, long end, short start, short end), offsets in the text
LongForms = Mapping[int, tuple[int, int, int, int]]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed name: ``text[start:end]`` of ``kind``, found by ``rule``."""

    start: int
    end: int
    kind: str
    rule: str
    text: str


def head_word(phrase: str) -> str:
    """The last word of ``phrase``, case-folded: ``Data Filtering Network`` -> ``network``."""
    words = re.findall(r"[A-Za-z]+", phrase)
    return words[-1].casefold() if words else ""


def _kind(descriptors: list[str], text: str, end: int, name: str = "") -> str:
    """``benchmark``/``metric``/``method`` from the descriptor nouns around a name and the
    head of a name of several words (``the Needle Haystack Test``)."""
    after = re.match(r"[\s,]*(?:\([^)]*\)\s*,?\s*)?(?:a|an|the|our)?\s*"
                     r"((?:[\w\-]+\s+){0,4}[\w\-]+)",
                     text[end:])  # fmt: skip
    following = after.group(1).casefold().split() if after else []
    # up to a clause: "TRLMs, which can score queries" are no metric
    cut = next((i for i, w in enumerate(following) if w in GAP_STOP or w == "can"), len(following))
    head = [head_word(name)] if " " in name.strip() else []
    for word in descriptors + head + following[:cut]:
        if word in BENCHMARK_HEADS:
            return "benchmark"
        if word in METRIC_HEADS:
            return "metric"
    return "method"


def _extend_title_case(text: str, end: int, generic: frozenset[str] = frozenset()) -> int:
    """Take the rest of a title-case name: ``Adaptive Prompting``, ``Repeated Sampling of
    Random Subsets``, and a plain version number (``TÜLU 3``); not a generic word
    (``Qwen2.5 LLM``) nor, after ``and``, another name (``Ling-Lite and Ling-Plus``)."""
    for _ in range(6):
        word = re.match(r" (?:(of|and|for|with|in|to|on|the|via) )?([A-Z][\w\-^+]*)", text[end:])
        if not word or word.group(2).casefold() in ("we", "our", "in", "the", "this"):
            break
        name = word.group(2)
        generic_acronym = name.rstrip("s").isupper() and fold(name) in generic
        if generic_acronym or (word.group(1) == "and" and ("-" in name or is_name_shaped(name))):
            break
        end += word.end()
    version = _VERSION.match(text, end)
    if version and version.group(1)[-1] in "BMKT" and text[end - 1].isdigit():
        return end  # a size after a version stays off: "AceReason-Nemotron-1.1 7B"
    return version.end() if version else end


def _is_name(word: str, descriptors: list[str], text: str, end: int) -> bool:
    folded = word.casefold()
    if not word or folded in GAP_STOP:
        return False
    title_case_run = word[:1].isupper() and bool(re.match(r" [A-Z]", text[end:]))
    if word.split("-")[-1].casefold() in COMPOUND_SUFFIXES and not title_case_run:
        return False  # "LM-generated", but "Pre-trained Distillation"
    if folded in not_names():  # "Adaptive Prompting", "Hidden CoT": a capitalised run
        return title_case_run
    if is_name_shaped(word) or (word[:1].isupper() and not is_title_case_compound(word)):
        return True
    # a name in apposition: "we introduce Humans-Junior, a 3.8B model", "we present
    # exact-extract, a decoding algorithm"
    apposition = re.match(r",\s+(?:a|an|the|our)\b", text[end:])
    if is_title_case_compound(word):
        return bool(descriptors or apposition) or bool(re.match(r" [A-Z]", text[end:]))
    return not descriptors and bool(apposition) and "-" in word


def _name_in_parentheses(text: str, position: int, known: frozenset[int],
                         generic: frozenset[str], rule: str,
                         long_forms: LongForms) -> list[Proposal]:  # fmt: skip
    """A name in parentheses closing the phrase a proposal verb introduces, when the words
    before it do not spell it out (``we introduce data selection based on data's
    Predictive strength (Preselect), a method``)."""
    match = _PARENTHESISED_NAME.match(text, position)
    if match is None:
        return []
    name, start = match.group("name"), match.start("name")
    if start in known or fold(name) in generic:
        return []
    if any(short_start == start for _, _, short_start, _ in long_forms.values()):
        return []  # the acronym of the words before it ("inspired by X (DRO)"), not our name
    if not (is_name_shaped(name) or (len(name) > 3 and name[1:].islower())):  # not "(Hu)"
        return []
    return [Proposal(start, match.end("name"), "method", rule, name)]


def _named_in_apposition(text: str, start: int) -> int | None:
    """The end of a capitalised phrase of up to four words at ``start`` that an apposition
    names as a method (``Distilling step-by-step, a new mechanism``), else None."""
    match = _APPOSITIVE_NAME.match(text, start)
    if match is None or not NAME_HEADS.intersection(match.group("words").casefold().split()):
        return None
    words = match.group("name").split()
    if len(words) < 2 or any(w.casefold() in GAP_STOP for w in words[1:]):
        return None  # one word is left to the other rules
    return match.end("name")


def _followed_by_noun(text: str, end: int) -> bool:
    after = re.match(r" ([a-z][\w\-]*)", text[end:])
    return bool(after) and after.group(1) not in GAP_STOP


def after_verb(text: str, position: int, long_forms: LongForms | None = None,
               known: frozenset[int] = frozenset(), generic: frozenset[str] = frozenset(),
               rule: str = "proposal", max_words: int = 12,
               descriptors: list[str] | None = None) -> list[Proposal]:  # fmt: skip
    """Names proposed by the words after a proposal verb at ``position``.

    ``known`` holds start offsets of names a gazetteer knows: after descriptor
    words they are descriptors too (``two MoE models, namely Ling-Lite``).
    """
    long_forms = long_forms or {}
    descriptors = list(descriptors or [])
    for _ in range(max_words):
        position += len(text[position:]) - len(text[position:].lstrip(" ,()"))
        word = _WORD.match(text, position)
        if word is None:
            return []
        token = word.group(0)
        start = word.start() + len(token) - len(token.lstrip(_QUOTES))
        bare = token.strip(_QUOTES).rstrip(".!?")
        end = start + len(bare)
        if start in long_forms:
            long_start, long_end, short_start, short_end = long_forms[start]
            if fold(text[long_start:long_end]) in generic:  # "large language models (LLMs)"
                descriptors.append(fold(text[short_start:short_end]))
                position = short_end + 1
                continue
            if head_word(text[long_start:long_end]) in NOT_CONTRIBUTION_HEADS:
                return []
            kind = _kind(descriptors, text, short_end + 1, text[long_start:long_end])
            return [Proposal(a, b, kind, rule, text[a:b])
                    for a, b in ((long_start, long_end), (short_start, short_end))]  # fmt: skip
        skip = fold(bare) in generic or (start in known and bool(descriptors))
        named = None if descriptors or skip else _named_in_apposition(text, start)
        if named is not None:  # "we introduce Distilling step-by-step, a new mechanism"
            kind = _kind(descriptors, text, named, text[start:named])
            return [Proposal(start, named, kind, rule, text[start:named])]
        if not skip and _is_name(bare, descriptors, text, end):
            if descriptors and _followed_by_noun(text, end):
                head = re.match(r"(?: [a-z][\w\-]*){0,2} ([a-z]+)\b", text[end:])
                plain = bare.isalpha() or is_title_case_compound(bare)  # not "H-consistency"
                if not (head and head.group(1) in NAME_HEADS and bare[:1].isupper() and plain):
                    descriptors.append(bare.casefold())
                    position = word.end()
                    continue
                end += head.end()  # "Power scheduler", "Slow-Fast video encoding strategy"
            elif bare[:1].isupper():
                end = _extend_title_case(text, end, generic)
            kind = _kind(descriptors, text, end, text[start:end])
            found = [Proposal(start, end, kind, rule, text[start:end])]
            return found + _names_after(text, end, kind, rule)
        if not skip and (bare.casefold() in GAP_STOP or (bare[:1].isupper() and descriptors)):
            return _name_in_parentheses(text, position, known, generic, rule, long_forms)
        descriptors.append(bare.casefold())
        position = word.end()
    return []


def _names_after(text: str, end: int, kind: str, rule: str) -> list[Proposal]:
    """An acronym in parentheses right after a name, and more names joined by ``and``."""
    found = []
    acronym = re.match(r" \(([A-Za-z][\w\-^+]*)\)", text[end:])
    if acronym and is_name_shaped(acronym.group(1)):
        a, b = end + acronym.start(1), end + acronym.end(1)
        found.append(Proposal(a, b, kind, rule, text[a:b]))
        end += acronym.end()
    for _ in range(4):
        more = re.match(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)([\w\-.+^]+)", text[end:])
        name = more.group(1).rstrip(".") if more else ""
        if not more or not (is_name_shaped(name) or (name[:1].isupper() and "-" in name)):
            break
        a = end + more.start(1)
        end = a + len(name)
        found.append(Proposal(a, end, kind, rule, name))
    return found


def after_called(text: str, position: int, long_forms: LongForms | None = None,
                 generic: frozenset[str] = frozenset(),
                 own_names: tuple[str, ...] = ()) -> list[Proposal]:  # fmt: skip
    """The name given by ``called`` / ``we refer to ... as`` at ``position``, in our own work
    (a sentence with ``we`` / ``our``, or naming one of ``own_names``).

    >>> [p.text for p in after_called('we call the results "model soups."', 20)]
    ['model soups']
    >>> after_called("this effect is referred to as catastrophic forgetting.", 30)
    []
    >>> after_called('a phenomenon we refer to as the "background shift"', 28)
    []
    """
    if not OWN_WORK.search(text) and not any(name in text for name in own_names):
        return []
    long_forms = long_forms or {}
    if position in long_forms:
        a, b, c, d = long_forms[position]
        return [Proposal(a, b, "method", "called", text[a:b]),
                Proposal(c, d, "method", "called", text[c:d])]  # fmt: skip
    if _PHENOMENON_BEFORE.search(text, max(0, position - 60), position):
        return []  # "a phenomenon we refer to as ...": no method
    article = re.match(r"(?:the|a|an) (?=``|[\"“'])", text[position:])
    quoted = _QUOTED.match(text, position + (article.end() if article else 0))
    if quoted:
        inner = quoted.group(1).rstrip(".,;: ")
        start = quoted.start(1)
        end = start + len(inner)
    elif re.match(r"[A-Z][\w\-^+]* [A-Z]", text[position:]):  # a title-case run
        start = position
        first = re.match(r"[\w\-^+]+", text[position:])
        end = _extend_title_case(text, position + first.end(), generic)
    else:
        phrase = re.match(r"(?:the |a |an )?([\w^+][\w\-^+]*(?: [\w^+][\w\-^+]*){0,3})",
                          text[position:])  # fmt: skip
        if not phrase:
            return []
        words = phrase.group(1).split()
        cut = next((i for i, w in enumerate(words) if w.casefold() in GAP_STOP), len(words))
        words = words[:cut]
        if not words:
            return []
        start = position + phrase.start(1)
        end = start + len(" ".join(words))
    name = text[start:end]
    if name.casefold() in ("the", "a", "an"):
        return []
    if not name or head_word(name) in PHENOMENON_HEADS or fold(name) in generic:
        return []
    generic_acronyms = [w.rstrip("s").isupper() and fold(w) in generic for w in name.split()]
    if generic_acronyms[-1] or (any(generic_acronyms) and len(generic_acronyms) > 2):
        return []  # "public LLM API", but "LM up-scaling" is a name
    return [Proposal(start, end, "method", "called", name)]
