"""The compiled rules of the proposal finders, built from the word lists.

:class:`ProposalCues` turns the lists of ``proposals.toml`` and ``contributions.toml``
(see :mod:`extractors.wordlists`) into the regexes of :mod:`extractors.proposals` and
:mod:`extractors.contributions` *and* the fast pre-checks that skip sentences the regexes
cannot match, so a word added to a list reaches both:

    >>> from extractors.wordlists import WordLists, load_word_lists
    >>> shipped = load_word_lists()
    >>> lists = WordLists({**shipped.lists, "proposal_verbs": ("pioneer",)})
    >>> cues = ProposalCues.from_word_lists(lists)
    >>> sentence = "we pioneer foonet, a model."
    >>> cues.may_propose(sentence), cues.proposal_lower.search(sentence).group()
    (True, 'we pioneer ')

The fixed grammar around the words (``we``, ``our``, ``refer to ... as``, articles) stays
in the patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.names import lowercase_twin
from extractors.wordlists import WordLists

__all__ = ["ProposalCues"]

# "we extend the Foo approach ... and propose": one subject for both verbs
_THEN_AND = r"[^.;]{0,160}?\band"


@dataclass(frozen=True)
class ProposalCues:
    """Regexes, their pre-check words and the word sets of the proposal rules.

    ``proposal``, ``called`` and ``apposition`` are case-insensitive; their ``_lower``
    twins find the same matches in lower-cased ASCII text, faster (see
    :func:`extractors.names.lowercase_twin`).
    """

    proposal: re.Pattern[str]
    proposal_lower: re.Pattern[str]
    first_verb: re.Pattern[str]
    called: re.Pattern[str]
    called_lower: re.Pattern[str]
    apposition: re.Pattern[str]
    apposition_lower: re.Pattern[str]
    creation: re.Pattern[str]
    own_work: re.Pattern[str]
    ours_before: re.Pattern[str]
    phenomenon_before: re.Pattern[str]
    name_continuation: re.Pattern[str]
    described_name: re.Pattern[str]
    latex_emphasis: re.Pattern[str]
    not_emphasised: re.Pattern[str]
    guarded_opening: re.Pattern[str]
    novelty_object_stop: re.Pattern[str]
    novelty_past: frozenset[str]
    proposal_verbs: tuple[str, ...]
    proposal_subjects: tuple[str, ...]
    called_cues: tuple[str, ...]
    apposition_cues: tuple[str, ...]
    gap_stop: frozenset[str]
    benchmark_heads: frozenset[str]
    metric_heads: frozenset[str]
    phenomenon_heads: frozenset[str]
    task_heads: frozenset[str]
    not_contribution_heads: frozenset[str]
    name_heads: frozenset[str]
    name_run_stops: frozenset[str]
    earlier_work: frozenset[str]

    @classmethod
    def from_word_lists(cls, lists: WordLists) -> ProposalCues:
        """The cues built from ``lists`` (see the module docstring)."""
        proposal = _proposal(lists)
        called = _called(lists)
        apposition = _apposition(lists)
        naming = lists.words("naming_verbs")
        return cls(
            proposal=proposal,
            proposal_lower=lowercase_twin(proposal),
            first_verb=_first_verb(lists),
            called=called,
            called_lower=lowercase_twin(called),
            apposition=apposition,
            apposition_lower=lowercase_twin(apposition),
            creation=_creation(lists),
            own_work=re.compile(rf"\b{lists.alternation('own_work_words')}\b", re.IGNORECASE),
            ours_before=re.compile(  # "our proposed method 'steady ink teacher' (SIT)"
                rf"\bour\s+(?:newly\s+proposed|{lists.alternation('own_novelty_words')})"
                r"(?:\s+[\w\-]+){0,2}\s*[\"'\u201c\u2018`]*\s*$",
                re.IGNORECASE,
            ),
            phenomenon_before=re.compile(  # "a phenomenon we refer to as", "an effect called"
                rf"\b{lists.alternation('phenomenon_heads')},?"
                rf"(?:\s+{lists.alternation('phenomenon_naming_words')}){{1,5}}\s*$"
            ),
            name_continuation=re.compile(  # " of Foo Subsets", " Prompting"
                rf" (?:({lists.alternation('name_connectors')}) )?([A-Z][\w\-^+]*)"
            ),
            described_name=re.compile(
                r"\b(?:[Aa]n?|[Oo]ur)\s+(?P<words>(?:[\w\-]+\s+){0,4}?)"
                rf"(?P<head>{lists.alternation('described_name_heads')})\s+"
                r"(?P<name>[A-Z][\w\-]*[\w])(?![\w\-])"
            ),
            latex_emphasis=re.compile(
                rf"\\{lists.alternation('latex_emphasis_commands')}"
                r"\{(?P<name>[^{}\\]{3,60})\}"
            ),
            not_emphasised=re.compile(
                rf"(?i)(?:{lists.alternation('not_emphasised_openers')}|\w+ly)\b"
            ),
            guarded_opening=_guarded_opening(lists),
            novelty_object_stop=re.compile(  # "we design X using FooNet": a borrowed name
                rf"\b{lists.alternation('novelty_object_stops', 'gap_stop_words')}\b|[;:?]"
                r"|, \w+ing\b",
                re.IGNORECASE,
            ),
            # the stem of each verb form ("introduc" for "introducing"): the pre-check's words
            proposal_verbs=tuple(
                dict.fromkeys(
                    [
                        *map(_stem, lists.words("proposal_verbs")),
                        *lists.words("proposal_verb_irregular_forms"),
                    ]
                )
            ),
            # the first word of each subject ("we", "this"): as sure a sign, cheaper to seek
            proposal_subjects=tuple(
                dict.fromkeys(
                    subject.split()[0].rstrip(",") for subject in lists.words("proposal_subjects")
                )
            ),
            called_cues=(
                *lists.words("naming_participles"),
                *(f"we {verb}" for verb in naming),
                "refer",
                "denoted",
            ),
            apposition_cues=(
                "namely",
                "variants, ",
                "versions, ",
                "a new ",
                "a novel ",
                ", is ",
                ", are ",
                "the resulting ",
                "the proposed ",
                *(
                    f" {be} a {adjective} "
                    for be in ("is", "are")
                    for adjective in lists.words("novelty_adjectives")
                ),
            ),
            gap_stop=lists.set("gap_stop_words"),
            benchmark_heads=lists.set("proposed_benchmark_heads"),
            metric_heads=lists.set("proposed_metric_heads"),
            phenomenon_heads=lists.set("phenomenon_heads"),
            task_heads=lists.set("posed_not_method_heads"),
            not_contribution_heads=lists.set("not_contribution_heads"),
            name_heads=lists.set("name_heads"),
            name_run_stops=lists.set("name_run_stops"),
            earlier_work=lists.set("earlier_work_words"),
            novelty_past=lists.set("novelty_past_words"),
        )

    def may_propose(self, lowered: str) -> bool:
        """Could :attr:`proposal` match in this lower-cased ASCII sentence? (False: surely not.)"""
        if "our " in lowered:
            return True
        contains = lowered.__contains__  # contains_any, inlined: called for every sentence
        return any(map(contains, self.proposal_subjects)) and any(
            map(contains, self.proposal_verbs)
        )

    def may_call(self, lowered: str) -> bool:
        """Could :attr:`called` match in this lower-cased ASCII sentence? (False: surely not.)"""
        return any(map(lowered.__contains__, self.called_cues))

    def may_name_in_apposition(self, lowered: str) -> bool:
        """Could :attr:`apposition` match in this lower-cased ASCII sentence?"""
        return any(map(lowered.__contains__, self.apposition_cues))


def inflect(verb: str) -> tuple[str, ...]:
    """The forms of a regular ``verb`` (of its first word, for ``put forward``).

    >>> inflect("introduce")
    ('introduce', 'introduces', 'introduced', 'introducing')
    >>> inflect("design")
    ('design', 'designs', 'designed', 'designing')
    >>> inflect("put forward")[-1], inflect("apply")[1:3]
    ('putting forward', ('applies', 'applied'))
    """
    first, _, rest = verb.partition(" ")
    rest = f" {rest}" if rest else ""
    if first.endswith(("s", "sh", "ch", "x", "z")):
        third, past = first + "es", first + "ed"
    elif first.endswith("y") and first[-2:-1] not in "aeiou":
        third, past = first[:-1] + "ies", first[:-1] + "ied"
    else:
        third, past = first + "s", first + ("d" if first.endswith("e") else "ed")
    if first.endswith("e") and not first.endswith("ee"):
        gerund = first[:-1] + "ing"
    elif re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", first):  # one syllable: "putting"
        past, gerund = first + first[-1] + "ed", first + first[-1] + "ing"
    else:
        gerund = first + "ing"
    return tuple(form + rest for form in (first, third, past, gerund))


def _stem(verb: str) -> str:
    """What every form of ``verb`` holds: ``introduc``, ``design``, ``forward`` (of
    ``put forward``)."""
    verb = verb.split()[-1]
    return verb[:-1] if verb.endswith(("e", "y")) else verb


def _verb_forms(lists: WordLists, name: str = "proposal_verbs") -> str:
    """A regex group of every form of the verbs of list ``name``, longest first."""
    forms = {form for verb in lists.words(name) for form in inflect(verb)}
    if name == "proposal_verbs":
        forms.update(lists.words("proposal_verb_irregular_forms"))
    return "(?:" + "|".join(map(re.escape, sorted(forms, key=lambda f: (-len(f), f)))) + ")"


def _guarded_opening(lists: WordLists) -> re.Pattern[str]:
    """The openings after which a name needs the paper's own voice in its sentence and is
    no name a gazetteer knows: ``by introducing``, ``namely``, ``two variants,``, ``a new
    sampler,`` and the giving verbs (``we provide``). Searched up to a name's start."""
    gerunds = "|".join(re.escape(inflect(verb)[3]) for verb in lists.words("proposal_verbs"))
    giving = _verb_forms(lists, "giving_verbs")
    return re.compile(
        rf"(?:\bby (?:(?P<by_giving>{giving})|{gerunds})"
        r"|\b(?P<namely>namely),?|\b(?:variants|versions),(?: namely,?)?"
        rf"|\b(?:a|an) (?:{lists.alternation('novelty_adjectives')}) "
        r"(?P<appositive>(?:[\w\-]+ ){0,3}?[\w\-]+),"
        rf"|\b(?P<giving>{giving})(?: \w+ly)?)\s*$",
        re.IGNORECASE,
    )


def _subject_verb(lists: WordLists, then_and: str) -> str:
    """``we propose``, ``this study presents``, ``we are releasing``, with ``then_and``
    between subject and verb (``we extend X and propose``)."""
    subject = rf"\b{lists.alternation('proposal_subjects')}"
    adverb = rf"(?:\s+(?:{lists.alternation('proposal_adverbs')}|\w+ly)){{0,2}}"
    return rf"{subject}{then_and}{adverb}\s+{_verb_forms(lists)}\b\s*"


def _first_verb(lists: WordLists) -> re.Pattern[str]:
    """A proposal verb right after its subject: ``we derive`` in ``we derive X and present Y``."""
    return re.compile(_subject_verb(lists, ""), re.IGNORECASE)


def _proposal(lists: WordLists) -> re.Pattern[str]:
    """``we propose``, ``this study presents``, ``we are releasing``, ``by introducing``,
    ``our final model, X``, ``our X``; the second verb of ``we extend X and propose Y``."""
    gerunds = "|".join(re.escape(inflect(verb)[3]) for verb in lists.words("proposal_verbs"))
    novelty = "|".join(f"{re.escape(word)} " for word in lists.words("own_novelty_words"))
    return re.compile(
        rf"{_subject_verb(lists, f'(?:{_THEN_AND})?')}"
        rf"|\bby (?:{gerunds})\b\s*"
        rf"|\bour (?:\w+ )?{lists.alternation('own_heads_before_comma')}s?,\s+"
        # "our first approach is Ink-Timed Pooling", "our method, known as 'X'"
        rf"|\bour (?:[\w\-]+ ){{0,2}}{lists.alternation('own_heads_before_naming')}s?,? "
        rf"{lists.alternation('own_naming_words')} (?=\S)"
        rf"|\bour (?:{novelty})?(?=\w)",
        re.IGNORECASE,
    )


def _called(lists: WordLists) -> re.Pattern[str]:
    """``called X``, ``which we term X``, ``we refer to it as X``, ``denoted as X``."""
    verb = lists.alternation("naming_verbs")
    return re.compile(
        rf"(?<!so-)\b(?:{lists.alternation('naming_participles')}|"
        rf"(?:which|that|what) we {verb}|"
        rf"we {verb}(?: (?:it|this|them|these|(?:this|these|the|our|such|each)"
        r"(?: (?!as\b)[\w\-]+){1,4}?))?|"
        r"(?:we )?refer(?:red)? to (?:it |this |them |these |(?:this|our) \w+ )?as|denoted as)\s+",
        re.IGNORECASE,
    )


def _creation(lists: WordLists) -> re.Pattern[str]:
    """A sentence that creates something: ``we employ``, ``X (ACR) is proposed``."""
    return re.compile(
        rf"\bwe (?:\w+ly )?(?:also )?{lists.alternation('creation_verbs')}\w*\b"
        rf"|\b(?:is|are) (?:\w+ly )?{lists.alternation('creation_participles')}\b"
        rf"|\bwe\b{_THEN_AND} (?:\w+ly )?{lists.alternation('creation_verbs_after_and')}\b",
        re.IGNORECASE,
    )


def _apposition(lists: WordLists) -> re.Pattern[str]:
    """A name in apposition to what the sentence describes as new."""
    return re.compile(
        # "a sparse graph encoder, Quill-GE, is designed for ..."
        r"\b(?:a|an) (?:[\w\-]+ ){0,5}?[\w\-]+,\s+(?=[a-z][\w\-^+]*, (?:is|are) (?:\w+ly )?"
        rf"{lists.alternation('apposition_participles')}\b)"
        # "the resulting small, yet sturdy algorithm, Ink Folding Search,"
        r"|\bthe (?:resulting|proposed)(?: [\w\-]+,?){0,5}? "
        rf"{lists.alternation('apposition_heads')}s?,\s+(?=\S)"
        # "the proposed FooMixer outperforms ...": a name right after (one word is taken)
        r"|\bthe proposed (?=\S)"
        # "namely FooNet", "we find two variants, FooNet-S and FooNet-L"
        r"|\bnamely,?\s+|\b(?:two|three|four|five|several|\d) (?:[\w\-]+ ){0,2}?"
        r"(?:variants|versions),\s+(?:namely,?\s+)?"
        # "we add a new subroutine, Foo Clip Rounding (FCR)": the name in apposition
        rf"|\b(?:a|an) {lists.alternation('novelty_adjectives')} (?:[\w\-]+ ){{0,3}}?[\w\-]+,\s+"
        r"(?!(?:which|that|where|and|or|a|an|the|as|to|in|with|for|while|whose)\b)"
        # "FooNorm is a novel normalization layer": a sentence that opens with the name
        rf"|^\s*(?=[\w\-^+.]+ (?:is|are) (?:a|an) {lists.alternation('novelty_adjectives')}\b)",
        re.IGNORECASE,
    )
