"""Extraction on a Dask cluster: partitions of papers out, mention records back in order.

Extraction is embarrassingly parallel, so beyond one machine it runs on
``dask.distributed``: papers are cut into partitions, each partition is one task,
every worker builds the pipeline once (and keeps it), and the records stream back
in input order while only ``window`` partitions are in flight, so neither side ever
holds the whole corpus. Needs ``pip install 'papergraph-kg[dask]'``.

    >>> from dask.distributed import Client, LocalCluster
    >>> with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, \\
    ...         Client(cluster) as client:
    ...     records = list(extract_on_dask(
    ...         [{"id": "p1", "title": "GrowCLIP", "abstract": "We test on ImageNet."}],
    ...         client))
    >>> [(m["text"], m["kind"]) for m in records[0]["mentions"]]
    [('GrowCLIP', 'method'), ('ImageNet', 'benchmark')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from extractors.pipeline import batched, build_pipeline, extract, in_order, plain_papers

__all__ = ["extract_on_dask", "extract_partition"]

_PIPELINES: dict[str | None, Any] = {}


def extract_partition(papers: list[dict[str, str]], config: str | None = None) -> list[dict]:
    """Run extraction over one partition (on a worker, with its cached pipeline)."""
    if config not in _PIPELINES:
        _PIPELINES[config] = build_pipeline(config)
    return list(extract(papers, nlp=_PIPELINES[config]))


def extract_on_dask(
    papers: Iterable[Any],
    client: Any,
    *,
    partition_size: int = 500,
    window: int | None = None,
    config: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield ``{"id", "title", "mentions"}`` per paper, in input order, computed on
    the workers of the ``dask.distributed.Client`` ``client``.

    ``window`` partitions are in flight at once (default: twice the worker
    threads); ``config`` is a pipeline config path the workers can read.
    """
    window = window or 2 * max(sum(client.nthreads().values()), 1)

    def submit(partition: list[dict[str, str]]) -> Callable[[], list[dict]]:
        future = client.submit(extract_partition, partition, config, pure=False)

        def records() -> list[dict]:
            found = future.result()
            future.release()
            return found

        return records

    yield from in_order(batched(plain_papers(papers), partition_size), submit, window)
