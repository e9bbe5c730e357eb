"""Mirror a paper graph into Neo4j: idempotent, incremental and exact.

:func:`plan` compares the graph with what the database holds (the content hash
stored on every node) and lists the batches to send; :func:`sync` applies the
schema, reads the hashes, and sends the plan through managed transactions
(``driver.execute_query``, which retries transient errors: every statement is a
``MERGE`` on a constrained key, so a retried batch does no harm).

* **incremental**: a paper whose hash (its properties and outgoing
  relationships) matches the database is not sent; the same for concepts and
  clusters.
* **exact**: a re-sent paper loses the relationships the graph no longer has;
  papers, concepts and clusters the graph no longer has are deleted, and so is any
  concept left without papers.
* **idempotent**: syncing the same graph twice sends nothing the second time,
  and the server's counters say that nothing changed.
* **repairable**: a paper's hash is stored last, after its relationships and the
  deletions (``confirm_papers``); a sync cut short (killed, server gone) leaves the
  papers it was sending without one, and the next sync sends them again.

The mirror owns the ``:Paper``, ``:Concept`` and ``:Cluster`` nodes of its database.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p1", kind="paper", title="LoRA")
    >>> steps = plan(G).steps
    >>> [(step.statement.name, len(step.rows)) for step in steps]
    [('upsert_papers', 1), ('confirm_papers', 1)]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
import networkx as nx

from graph.mirror.model import (
    BETWEEN_CONCEPTS,
    REL_TYPES,
    cluster_records,
    concept_records,
    paper_records,
)
from graph.mirror.statements import (
    STATEMENTS,
    Statement,
    concept_statement,
    merge_statement,
    schema_statements,
)

__all__ = [
    "COUNTERS",
    "Plan",
    "Step",
    "SyncSummary",
    "apply_schema",
    "describe_plan",
    "plan",
    "read_state",
    "sync",
]

COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
            "properties_set", "labels_added", "labels_removed", "constraints_added",
            "constraints_removed", "indexes_added", "indexes_removed")  # fmt: skip

#: progress(step description, rows done, rows in the step)
Progress = Callable[[str, int, int], None]


@dataclass
class Step:
    """One statement and the rows it is sent with, in batches."""

    statement: Statement
    rows: list[Any]
    description: str

    def batches(self, size: int) -> Iterator[list[Any]]:
        for start in range(0, len(self.rows), size):
            yield self.rows[start : start + size]

    def batch_count(self, size: int) -> int:
        return -(-len(self.rows) // size)


@dataclass
class Tally:
    """How many papers there are, and how many papers, concepts and clusters are sent
    or removed."""

    papers: int = 0
    papers_sent: int = 0
    papers_removed: int = 0
    concepts_sent: int = 0
    concepts_removed: int = 0
    clusters_sent: int = 0
    clusters_removed: int = 0


@dataclass
class Plan(Tally):
    """What a sync sends, and how many papers, concepts and clusters it leaves alone."""

    steps: list[Step] = field(default_factory=list)

    def add(self, name: str | Statement, rows: list[Any], description: str) -> None:
        statement = name if isinstance(name, Statement) else STATEMENTS[name]
        if rows:
            self.steps.append(Step(statement, rows, description))


State = dict[str, dict[Any, str | None]]


def plan(G: nx.MultiDiGraph, state: State | None = None, *, full: bool = False) -> Plan:
    """The steps that make the database hold ``G``, given ``state`` (kind -> {id:
    stored hash}, see :func:`read_state`; ``None``: an empty database). ``full``
    re-sends everything, whatever the hashes say."""
    state = state or {"papers": {}, "concepts": {}, "clusters": {}}
    result = Plan()

    def changed(kind: str, key: Any, digest: str) -> bool:
        return full or state[kind].get(key) != digest

    papers = list(paper_records(G))
    concepts = list(concept_records(G))
    clusters = cluster_records(G)
    result.papers = len(papers)
    ids = {p["id"] for p in papers}
    gone = sorted(set(state["papers"]) - ids, key=str)
    result.papers_removed = len(gone)
    result.add("delete_papers", gone, "papers removed")
    keys = {c["key"] for c in concepts}
    gone_concepts = sorted(set(state["concepts"]) - keys, key=str)
    result.concepts_removed = len(gone_concepts)
    result.add("delete_concepts", gone_concepts, "concepts removed")
    numbers = {c["id"] for c in clusters}
    gone_clusters = sorted(set(state["clusters"]) - numbers, key=str)
    result.clusters_removed = len(gone_clusters)
    result.add("delete_clusters", gone_clusters, "clusters removed")

    by_label: dict[str, list[dict[str, Any]]] = {}
    sent_concepts = [c for c in concepts if changed("concepts", c["key"], c["hash"])]
    for concept in sent_concepts:
        # a concept with a family keeps no hash until its relationships are sent
        digest = None if concept["keep"] else concept["hash"]
        row = {"key": concept["key"], "props": concept["props"], "hash": digest}
        by_label.setdefault(concept["label"], []).append(row)
    for label, rows in by_label.items():
        result.concepts_sent += len(rows)
        result.add(concept_statement(label), rows, f"{label.lower()} concepts")
    sent_clusters = [c for c in clusters if changed("clusters", c["id"], c["hash"])]
    result.clusters_sent = len(sent_clusters)
    result.add("upsert_clusters", sent_clusters, "clusters")

    sent = [p for p in papers if changed("papers", p["id"], p["hash"])]
    result.papers_sent = len(sent)
    result.add(
        "upsert_papers",
        [{"id": p["id"], "props": p["props"], "hash": p["hash"]} for p in sent],
        "papers",
    )
    old = [{"id": p["id"], "keep": p["keep"]} for p in sent if p["id"] in state["papers"]]
    result.add("remove_stale_relationships", old, "stale relationships")
    if BETWEEN_CONCEPTS:  # a concept's family (VARIANT_OF)
        stale = [
            {"key": c["key"], "keep": c["keep"]}
            for c in sent_concepts
            if c["key"] in state["concepts"]
        ]
        result.add("remove_stale_concept_relationships", stale, "stale concept relationships")
    for kind in REL_TYPES:  # evidence first, then the links and clusters (extractors.schema)
        rows = [row for p in sent for row in p["relationships"][kind]]
        rows += [row for c in sent_concepts for row in c["relationships"].get(kind, ())]
        result.add(merge_statement(kind), rows, kind)
    if gone or old or gone_concepts:
        result.add("delete_orphan_concepts", [{}], "concepts left without papers")
    families = [{"key": c["key"], "hash": c["hash"]} for c in sent_concepts if c["keep"]]
    result.add("confirm_concepts", families, "concepts with families confirmed")
    result.add(
        "confirm_papers", [{"id": p["id"], "hash": p["hash"]} for p in sent], "papers confirmed"
    )
    return result


def describe_plan(result: Plan, batch_size: int) -> str:
    """The statements of a plan and their batch counts, as ``--dry-run`` prints them.

    >>> print(describe_plan(plan(nx.MultiDiGraph()), 100))
    0 papers to send, 0 unchanged, 0 to remove; 0 concepts, 0 clusters to send; 0 batches
    """
    lines = [f"{result.papers_sent} papers to send, {result.papers - result.papers_sent} "
             f"unchanged, {result.papers_removed} to remove; {result.concepts_sent} concepts, "
             f"{result.clusters_sent} clusters to send; "
             f"{sum(s.batch_count(batch_size) for s in result.steps)} batches"]  # fmt: skip
    for step in result.steps:
        count = step.batch_count(batch_size)
        rows = len(step.rows) if step.statement.parameters else 0
        batches = f"{count} batch" + ("es" if count != 1 else "")
        lines.append(
            f"\n// {step.description}: {step.statement.name}, {rows} rows in "
            f"{batches}\n{step.statement.text};"
        )
    return "\n".join(lines)


@dataclass
class SyncSummary(Tally):
    """What a sync sent and what the server says changed (its summed counters)."""

    rows: int = 0
    batches: int = 0
    seconds: float = 0.0
    counters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))

    @property
    def changed(self) -> bool:
        """Whether the server changed anything at all."""
        return any(self.counters.values())

    def add_counters(self, counters: Any) -> None:
        for name in COUNTERS:
            self.counters[name] += int(getattr(counters, name, 0) or 0)

    def __str__(self) -> str:
        """One line; for a sync that changed nothing it says so.

        >>> str(SyncSummary(papers=3))
        'nothing changed: 3 papers already up to date'
        """
        if not self.changed:
            return f"nothing changed: {self.papers} papers already up to date"
        done = ", ".join(
            f"{value} {name.replace('_', ' ')}" for name, value in self.counters.items() if value
        )
        rate = self.rows / self.seconds if self.seconds else 0.0
        return (
            f"sent {self.papers_sent} of {self.papers} papers ({self.papers_removed} removed), "
            f"{self.concepts_sent} concepts, {self.clusters_sent} clusters: {self.rows} rows "
            f"in {self.batches} batches, {self.seconds:.1f} s ({rate:.0f} rows/s); "
            f"server: {done}"
        )


def _run(driver: Any, statement: Statement, parameters: dict[str, Any], database: str | None):
    routing = neo4j.RoutingControl.READ if statement.read else neo4j.RoutingControl.WRITE
    return driver.execute_query(
        statement.text, parameters_=parameters, database_=database, routing_=routing
    )


def apply_schema(driver: Any, database: str | None = None) -> SyncSummary:
    """Apply ``cypher/schema.cypher`` statement by statement (each ``IF NOT EXISTS``)."""
    summary = SyncSummary()
    for text in schema_statements():
        result = driver.execute_query(text, database_=database, routing_=neo4j.RoutingControl.WRITE)
        summary.add_counters(result.summary.counters)
    return summary


def read_state(driver: Any, database: str | None = None) -> State:
    """The stored content hash of every paper, concept and cluster, by id."""
    state: State = {}
    for kind in ("papers", "concepts", "clusters"):
        records = _run(driver, STATEMENTS[f"read_{kind}"], {}, database).records
        state[kind] = {record["id"]: record["hash"] for record in records}
    return state


def sync(
    G: nx.MultiDiGraph,
    driver: Any,
    *,
    database: str | None = None,
    batch_size: int = 1000,
    full: bool = False,
    progress: Progress | None = None,
) -> SyncSummary:
    """Make the database hold ``G``; returns what was sent and the server's counters.

    ``driver`` is a :class:`neo4j.Driver`; ``database`` ``None`` means the server's
    default. ``progress(description, done, total)`` is called after every batch.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    summary = apply_schema(driver, database)
    result = plan(G, read_state(driver, database), full=full)
    for name in (
        "papers",
        "papers_sent",
        "papers_removed",
        "concepts_sent",
        "concepts_removed",
        "clusters_sent",
        "clusters_removed",
    ):
        setattr(summary, name, getattr(result, name))
    for step in result.steps:
        done = 0
        for batch in step.batches(batch_size):
            parameters = {step.statement.parameters[0]: batch} if step.statement.parameters else {}
            outcome = _run(driver, step.statement, parameters, database)
            summary.add_counters(outcome.summary.counters)
            summary.batches += 1
            done += len(batch)
            summary.rows += len(batch) if parameters else 0
            if progress is not None:
                progress(step.description, done, len(step.rows))
    summary.seconds = time.perf_counter() - started
    return summary
