"""The ``papergraph`` command line: a thin layer over the Python API.

Each subcommand lives in its own module and only parses options, calls the
library and reports. Run ``papergraph --help`` for the list.
"""

from __future__ import annotations

import errno

import click

from graph.atomic import OutputError
from graph.cli.build import build_command
from graph.cli.extract import evaluate_command, extract_command
from graph.cli.ingest import ingest_command
from graph.cli.neo4j import neo4j_group
from graph.cli.questions import (
    bridges_command,
    clusters_command,
    connection_command,
    export_command,
    methods_command,
    related_command,
    timeline_command,
)
from graph.store.manifest import DISTRIBUTION

__all__ = ["cli", "main"]


# Failures of the machine, not of papergraph: reported in one sentence, never a traceback
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO,
                errno.EFBIG, errno.ENAMETOOLONG, errno.ENOTDIR, errno.EISDIR}  # fmt: skip


class PapergraphGroup(click.Group):
    """Turns an output that cannot be written (:class:`graph.atomic.OutputError`, a full
    disk, a read-only file system, a missing permission) into one sentence, exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OutputError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            if exc.errno not in WRITE_ERRORS:
                raise
            where = f": {exc.filename}" if exc.filename else ""
            raise click.ClickException(f"cannot write: {exc.strerror}{where}") from exc


@click.group(
    cls=PapergraphGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name=DISTRIBUTION)
def cli() -> None:
    """Map a research field from its papers.

    papergraph reads paper listings (Hugging Face Daily Papers pages, JSON Lines,
    JSON, CSV), extracts the methods, benchmarks, metrics and code links each
    abstract names, and builds a graph of papers linked by what they share.

    \b
    Start with:
      papergraph build examples/ -o out/
      papergraph clusters out/
      papergraph bridges out/
    """


for command in (
    build_command,
    ingest_command,
    extract_command,
    evaluate_command,
    clusters_command,
    bridges_command,
    related_command,
    connection_command,
    methods_command,
    timeline_command,
    export_command,
):
    cli.add_command(command)
cli.add_command(neo4j_group)


def main() -> None:
    """Entry point of the ``papergraph`` console script."""
    cli(prog_name="papergraph")
