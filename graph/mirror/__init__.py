"""The paper graph in Neo4j: sync it through the driver, or bundle it for neo4j-admin import.

The data model (see ``cypher/README.md``; every label and type comes from
:mod:`extractors.schema`): ``(:Paper)`` nodes, concept nodes ``(:Method)``,
``(:Benchmark)``, ``(:Metric)``, ``(:Repository)``, ``(:Topic)`` (all also ``:Concept``),
``(:Cluster)`` nodes; relationships ``PROPOSES``, ``USES``, ``EVALUATES_ON``,
``MEASURES_WITH``, ``HAS_CODE``, ``STUDIES`` (with their evidence), ``SHARES_CONCEPT``,
``CITES`` and ``IN_CLUSTER``.

    >>> import networkx as nx
    >>> from graph import mirror
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p1", kind="paper", title="LoRA", cluster=0, cluster_label="LoRA")
    >>> print(mirror.describe_plan(mirror.plan(G), batch_size=500).splitlines()[0])
    1 papers to send, 0 unchanged, 0 to remove; 0 concepts, 1 clusters to send; 4 batches

With a server (``driver = mirror.connect(uri, user, password)``),
``mirror.sync(G, driver)`` writes the graph and returns a :class:`SyncSummary`.
"""

from graph.mirror.admin_csv import Bundle, export_admin_csv, import_command
from graph.mirror.connect import MirrorError, check_uri, connect, explain, friendly_errors, redact
from graph.mirror.model import LABELS, PROPERTY_KEYS, REL_TYPES
from graph.mirror.statements import STATEMENTS, Statement, schema_statements, split_statements
from graph.mirror.sync import Plan, SyncSummary, apply_schema, describe_plan, plan, sync

__all__ = [
    "LABELS",
    "PROPERTY_KEYS",
    "REL_TYPES",
    "STATEMENTS",
    "Bundle",
    "MirrorError",
    "Plan",
    "Statement",
    "SyncSummary",
    "apply_schema",
    "check_uri",
    "connect",
    "describe_plan",
    "explain",
    "export_admin_csv",
    "friendly_errors",
    "import_command",
    "plan",
    "redact",
    "schema_statements",
    "split_statements",
    "sync",
]
