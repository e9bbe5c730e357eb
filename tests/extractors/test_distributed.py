"""Extraction on a Dask LocalCluster gives exactly the local records, in input order."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from extractors import extract
from extractors.distributed import extract_on_dask
from graph.cli import cli
from graph.sources.ingest import ingest
from tests.conftest import EXAMPLES

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_dask_records_equal_local_records_in_input_order(client, nlp) -> None:
    papers = ingest([EXAMPLES]).papers
    local = list(extract(papers, nlp=nlp))
    on_dask = list(extract_on_dask(papers, client, partition_size=7, window=2))
    assert on_dask == local
    assert [r["id"] for r in on_dask] == [p.id for p in papers]


def test_no_papers_means_no_tasks(client) -> None:
    assert list(extract_on_dask([], client)) == []


def test_build_on_dask_writes_the_same_files(client, tmp_path) -> None:
    address = client.scheduler.address
    for name, extra in (("local", []), ("dask", ["--executor", "dask", "--scheduler", address])):
        result = CliRunner().invoke(
            cli,
            [
                "build",
                str(EXAMPLES),
                "-o",
                str(tmp_path / name),
                "-q",
                "--export",
                "graphml",
                *extra,
            ],
        )
        assert result.exit_code == 0, result.output
    for name in ("mentions.jsonl", "graph.json", "papergraph.graphml"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()


def test_scheduler_without_dask_executor_is_a_usage_error(tmp_path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "extract",
            str(EXAMPLES),
            "-o",
            str(tmp_path / "m.jsonl"),
            "--scheduler",
            "tcp://127.0.0.1:1",
        ],
    )
    assert result.exit_code == 2 and "--scheduler needs --executor dask" in result.output
