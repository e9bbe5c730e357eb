"""The Neo4j mirror without a server: rows, hashes, plans, dry run, CSV bundle, errors."""

from __future__ import annotations

import csv
import logging
from types import SimpleNamespace

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from graph.analysis.annotate import annotate
from graph.analysis.clusters import clusters
from graph.building.builder import build_graph
from graph.cli import cli
from graph.mirror import (
    STATEMENTS,
    MirrorError,
    connect,
    explain,
    export_admin_csv,
    plan,
    split_statements,
    sync,
)
from graph.mirror.model import cluster_records, concept_records, paper_records
from graph.paper import Paper

PASSWORD = "s3cret-Pw-never-shown"


def mention(key: str, role: str = "used", start: int = 0) -> dict:
    return {
        "kind": key.split(":")[0],
        "key": key,
        "role": role,
        "text": key.split(":")[1],
        "field": "abstract",
        "start": start,
        "end": start + 4,
    }


def small_graph(abstract_b: str = "We use lora on glue.") -> nx.MultiDiGraph:
    papers = [Paper(id="a", title="A", abstract="We propose Ours with lora.", date="2024-05-01"),
              Paper(id="b", title="B", abstract=abstract_b, references=["a"]),
              Paper(id="c", title="C", abstract="Lora on glue, bleu."),
              Paper(id="d", title="D", abstract="Nothing shared here.")]  # fmt: skip
    mentions = {
        "a": [mention("method:ours", "proposed"), mention("method:lora", start=19)],
        "b": [mention("method:lora", start=7), mention("benchmark:glue", start=15)],
        "c": [mention("method:lora"), mention("benchmark:glue", start=8),
              mention("metric:bleu", start=14), mention("repo:github.com/x/y", start=20)],
        "d": [],
    }  # fmt: skip
    G = build_graph(papers, mentions, max_df=1.0, min_papers_for_cap=0)
    found = annotate(G, clusters(G, seed=1)).graph["clusters"]
    kept = ("id", "size", "label", "modularity", "concepts")
    G.graph["clusters"] = [{key: cluster[key] for key in kept} for cluster in found]
    G.nodes["b"].update(bridge_score=0.5, bridge_clusters=[0, 1])
    return G


def state_of(G: nx.MultiDiGraph) -> dict:
    """The state a database holds right after syncing ``G``."""
    return {
        "papers": {p["id"]: p["hash"] for p in paper_records(G)},
        "concepts": {c["key"]: c["hash"] for c in concept_records(G)},
        "clusters": {c["id"]: c["hash"] for c in cluster_records(G)},
    }


def rows_of(result, name: str) -> list:
    return [row for step in result.steps if step.statement.name == name for row in step.rows]


def test_rows_carry_every_node_and_edge_once_with_their_properties() -> None:
    G = small_graph()
    result = plan(G)
    papers = rows_of(result, "upsert_papers")
    assert sorted(r["id"] for r in papers) == ["a", "b", "c", "d"]
    b = next(r for r in papers if r["id"] == "b")["props"]
    assert (b["bridge_score"], b["bridge_clusters"], b["title"]) == (0.5, [0, 1], "B")
    a = next(r for r in papers if r["id"] == "a")["props"]
    assert (a["year"], a["date"], a["bridge_score"], a["bridge_clusters"]) == (
        2024,
        "2024-05-01",
        0.0,
        None,
    )
    sent = {
        (name, r.get("paper"), r.get("concept") or r.get("other") or r.get("cluster"))
        for name in STATEMENTS
        for r in rows_of(result, name)
        if "paper" in r
    }
    expected = set()
    for u, v, key in G.edges(keys=True):
        expected.add((f"merge_{key.lower()}", u, v))
    expected |= {
        ("merge_in_cluster", p, G.nodes[p]["cluster"]) for p in "abcd" if G.nodes[p]["cluster"] >= 0
    }
    assert sent == expected
    total = sum(len(rows_of(result, n)) for n in STATEMENTS if n.startswith("merge_"))
    assert total == len(expected)  # each once
    uses = next(r for r in rows_of(result, "merge_uses") if r["paper"] == "b")
    edge = G.edges["b", "method:lora", "USES"]
    assert uses["props"] == {
        k: edge[k] for k in ("count", "text", "field", "start", "end", "sentence")
    }
    assert (uses["props"]["count"], uses["props"]["start"], uses["props"]["end"]) == (1, 7, 11)
    shares = rows_of(result, "merge_shares_concept")
    assert all(r["paper"] < r["other"] for r in shares)
    # a-c share LoRA alone, held by three of the four papers: not evidence enough
    assert {r["paper"] + r["other"] for r in shares} == {"ab", "bc"}
    concepts = {
        r["key"]: r
        for name in ("upsert_method", "upsert_benchmark", "upsert_metric", "upsert_repository")
        for r in rows_of(result, name)
    }
    assert set(concepts) == {n for n, k in G.nodes(data="kind") if k != "paper"}
    assert concepts["method:lora"]["props"]["df"] == 3
    assert len(rows_of(result, "upsert_clusters")) == len(G.graph["clusters"])


def test_a_second_plan_sends_nothing_and_a_changed_abstract_resends_only_what_changed() -> None:
    G = small_graph()
    assert plan(G, state_of(G)).steps == []
    H = small_graph(abstract_b="We use lora on glue, again.")  # evidence sentence changes
    result = plan(H, state_of(G))
    assert [r["id"] for r in rows_of(result, "upsert_papers")] == ["b"]
    assert rows_of(result, "remove_stale_relationships")[0]["id"] == "b"
    assert result.concepts_sent == 0 and result.papers_removed == 0


def test_a_vanished_mention_removes_its_relationship_and_orphaned_concept() -> None:
    G = small_graph()
    H = small_graph()
    H.remove_node("repo:github.com/x/y")
    result = plan(H, state_of(G))
    assert rows_of(result, "delete_concepts") == ["repo:github.com/x/y"]
    stale = {r["id"]: r["keep"] for r in rows_of(result, "remove_stale_relationships")}
    assert "c" in stale and not any(k.startswith("HAS_CODE") for k in stale["c"])
    assert rows_of(result, "delete_orphan_concepts")
    H.remove_node("d")
    assert rows_of(plan(H, state_of(G)), "delete_papers") == ["d"]


def test_hashes_are_stable_and_full_resends_everything() -> None:
    assert state_of(small_graph()) == state_of(small_graph())
    G = small_graph()
    assert len(rows_of(plan(G, state_of(G), full=True), "upsert_papers")) == 4


class FakeDriver:
    """Answers execute_query like neo4j.Driver: reads from ``state``, counts writes."""

    def __init__(self, state: dict | None = None) -> None:
        self.state = state or {"papers": {}, "concepts": {}, "clusters": {}}
        self.calls: list[tuple[str, dict, str | None]] = []

    def execute_query(self, query, parameters_=None, routing_=None, database_=None, **kw):
        self.calls.append((query, parameters_ or {}, database_))
        records = []
        for kind in ("papers", "concepts", "clusters"):
            if query == STATEMENTS[f"read_{kind}"].text:
                records = [{"id": k, "hash": v} for k, v in self.state[kind].items()]
        rows = len((parameters_ or {}).get("rows", []))
        counters = SimpleNamespace(nodes_created=rows if "MERGE (p:Paper" in query else 0)
        return SimpleNamespace(records=records, summary=SimpleNamespace(counters=counters))


def test_sync_sends_fixed_statements_with_parameters_in_batches() -> None:
    G = small_graph()
    driver = FakeDriver()
    seen = []
    summary = sync(
        G,
        driver,
        database="papers",
        batch_size=2,
        progress=lambda what, done, total: seen.append((what, done, total)),
    )
    texts = {s.text for s in STATEMENTS.values()} | set(
        __import__("graph").mirror.schema_statements()
    )
    assert all(query in texts for query, _, _ in driver.calls)  # nothing built from data
    assert all(database == "papers" for _, _, database in driver.calls)
    paper_batches = [p["rows"] for q, p, _ in driver.calls if "MERGE (p:Paper" in q]
    assert [len(b) for b in paper_batches] == [2, 2]
    assert ("papers", 4, 4) in seen
    assert summary.counters["nodes_created"] == 4 and summary.papers_sent == 4
    again = FakeDriver(state_of(G))
    summary = sync(G, again)
    assert not summary.changed and str(summary).startswith("nothing changed")
    assert not any("UNWIND" in q for q, _, _ in again.calls)


def test_split_statements_keeps_semicolons_in_strings_and_comments() -> None:
    text = "// a; comment\n:param q => 'x;y';\nMATCH (n {s: 'a;b', t: \"c;d\"}) /* ; */\nRETURN n;\n\nRETURN 2"
    chunks = split_statements(text)
    assert [(c.line, c.is_command) for c in chunks] == [(2, True), (3, False), (6, False)]
    assert chunks[1].text.endswith("RETURN n") and chunks[0].text == ":param q => 'x;y'"


def test_the_csv_bundle_has_typed_headers_and_every_row(tmp_path) -> None:
    G = small_graph()
    G.nodes["a"]["title"] = 'A "quoted"\ntitle'
    bundle = export_admin_csv(G, tmp_path / "bundle")
    read = {
        name: list(csv.reader((tmp_path / "bundle" / name).read_text("utf-8").splitlines(True)))
        for name in bundle.rows
    }
    papers = read["papers.csv"]
    assert papers[0][:3] == ["id:ID(Paper)", ":LABEL", "title"]
    assert {
        "year:long",
        "sources:string[]",
        "bridge_clusters:long[]",
        "bridge_score:double",
    } <= set(papers[0])
    assert read["concepts.csv"][0][:2] == ["key:ID(Concept)", ":LABEL"]
    assert read["rel_uses.csv"][0][:3] == [":START_ID(Paper)", ":END_ID(Concept)", ":TYPE"]
    assert read["rel_in_cluster.csv"][0] == [":START_ID(Paper)", ":END_ID(Cluster)", ":TYPE"]
    assert len(papers) - 1 == 4 and len(read["concepts.csv"]) - 1 == 5
    edges = sum(
        len(rows) - 1
        for name, rows in read.items()
        if name.startswith("rel_") and name != "rel_in_cluster.csv"
    )
    assert edges == G.number_of_edges()
    b = dict(zip(papers[0], next(r for r in papers if r[0] == "b"), strict=True))
    assert b["bridge_clusters:long[]"] == "0;1" and b[":LABEL"] == "Paper"
    assert next(r for r in papers if r[0] == "a")[2] == 'A "quoted"\ntitle'
    assert set(read["concepts.csv"][1][1].split(";")) >= {"Concept"}
    readme = (tmp_path / "bundle" / "README.md").read_text()
    assert (
        "neo4j-admin database import full neo4j" in readme and "--multiline-fields=true" in readme
    )
    assert (tmp_path / "bundle" / "schema.cypher").exists()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (ServiceUnavailable("Connection refused"), "cannot reach a Neo4j server"),
        (AuthError("bad"), "rejected user 'neo4j'"),
        (
            Neo4jError._hydrate_neo4j(
                code="Neo.ClientError.Database.DatabaseNotFound", message="x"
            ),
            "does not exist",
        ),
        (
            Neo4jError._hydrate_neo4j(
                code="Neo.ClientError.Security.CredentialsExpired", message="x"
            ),
            "expired",
        ),
        (
            Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="x"),
            "lacks a feature",
        ),
        (
            Neo4jError._hydrate_neo4j(
                code="Neo.ClientError.Procedure.ProcedureNotFound", message="x"
            ),
            "lacks a feature",
        ),
    ],
)
def test_every_failure_is_one_sentence(error, words) -> None:
    message = str(explain(error, "neo4j://db:7687", "neo4j", "papers"))
    assert words in message and "\n" not in message and PASSWORD not in message


def test_an_unreachable_server_is_one_sentence() -> None:
    with pytest.raises(MirrorError, match=r"cannot reach a Neo4j server at bolt://127\.0\.0\.1:1"):
        connect("bolt://127.0.0.1:1", "neo4j", PASSWORD)


@pytest.fixture
def outdir(tmp_path):
    store = pytest.importorskip("graph.store.graphfile")
    store.save_graph(small_graph(), tmp_path)
    return tmp_path


def test_dry_run_prints_statements_and_batches_without_a_server(outdir) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "neo4j",
            "sync",
            str(outdir),
            "--dry-run",
            "--batch-size",
            "3",
            "--uri",
            "bolt://127.0.0.1:1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "CREATE CONSTRAINT paper_id IF NOT EXISTS" in result.stdout
    assert (
        "4 papers to send" in result.stdout
        and "upsert_papers, 4 rows in 2 batches" in result.stdout
    )


@pytest.mark.parametrize("how", ["stdin", "env"])
def test_errors_exit_1_in_one_line_and_never_show_the_password(outdir, how, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    args = ["neo4j", "sync", str(outdir), "--uri", "bolt://127.0.0.1:1"]
    env = {"NEO4J_PASSWORD": PASSWORD} if how == "env" else {}
    stdin = PASSWORD + "\n" if how == "stdin" else None
    if how == "stdin":
        args.append("--password-stdin")
    result = CliRunner().invoke(cli, args, input=stdin, env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: cannot reach a Neo4j server at bolt://127.0.0.1:1: is it running, and is that "
        "its Bolt port (7687 unless set otherwise)?"
    ]
    assert "Traceback" not in result.output and PASSWORD not in result.output
    assert PASSWORD not in caplog.text
    help_text = CliRunner().invoke(
        cli, ["neo4j", "sync", "--help"], env={"NEO4J_PASSWORD": PASSWORD}
    )
    assert PASSWORD not in help_text.output


def test_wrong_password_and_missing_database_exit_1(outdir, monkeypatch) -> None:
    import graph.mirror

    def refuse(uri, username, password, *, database=None):
        assert password == PASSWORD
        raise explain(AuthError("no"), uri, username, database)

    monkeypatch.setattr(graph.mirror, "connect", refuse)
    result = CliRunner().invoke(cli, ["neo4j", "sync", str(outdir), "--password", PASSWORD])
    assert result.exit_code == 1 and "rejected user 'neo4j'" in result.output
    assert PASSWORD not in result.output


def test_export_csv_command_writes_the_bundle(outdir) -> None:
    result = CliRunner().invoke(cli, ["neo4j", "export-csv", str(outdir)])
    assert result.exit_code == 0, result.output
    assert (outdir / "neo4j-import" / "papers.csv").exists()
    assert "neo4j-admin database import full neo4j" in result.stdout


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("neo4j://localhost:notaport", "has a port that is not a number"),
        ("neo4j://localhost:70000", "has a port that is not a number"),
        ("neo4j://[::1", "is not a usable Neo4j address (Invalid IPv6 URL)"),
        ("neo4j://neo4j:s3cret-pw@127.0.0.1:1", "holds a user name or password"),
        ("bolt://neo4j:s3cret-pw@127.0.0.1:1", "holds a user name or password"),
        ("neo4j://:7687", "names no host"),
        ("http://localhost:7474", "is not a Neo4j Bolt address"),
    ],
)
def test_bad_uri_is_one_sentence_without_the_password(tmp_path, uri, says) -> None:
    """Issue 18.16: a password inside NEO4J_URI is never echoed; a bad port or an
    unclosed IPv6 bracket is one sentence and exit 1, not a traceback."""
    from click.testing import CliRunner

    from graph.cli import cli

    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "graph.json").write_text("{}")
    result = CliRunner().invoke(
        cli, ["neo4j", "sync", str(outdir), "--password", "x"], env={"NEO4J_URI": uri}
    )
    assert result.exit_code == 1, result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: ") and says in line, line
    assert "s3cret" not in result.output and "Traceback" not in result.output


def test_every_concept_label_of_the_builder_has_its_key_constraint() -> None:
    """The mirror's labels come from the builder's concept kinds: a new kind needs its
    uniqueness constraint in cypher/schema.cypher (or MERGE would scan and race)."""
    from graph.building.builder import CONCEPT_KINDS
    from graph.mirror.model import CONCEPT_LABELS

    schema = " ".join(" ".join(s.split()) for s in __import__("graph").mirror.schema_statements())
    assert set(CONCEPT_LABELS) == set(CONCEPT_KINDS)
    for label in CONCEPT_LABELS.values():
        assert f"FOR (c:{label}) REQUIRE c.key IS UNIQUE" in schema, label
