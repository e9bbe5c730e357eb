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
    proposal_verbs: tuple[str, ...]
    proposal_subjects: tuple[str, ...]
    called_cues: tuple[str, ...]
    apposition_cues: tuple[str, ...]
    gap_stop: frozenset[str]
    benchmark_heads: frozenset[str]
    metric_heads: frozenset[str]
    phenomenon_heads: frozenset[str]
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
            called=called,
            called_lower=lowercase_twin(called),
            apposition=apposition,
            apposition_lower=lowercase_twin(apposition),
            creation=_creation(lists),
            own_work=re.compile(rf"\b{lists.alternation('own_work_words')}\b", re.IGNORECASE),
            ours_before=re.compile(  # "our proposed method 'robust foo teacher' (RFT)"
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
            proposal_verbs=lists.words("proposal_verbs"),
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
            not_contribution_heads=lists.set("not_contribution_heads"),
            name_heads=lists.set("name_heads"),
            name_run_stops=lists.set("name_run_stops"),
            earlier_work=lists.set("earlier_work_words"),
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


def _proposal(lists: WordLists) -> re.Pattern[str]:
    """``we propose``, ``this study presents``, ``our final model, X``, ``our X``."""
    subject = rf"\b{lists.alternation('proposal_subjects')}"
    adverb = rf"(?:\s+(?:{lists.alternation('proposal_adverbs')}|\w+ly))?"
    verb = rf"{lists.alternation('proposal_verbs')}[sd]?"
    novelty = "|".join(f"{re.escape(word)} " for word in lists.words("own_novelty_words"))
    return re.compile(
        rf"{subject}(?:{_THEN_AND})?{adverb}\s+{verb}\b\s*"
        rf"|\bour (?:\w+ )?{lists.alternation('own_heads_before_comma')}s?,\s+"
        # "our first approach is Foo-Scheduled Sampling", "our method, known as 'X'"
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
        rf"we {verb}(?: (?:it|this|them|these|(?:this|these|the|our|such) \w+))?|"
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
        # "a deep variational autoencoder, Foo-VAE, is designed for ..."
        r"\b(?:a|an) (?:[\w\-]+ ){0,5}?[\w\-]+,\s+(?=[a-z][\w\-^+]*, (?:is|are) (?:\w+ly )?"
        rf"{lists.alternation('apposition_participles')}\b)"
        # "the resulting simple, yet general algorithm, Pre-trained Foo Distillation,"
        r"|\bthe (?:resulting|proposed)(?: [\w\-]+,?){0,5}? "
        rf"{lists.alternation('apposition_heads')}s?,\s+(?=\S)"
        # "the proposed FooMixer outperforms ...": a name right after (one word is taken)
        r"|\bthe proposed (?=\S)"
        # "FooNorm is a novel normalization layer": a sentence that opens with the name
        rf"|^\s*(?=[\w\-^+.]+ (?:is|are) (?:a|an) {lists.alternation('novelty_adjectives')}\b)",
        re.IGNORECASE,
    )
