"""``papergraph neo4j sync`` and ``papergraph neo4j export-csv``: the graph in Neo4j.

A thin layer over :mod:`graph.mirror`: options, credentials, progress bars and
the summary. Every failure is one sentence and exit status 1; the password is
never printed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import networkx as nx
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = ["neo4j_group"]

OUTDIR = click.argument("outdir", type=click.Path(exists=True, file_okay=False))


def _load_graph(outdir: str) -> nx.MultiDiGraph:
    from graph.store.graphfile import load_graph

    try:
        return load_graph(outdir)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None


@click.group("neo4j")
def neo4j_group() -> None:
    """Mirror a built graph into Neo4j, or bundle it for neo4j-admin import.

    The connection comes from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
    NEO4J_DATABASE, or from the options of `sync`. Queries to paste into Neo4j
    Browser are in cypher/ (see cypher/README.md).

    \b
    Examples:
      papergraph neo4j sync out/
      papergraph neo4j export-csv out/ -o out/neo4j-import
    """
    # The driver logs what our messages already say ("Unable to retrieve routing
    # information"); without a handler Python would print it as a stray line.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False


@contextmanager
def _progress(console: Console, quiet: bool) -> Iterator[Callable[[str, int, int], None]]:
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )
    tasks: dict[str, int] = {}
    with progress:

        def advance(description: str, done: int, total: int) -> None:
            if description not in tasks:
                tasks[description] = progress.add_task(description, total=total)
            progress.update(tasks[description], completed=done)

        yield advance


def _password(password: str | None, password_stdin: bool) -> str | None:
    """The password: from standard input with ``--password-stdin``, else the option or
    NEO4J_PASSWORD (``None``: connect without authentication)."""
    if not password_stdin:
        return password
    source = click.get_current_context().get_parameter_source("password")
    if password is not None and source == click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("give either --password or --password-stdin, not both")
    line = sys.stdin.readline()
    if not line.strip():
        raise click.UsageError("--password-stdin read an empty line from standard input")
    return line.rstrip("\r\n")


@neo4j_group.command("sync")
@OUTDIR
@click.option(
    "--uri",
    envvar="NEO4J_URI",
    default="neo4j://localhost:7687",
    show_default=True,
    help="The server's Bolt address [env: NEO4J_URI].",
)
@click.option(
    "--username",
    envvar="NEO4J_USERNAME",
    default="neo4j",
    show_default=True,
    help="The Neo4j user [env: NEO4J_USERNAME].",
)
@click.option(
    "--password",
    envvar="NEO4J_PASSWORD",
    show_default=False,
    help="The user's password [env: NEO4J_PASSWORD]; --password-stdin keeps it out "
    "of the shell history.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input.",
)
@click.option(
    "--database",
    envvar="NEO4J_DATABASE",
    default=None,
    help="The database to write [env: NEO4J_DATABASE; default: the server's].",
)
@click.option(
    "--batch-size",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Rows per transaction.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Re-send every paper, even those whose stored content hash matches.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the statements and batch counts a sync into an empty database "
    "would send; needs no server.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
def sync_command(
    outdir: str,
    uri: str,
    username: str,
    password: str | None,
    password_stdin: bool,
    database: str | None,
    batch_size: int,
    full: bool,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Write a built graph into Neo4j, sending only what changed since the last sync.

    Applies cypher/schema.cypher, compares each paper's content hash with the one
    stored on its node, and sends the new and changed papers (with their
    relationships, the stale ones removed), concepts and clusters in batched
    managed transactions; papers and concepts no longer in the graph are deleted.
    A second sync of the same graph changes nothing and says so.

    \b
    Examples:
      export NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=...
      papergraph neo4j sync out/
      papergraph neo4j sync out/ --dry-run
      pass show neo4j | papergraph neo4j sync out/ --password-stdin --database papers
    """
    from graph import mirror

    console = Console(stderr=True, highlight=False)
    if not dry_run:
        try:
            mirror.check_uri(uri)
        except mirror.MirrorError as exc:
            raise click.ClickException(str(exc)) from None
    G = _load_graph(outdir)
    if dry_run:
        _print_plan(G, batch_size)
        return
    secret = _password(password, password_stdin)
    try:
        driver = mirror.connect(uri, username, secret, database=database)
        with driver, mirror.friendly_errors(uri, username, database, connected=True):
            console.print(
                f"syncing {escape(outdir)} into {escape(mirror.redact(uri))}"
                f" ({escape(database or 'default database')})"
            )
            with _progress(console, quiet) as advance:
                summary = mirror.sync(
                    G, driver, database=database, batch_size=batch_size, full=full, progress=advance
                )
    except mirror.MirrorError as exc:
        raise click.ClickException(str(exc)) from None
    console.print(escape(str(summary)))


def _print_plan(G: nx.MultiDiGraph, batch_size: int) -> None:
    """What a sync into an empty database would send: the schema, then the data batches."""
    from graph import mirror

    schema = mirror.schema_statements()
    click.echo(f"// schema: {len(schema)} statements from cypher/schema.cypher")
    click.echo("\n".join(f"{text};" for text in schema))
    click.echo(f"// data, into an empty database, {batch_size} rows per batch")
    click.echo(mirror.describe_plan(mirror.plan(G), batch_size))


@neo4j_group.command("export-csv")
@OUTDIR
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    help="Bundle directory [default: OUTDIR/neo4j-import].",
)
@click.option(
    "--database",
    default="neo4j",
    show_default=True,
    help="The database the import command in the bundle's README creates.",
)
def export_csv_command(outdir: str, output: str | None, database: str) -> None:
    """Write a neo4j-admin import bundle: typed CSV files, schema and exact command.

    For graphs too big to sync through transactions: one CSV file per node group
    and relationship type with neo4j-admin headers (:ID, :LABEL, :START_ID,
    :END_ID, :TYPE, typed and array properties), cypher/schema.cypher, and a
    README.md holding the `neo4j-admin database import full` command.

    \b
    Example:
      papergraph neo4j export-csv out/ -o out/neo4j-import
    """
    from graph.mirror import export_admin_csv

    console = Console(stderr=True, highlight=False)
    G = _load_graph(outdir)
    directory = Path(output) if output else Path(outdir) / "neo4j-import"
    try:
        bundle = export_admin_csv(G, directory, database=database)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot write the bundle in {directory}: {exc}") from None
    for name, rows in bundle.rows.items():
        console.print(f"{rows:>8} rows  {escape(str(directory / name))}")
    console.print(
        f"wrote {sum(bundle.rows.values())} rows to {escape(str(directory))}; "
        "import with (also in its README.md):"
    )
    click.echo(bundle.command)
