"""Extraction throughput, as a ratio to a blank spaCy tokenizer over the same abstracts.

The tokenizer is the floor of any spaCy pipeline: a ratio of 0.5 means extraction
runs at half the speed of merely tokenizing. Both are timed in the same run, on
the same abstracts, through the same driver (``extractors.extract``: the same batches
and, for several processes, the same forked pool), after one warm-up pass.

    python benchmarks/extraction_speed.py                 # the five shared seed pages
    python benchmarks/extraction_speed.py papers.jsonl --repeat 3 --processes 1 2
    python benchmarks/extraction_speed.py --dask          # also on a local Dask cluster

Each time is the best of ``--trials`` runs (the machine may be busy with other work).
With ``--dask``, extraction also runs on a ``dask.distributed.LocalCluster`` of as many
single-threaded worker processes (``extractors.distributed``, 500-paper partitions), the
path to a cluster of machines: its rate beside the forked pool's shows what the
scheduler and the shipping of partitions cost.
"""

from __future__ import annotations

import argparse
import gc
import glob
import json
import time
from pathlib import Path

import spacy

import extractors
from graph.sources.ingest import ingest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def dask_rate(papers: list, workers: int, trials: int) -> float:
    """Abstracts per second extracted on a local Dask cluster of ``workers`` processes."""
    from dask.distributed import Client, LocalCluster

    from extractors.distributed import extract_on_dask

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):

        def run() -> None:
            for _ in extract_on_dask(papers, client):
                pass

        run()  # warm up: every worker builds its pipeline once
        return len(papers) / min(_timed(run) for _ in range(trials))


def measure(
    inputs: list[str], repeat: int, processes: list[int], trials: int = 3, dask: bool = False
) -> list[dict]:
    """Rows of ``{processes, abstracts, tokenizer_per_s, extract_per_s, ratio}``, and
    ``dask_per_s`` with ``dask``."""
    papers = ingest(inputs).papers * repeat
    blank = spacy.blank("en")
    nlp = extractors.build_pipeline()
    gc.freeze()  # as papergraph extract does
    rows = []
    for n in processes:

        def tokenize(n: int = n) -> None:  # the same driver and pool, a blank pipeline
            for _ in extractors.extract(papers, nlp=blank, n_process=n, batch_size=64):
                pass

        def extract(n: int = n) -> None:
            for _ in extractors.extract(papers, nlp=nlp, n_process=n, batch_size=64):
                pass

        tokenize(), extract()  # warm up: vocabularies, caches, worker start-up paths
        timings = [(_timed(tokenize), _timed(extract)) for _ in range(trials)]  # interleaved
        tokenizer_seconds = min(tokenizer for tokenizer, _ in timings)
        extract_seconds = min(extraction for _, extraction in timings)
        rows.append(
            {
                "processes": n,
                "abstracts": len(papers),
                "tokenizer_per_s": round(len(papers) / tokenizer_seconds, 1),
                "extract_per_s": round(len(papers) / extract_seconds, 1),
                "ratio": round(tokenizer_seconds / extract_seconds, 3),
            }
        )
        if dask:
            rows[-1]["dask_per_s"] = round(dask_rate(papers, n, trials), 1)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="paper files (default: the shared seeds)")
    parser.add_argument("--repeat", type=int, default=3, help="repeat the papers N times")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--trials", type=int, default=3, help="best of N timings of each")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--dask", action="store_true", help="also on a local Dask cluster")
    args = parser.parse_args()
    inputs = args.inputs or sorted(glob.glob(str(SEEDS / "*.txt")))
    rows = measure(inputs, args.repeat, args.processes, args.trials, args.dask)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    on_dask = " dask abstracts/s |" if args.dask else ""
    print(
        f"| processes | abstracts | tokenizer abstracts/s | extraction abstracts/s | ratio |"
        f"{on_dask}"
    )
    print("| ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if args.dask else ""))
    for row in rows:
        dask = f" {row['dask_per_s']} |" if args.dask else ""
        print(
            f"| {row['processes']} | {row['abstracts']} | {row['tokenizer_per_s']} | "
            f"{row['extract_per_s']} | {row['ratio']} |{dask}"
        )


if __name__ == "__main__":
    main()
