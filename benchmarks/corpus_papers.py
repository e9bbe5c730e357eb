"""The text of synthetic papers: titles and abstracts from sentence shapes and concept names.

``PaperMaker`` fills the templates of ``corpus_templates.json`` with gazetteer concepts
drawn heavy-tailed (a global Zipf law mixed with one of several topic Zipf laws, so
the paper graph has community structure) and with invented names that later papers
reuse; ``benchmarks/corpus.py`` lays the papers out as listing pages.

>>> import json, random
>>> config = json.loads(TEMPLATES.read_text(encoding="utf-8"))
>>> paper = PaperMaker(config, random.Random(0)).make(0)
>>> paper["abstract"].endswith("."), sorted(paper) == sorted(PAPER_FIELDS)
(True, True)
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
from graph.paper import normalize_title  # noqa: E402

TEMPLATES = Path(__file__).with_name("corpus_templates.json")
GAZETTEERS = PROJECT / "extractors" / "data"
KINDS = ("method", "benchmark", "metric")
PAPER_FIELDS = ("topic", "name", "concepts", "reused", "code", "title", "abstract")
_SLOT = re.compile(r"\{(\w+)\}")

_ARTICLE = re.compile(r"\b([Aa]) ([aeiouAEIOU])")


@dataclass(frozen=True, slots=True)
class Template:
    """A sentence shape: ``parts`` are (is_slot, literal text or slot name); ``articles``
    says whether an ``a`` before a slot may need to become ``an``."""

    parts: tuple[tuple[bool, str], ...]
    articles: bool


def compile_template(text: str) -> Template:
    """A template from its text: literal parts and ``{slot}`` parts.

    >>> compile_template("On {B}.").parts
    ((False, 'On '), (True, 'B'), (False, '.'))
    """
    parts = _SLOT.split(text)
    compiled = tuple((i % 2 == 1, part) for i, part in enumerate(parts) if part)
    return Template(compiled, " a {" in text or text.startswith("A {"))


def _zipf_cumulative(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate((rank + 1) ** -exponent for rank in range(count)))


class Vocabulary:
    """Gazetteer concepts per kind, ranked (the template's head first, then a seeded
    shuffle), drawn from a global Zipf law mixed with one of ``topics`` Zipf laws."""

    def __init__(self, config: dict[str, Any], rng: random.Random) -> None:
        self.entries: dict[str, list[tuple[str, list[str]]]] = {}
        self.global_cum: dict[str, list[float]] = {}
        topics = config["topics"]
        self.topic_entries: list[dict[str, list[tuple[str, list[str]]]]] = [
            {} for _ in range(topics["count"])
        ]
        self.topic_cum: dict[str, list[float]] = {}
        for kind in KINDS:
            text = (GAZETTEERS / f"{kind}s.jsonl").read_text(encoding="utf-8")
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
            by_name = {row["name"]: row for row in rows}
            for row in rows:
                for alias in row["aliases"]:
                    by_name.setdefault(alias, row)
            head = [by_name[name] for name in config["head"][kind]]
            chosen = {row["name"] for row in head}
            tail = [row for row in rows if row["name"] not in chosen]
            rng.shuffle(tail)
            ranked = [(row["name"], list(row["aliases"])) for row in head + tail]
            self.entries[kind] = ranked
            self.global_cum[kind] = _zipf_cumulative(len(ranked), config["zipf"][kind])
            self.topic_cum[kind] = _zipf_cumulative(topics[kind], config["zipf"][kind])
            for topic in self.topic_entries:  # topics favour the middle of the ranking
                start = rng.randrange(len(head) // 2, max(len(ranked) // 3, len(head)))
                pool = ranked[start : start + 6 * topics[kind]]
                topic[kind] = rng.sample(pool, min(topics[kind], len(pool)))
        self.topic_share = topics["share"]
        self.topic_of = _zipf_cumulative(topics["count"], config["zipf"]["topic"])

    def topic(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.topic_of, rng.random() * self.topic_of[-1])

    def draw(self, kind: str, topic: int, rng: random.Random) -> tuple[str, list[str]]:
        """A (canonical name, aliases) of ``kind`` for a paper of ``topic``."""
        if rng.random() < self.topic_share[kind]:
            entries, cum = self.topic_entries[topic][kind], self.topic_cum[kind]
        else:
            entries, cum = self.entries[kind], self.global_cum[kind]
        return entries[bisect.bisect_left(cum, rng.random() * cum[len(entries) - 1])]


class InventedNames:
    """Fresh method names, unique by construction (a seeded bijection of the index onto
    the product of the name parts), and bounded pools of names later papers reuse."""

    def __init__(self, config: dict[str, Any], rng: random.Random) -> None:
        names = config["names"]
        self.parts = [names["prefixes"], names["middles"], names["suffixes"], names["variants"]]
        self.space = 1
        for part in self.parts:
            self.space *= len(part)
        self.step = next(
            s for s in iter(lambda: rng.randrange(1, self.space), None) if _gcd(s, self.space) == 1
        )
        self.offset = rng.randrange(self.space)
        self.recent: list[str] = []
        self.popular: list[str] = []
        self.popular_set: set[str] = set()
        self.limits = config["pools"]
        self.df: Counter[str] = Counter()  # papers per name while it is in a pool
        self.df_histogram: Counter[int] = Counter()  # final df of names that left the pools

    def new(self, index: int) -> str:
        code = (self.step * index + self.offset) % self.space
        pieces = []
        for part in self.parts:
            code, digit = divmod(code, len(part))
            pieces.append(part[digit])
        lap = index // self.space
        return "".join(pieces) + (str(lap + 1) if lap else "")

    def reuse(self, rng: random.Random, rates: dict[str, float]) -> str | None:
        """A name an earlier paper proposed: popular ones skewed to the oldest."""
        if self.popular and rng.random() < rates["reuse_popular"]:
            return self.popular[int(len(self.popular) * rng.random() ** 3)]
        if self.recent and rng.random() < rates["reuse_recent"]:
            return self.recent[rng.randrange(len(self.recent))]
        return None

    def add(self, name: str, rng: random.Random, rates: dict[str, float]) -> None:
        self.recent.append(name)
        if len(self.recent) > self.limits["recent"]:
            self._retire(self.recent.pop(0))
        if rng.random() < rates["becomes_popular"]:
            self.popular_set.add(name)
            if len(self.popular) < self.limits["popular"]:
                self.popular.append(name)
            else:
                slot = rng.randrange(len(self.popular) // 2, len(self.popular))
                self.popular[slot], old = name, self.popular[slot]
                self.popular_set.discard(old)
                self._retire(old)

    def _retire(self, name: str) -> None:
        """Move the df of a name that left the recent pool and is not popular to the histogram
        (recent names are unique, so one that left the recent pool is in it no more)."""
        if name not in self.popular_set and name in self.df:
            self.df_histogram[self.df.pop(name)] += 1

    def finish(self) -> Counter[int]:
        for count in self.df.values():
            self.df_histogram[count] += 1
        self.df.clear()
        return self.df_histogram


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


class PaperMaker:
    """Titles and abstracts of synthetic papers, and the concepts each one holds."""

    def __init__(self, config: dict[str, Any], rng: random.Random) -> None:
        self.rng, self.config, self.rates = rng, config, config["rates"]
        self.vocabulary = Vocabulary(config, rng)
        self.names = InventedNames(config, rng)
        self.random = rng.random
        self.handlers = self._slot_handlers()
        self.titles = {
            key: [compile_template(t) for t in value] for key, value in config["titles"].items()
        }
        self.sections = {
            key: [compile_template(t) for t in value] for key, value in config["abstract"].items()
        }
        self.concept_df: Counter[str] = Counter()
        self.seen_titles: set[int] = set()

    def _concept(self, kind: str, paper: dict[str, Any]) -> str:
        name, aliases = self.vocabulary.draw(kind, paper["topic"], self.rng)
        paper["concepts"].add(name)
        if aliases and self.random() < self.rates["alias"]:
            return aliases[int(self.random() * len(aliases))]
        return name

    def _old(self, paper: dict[str, Any]) -> str:
        old = self.names.reuse(self.rng, self.rates)
        if old is None or old == paper["name"]:
            return self._concept("method", paper)
        paper["reused"].add(old)
        return old

    def _slot_handlers(self) -> dict[str, Callable[[dict[str, Any]], str]]:
        """One function per slot name, from a paper (its topic, name, code) to the text."""
        rng, random_ = self.rng, self.random
        handlers: dict[str, Callable[[dict[str, Any]], str]] = {
            "M": lambda paper: self._concept("method", paper),
            "B": lambda paper: self._concept("benchmark", paper),
            "X": lambda paper: self._concept("metric", paper),
            "NEW": lambda paper: paper["name"] or "our method",
            "OLD": self._old,
            "num": lambda paper: f"{rng.uniform(20.0, 95.0):.1f}",
            "small": lambda paper: f"{rng.uniform(0.5, 12.0):.1f}",
            "code": lambda paper: paper["code"],
        }
        for slot, words in self.config["fillers"].items():
            titled = [" ".join(w[:1].upper() + w[1:] for w in phrase.split()) for phrase in words]
            for key, choices in ((slot, words), (slot[:1].upper() + slot[1:], titled)):
                handlers[key] = lambda paper, c=choices: c[int(random_() * len(c))]
        return handlers

    def _fill(self, template: Template, paper: dict[str, Any]) -> str:
        parts = template.parts
        slot = self.handlers
        text = "".join([slot[part](paper) if is_slot else part for is_slot, part in parts])
        if template.articles:
            text = _ARTICLE.sub(r"\1n \2", text)
        is_concept = parts[0][0] and parts[0][1] in ("M", "B", "X")
        return text if is_concept else text[:1].upper() + text[1:]

    def _title(self, paper: dict[str, Any], prefixed: bool) -> str:
        for attempt in itertools.count():
            if prefixed:
                title = (
                    f"{paper['name']}: {self._fill(self.rng.choice(self.titles['rest']), paper)}"
                )
            else:
                title = self._fill(self.rng.choice(self.titles["plain"]), paper)
            if attempt > 20:
                title = f"{title} ({attempt})"
            key = int.from_bytes(
                hashlib.blake2b(normalize_title(title).encode(), digest_size=8).digest(), "big"
            )
            if key not in self.seen_titles:
                self.seen_titles.add(key)
                return title
        raise AssertionError("unreachable")

    def make(self, index: int, *, with_abstract: bool = True, counted: bool = True) -> dict:
        """One paper: ``title``, ``abstract`` (maybe empty) and its concept names."""
        rng, rates, sections = self.rng, self.rates, self.sections
        named = rng.random() < rates["named_proposal"]
        name = self.names.new(index) if named else None
        paper: dict[str, Any] = {"topic": self.vocabulary.topic(rng), "name": name,
                                 "concepts": set(), "reused": set(), "code": ""}  # fmt: skip
        paper["title"] = self._title(
            paper, prefixed=named and rng.random() < rates["prefixed_title"]
        )
        plan = ["opening"] + ["opening"] * (rng.random() < rates["second_opening"])
        plan += ["problem", "named" if named else "unnamed", "detail"]
        plan += ["detail"] * (rng.random() < rates["second_detail"]) + ["experiment"]
        plan += ["result"] * (rng.random() < rates["result"])
        plan += ["closing"] * (rng.random() < rates["closing"])
        if rng.random() < rates["code_link"] + rates["model_link"] + rates["popular_repo"]:
            paper["code"] = self._code(paper)
            plan.append("code")
        sentences = [self._fill(rng.choice(sections[section]), paper) for section in plan]
        paper["abstract"] = " ".join(sentences) if with_abstract else ""
        if counted:
            self.concept_df.update(sorted(paper["concepts"]))
            for old in sorted(paper["reused"]):
                self.names.df[old] += 1
            if name:
                self.names.df[name] += 1
                self.names.add(name, rng, rates)
        return paper

    def _code(self, paper: dict[str, Any]) -> str:
        rng, config = self.rng, self.config
        roll = rng.random() * (
            sum(self.rates[k] for k in ("code_link", "model_link", "popular_repo"))
        )
        if roll < self.rates["popular_repo"]:
            return rng.choice(config["popular_repos"])
        slug = paper["name"] or "-".join(paper["title"].split()[:3]).strip(":?,")
        if rng.random() < 0.5:
            owner = rng.choice(config["owners"])
        else:
            owner = "".join(rng.sample(config["user_syllables"], 2)) + str(rng.randrange(100))
        if roll < self.rates["popular_repo"] + self.rates["model_link"]:
            return f"https://huggingface.co/{owner}/{slug}-{rng.choice(['7B', '1.5B', 'base'])}"
        return f"https://github.com/{owner}/{slug}"
