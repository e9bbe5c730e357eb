"""The options of extraction, and running it in local processes or on a Dask cluster."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

__all__ = ["extraction_options", "extraction_runner", "local_pipeline"]


def extraction_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """How extraction runs: --processes, --batch-size, --config, --executor local|dask,
    --scheduler ADDRESS, --partition-size N."""
    options = [
        click.option(
            "-p",
            "--processes",
            default=1,
            show_default=True,
            type=click.IntRange(1, 64),
            help="spaCy processes to extract with (Dask workers of a local cluster).",
        ),
        click.option(
            "--batch-size",
            default=64,
            show_default=True,
            type=click.IntRange(1, 10_000),
            help="Papers per batch sent to each process.",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(exists=True, dir_okay=False),
            help="A spaCy config for the pipeline instead of extractors/default.cfg.",
        ),
        click.option(
            "--executor",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="Where extraction runs: local spaCy processes, or a Dask cluster "
            "(needs papergraph-kg[dask]).",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            help="Dask scheduler to use, e.g. tcp://10.0.0.5:8786 [default: a local "
            "cluster with --processes workers].",
        ),
        click.option(
            "--partition-size",
            default=500,
            show_default=True,
            type=click.IntRange(1),
            help="Papers per Dask task.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def local_pipeline(executor: str, config: str | None) -> Any:
    """The extraction pipeline for ``--executor local`` (``None`` for Dask, whose workers
    build their own), loaded before the run starts. The pipeline and the papers read
    so far outlive the run, so they are frozen out of the garbage collector's passes.

    >>> local_pipeline("dask", None) is None
    True
    """
    from extractors import build_pipeline

    nlp = build_pipeline(config) if executor == "local" else None
    gc.freeze()
    return nlp


@contextlib.contextmanager
def extraction_runner(
    executor: str,
    scheduler: str | None,
    processes: int,
    partition_size: int,
    config: str | None,
) -> Iterator[Callable[[Iterable[Any]], Iterator[dict]] | None]:
    """``None`` for local extraction, or a function that extracts on Dask, with the
    client (and a local cluster when no scheduler is given) open while it is in use."""
    if executor == "local":
        if scheduler:
            raise click.UsageError("--scheduler needs --executor dask")
        yield None
        return
    try:
        from dask.distributed import Client, LocalCluster

        from extractors.distributed import extract_on_dask
    except ImportError as exc:
        raise click.ClickException(
            "--executor dask needs Dask: pip install 'papergraph-kg[dask]'"
        ) from exc
    with contextlib.ExitStack() as stack:
        try:
            if scheduler:
                client = stack.enter_context(Client(scheduler, timeout="10s"))
            else:
                cluster = stack.enter_context(
                    LocalCluster(n_workers=processes, threads_per_worker=1, dashboard_address=None)
                )
                client = stack.enter_context(Client(cluster))
        except OSError as exc:
            raise click.ClickException(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}"
            ) from exc
        yield lambda papers: extract_on_dask(
            papers, client, partition_size=partition_size, config=config
        )
