"""What the issue's own building blocks cost, as a ratio to a blank spaCy tokenizer.

The extraction target (``extraction_speed.py``: at least half the tokenizer's speed)
leaves every component together one tokenizer's worth of time. This script times,
through the same driver as ``extraction_speed.py`` (``extractors.extract``: the same
batches and the same output records), pipelines made only of the library components
the extractors are specified to build on, with none of papergraph's rules:

* spaCy's ``sentencizer``;
* scispaCy's ``abbreviation_detector``;
* spaCy's ``PhraseMatcher`` over the gazetteer's surface forms, the matches found and
  dropped (``extractors.gazetteer.Gazetteer.matches``: exact case for case-sensitive
  entries, lower case for the rest);
* spaCy's ``span_ruler`` over the same forms (two rulers), which also makes the spans;
* the sentencizer, the detector and the bare phrase matcher together: the floor of a
  pipeline that uses them as they are, before any rule of its own;

beside papergraph's tokenizer alone (its one extra suffix rule), its own replacements
for the first two (its sentence splitter and its linear-time abbreviation detector),
and its whole pipeline.

    python benchmarks/pipeline_floor.py                 # the five shared seed pages, x3
    python benchmarks/pipeline_floor.py pages/*.txt --limit 3000

Each time is the best of ``--trials`` runs of CPU time, tokenizer and pipeline
interleaved, all in one process.
"""

from __future__ import annotations

import argparse
import glob
import itertools
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extractors
from extractors.gazetteer import (
    DEFAULT_FILES,
    Gazetteer,
    data_path,
    load_entries,
    spelling_variants,
)
from graph.sources.ingest import ingest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# scispaCy's detector warns on every doc that its matcher of found acronyms is empty
warnings.filterwarnings("ignore", message=r"\[W036\]")


def gazetteer_patterns() -> tuple[list[dict], list[dict]]:
    """SpanRuler phrase patterns for every form (and spelling variant) of every entry:
    ``(exact-case patterns, lower-case patterns)``."""
    exact, folded = [], []
    for kind, name in DEFAULT_FILES.items():
        for entry in load_entries(kind, data_path(name)):
            forms = set()
            for form in entry.forms:
                forms |= spelling_variants(form)
            target = exact if entry.case_sensitive else folded
            target += [{"label": kind.upper(), "pattern": form} for form in sorted(forms)]
    return exact, folded


@Language.factory("papergraph_bench_phrase_matches", default_config={})
def make_phrase_matches(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The gazetteer's two phrase matchers run on each doc; the matches are dropped."""
    gazetteer = Gazetteer.default(nlp.vocab)

    def match(doc: Doc) -> Doc:
        gazetteer.matches(doc)
        return doc

    return match


def library_pipeline(*components: str) -> Language:
    """A blank English pipeline with the named library components (see the docstring)."""
    nlp = spacy.blank("en")
    for component in components:
        if component == "span_ruler":
            exact, folded = gazetteer_patterns()
            nlp.add_pipe("span_ruler", name="gazetteer_exact").add_patterns(exact)
            lower = {"phrase_matcher_attr": "LOWER", "spans_key": "ruler_lower"}
            nlp.add_pipe("span_ruler", name="gazetteer_lower", config=lower).add_patterns(folded)
        elif component == "phrase_matcher":
            nlp.add_pipe("papergraph_bench_phrase_matches")
        else:
            nlp.add_pipe(component)
    return nlp


def papergraph_part(component: str | None) -> Language:
    """papergraph's default pipeline cut down to one of its components (or none)."""
    nlp = extractors.build_pipeline()
    for name in list(nlp.pipe_names):
        if name != component:
            nlp.remove_pipe(name)
    return nlp


def pipelines() -> dict[str, Callable[[], Language]]:
    """Row label -> a function that builds the pipeline to time."""
    return {
        "papergraph's tokenizer, no component": lambda: papergraph_part(None),
        "spaCy sentencizer": lambda: library_pipeline("sentencizer"),
        "scispaCy abbreviation_detector": lambda: library_pipeline("abbreviation_detector"),
        "spaCy PhraseMatcher (gazetteer forms, matches dropped)": lambda: library_pipeline(
            "phrase_matcher"
        ),
        "spaCy span_ruler (gazetteer forms)": lambda: library_pipeline("span_ruler"),
        "sentencizer + abbreviation_detector + PhraseMatcher": lambda: library_pipeline(
            "sentencizer", "abbreviation_detector", "phrase_matcher"
        ),
        "papergraph_sections (its sentence splitter)": lambda: papergraph_part(
            "papergraph_sections"
        ),
        "papergraph_abbreviations (linear detector)": lambda: papergraph_part(
            "papergraph_abbreviations"
        ),
        "papergraph's whole pipeline": extractors.build_pipeline,
    }


def _seconds(papers: list, nlp: Language) -> float:
    """CPU seconds of one process (on a shared virtual machine, wall time also counts
    the moments another guest had the core)."""
    started = time.process_time()
    for _ in extractors.extract(papers, nlp=nlp, batch_size=64):
        pass
    return time.process_time() - started


def measure(papers: list, trials: int = 3) -> list[tuple[str, float]]:
    """``(label, ratio to the blank tokenizer)`` for each of :func:`pipelines`."""
    blank = spacy.blank("en")
    rows = []
    for label, build in pipelines().items():
        nlp = build()
        _seconds(papers[:200], nlp), _seconds(papers[:200], blank)  # warm up
        timings = [(_seconds(papers, blank), _seconds(papers, nlp)) for _ in range(trials)]
        tokenizer = min(blank_seconds for blank_seconds, _ in timings)
        rows.append((label, tokenizer / min(seconds for _, seconds in timings)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="paper files (default: the shared seeds)")
    parser.add_argument("--repeat", type=int, default=3, help="repeat the papers N times")
    parser.add_argument("--limit", type=int, default=None, help="use the first N papers")
    parser.add_argument("--trials", type=int, default=3, help="best of N timings of each")
    args = parser.parse_args()
    inputs = args.inputs or sorted(glob.glob(str(SEEDS / "*.txt")))
    papers = list(itertools.islice(ingest(inputs).papers, args.limit)) * args.repeat
    print(f"{len(papers)} abstracts, 1 process\n")
    print("| pipeline (after the tokenizer) | ratio to the tokenizer | cost in tokenizers |")
    print("| --- | ---: | ---: |")
    for label, ratio in measure(papers, args.trials):
        print(f"| {label} | {ratio:.3f} | {1 / ratio - 1:.2f} |")


if __name__ == "__main__":
    main()
