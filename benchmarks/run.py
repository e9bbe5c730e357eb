"""Benchmark harness: the whole build on synthetic corpora of growing size, stage by stage.

For each size it generates (or reuses from a cache) a corpus with
``benchmarks/corpus.py``, then runs, in a fresh subprocess so that peak RSS is that
size's own: ingest → pipeline load → extract → build → clusters → bridges → GraphML
export. It reports seconds per stage, abstracts per second, peak RSS, graph size,
the scaling exponent between consecutive sizes and three ratios measured in the same
run against a natural baseline (see ``benchmarks/README.md``), as Markdown and JSON.

    python benchmarks/run.py --sizes 1000 10000 --processes 2 --out /tmp/bench-results
    python benchmarks/run.py --sizes 10000 --compare-betweenness

>>> scaling_exponent(10.0, 1000, 100.0, 10000)
1.0
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from corpus import generate, generator_version  # noqa: E402
from measure import STAGES  # noqa: E402

DEFAULT_ROOT = Path(tempfile.gettempdir()) / "papergraph-bench"


def scaling_exponent(t1: float, n1: int, t2: float, n2: int) -> float | None:
    """``log(t2 / t1) / log(n2 / n1)``: 1 is linear, 2 quadratic (None without data)."""
    if min(t1, t2) <= 0 or n1 == n2:
        return None
    return round(math.log(t2 / t1) / math.log(n2 / n1), 3)


def corpus_for(size: int, seed: int, cache: Path) -> Path:
    """The corpus directory for ``size`` and ``seed``, generated unless cached already."""
    directory = cache / f"corpus-{size}-seed{seed}-{generator_version()}"
    if not (directory / "manifest.json").exists():
        started = time.perf_counter()
        generate(size, directory, seed)
        print(
            f"generated {size} papers in {time.perf_counter() - started:.1f} s → {directory}",
            file=sys.stderr,
        )
    return directory


def run_size(size: int, corpus: Path, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Measure one size in a fresh Python process; return its result (partial on timeout)."""
    result_file = out / f"size-{size}.json"
    result_file.unlink(missing_ok=True)
    command = [sys.executable, str(HERE / "measure.py"), str(corpus), str(result_file),
               "--processes", str(args.processes), "--batch-size", str(args.batch_size),
               "--max-df", str(args.max_df), "--min-papers-for-cap", str(args.min_papers_for_cap),
               "--workdir", str(out / f"work-{size}")]  # fmt: skip
    if args.top_k is not None:
        command += ["--top-k", str(args.top_k)]
    if args.compare_betweenness and size <= args.compare_up_to:
        command += ["--compare-betweenness", "--betweenness-budget", str(args.betweenness_budget)]
    print(f"measuring {size} papers …", file=sys.stderr)
    status = "ok"
    try:
        done = subprocess.run(command, timeout=args.timeout)
        if done.returncode:
            status = f"failed (exit {done.returncode})"
    except subprocess.TimeoutExpired:
        status = f"timed out after {args.timeout} s"
    result = json.loads(result_file.read_text()) if result_file.exists() else {"stages": {}}
    result.update(size=size, status=status, corpus=str(corpus))
    result["manifest"] = json.loads((corpus / "manifest.json").read_text())
    return result


def reuse_size(size: int, corpus: Path, out: Path) -> dict[str, Any]:
    """The result of an earlier measurement of ``size`` in ``out`` (``--reuse``)."""
    result_file = out / f"size-{size}.json"
    if not result_file.exists():
        raise SystemExit(f"--reuse {size}: no earlier result at {result_file}")
    result = json.loads(result_file.read_text())
    result.update(size=size, status="ok (earlier run)", corpus=str(corpus))
    result["manifest"] = json.loads((corpus / "manifest.json").read_text())
    return result


SCALE_TARGETS = {100_000: (180.0, 4096.0), 1_000_000: (1200.0, 12288.0)}  # seconds, MB


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "NOT met")


def summarise(results: list[dict[str, Any]], settings: dict[str, Any]) -> dict[str, Any]:
    """Add totals, rates, scaling exponents and the verdict on every target to ``results``."""
    for result in results:
        stages = result["stages"]
        papers = result.get("ingest", {}).get("written", result["size"])
        result["papers"] = papers
        result["total_s"] = round(sum(stages.values()), 3)
        complete = all(stage in stages for stage in STAGES)
        result["abstracts_per_s"] = round(papers / result["total_s"], 1) if complete else None
        extract = stages.get("extract")
        result["extract_per_s"] = round(papers / extract, 1) if extract else None
    scaling = []
    for first, second in itertools.pairwise(results):
        row = {
            "from": first["papers"],
            "to": second["papers"],
            "sizes": [first["size"], second["size"]],
        }  # as asked: 1M may ingest 1,000,003
        for stage in (*STAGES, "total"):
            key = "total_s" if stage == "total" else stage
            t1 = first.get(key) if stage == "total" else first["stages"].get(stage)
            t2 = second.get(key) if stage == "total" else second["stages"].get(stage)
            both = t1 is not None and t2 is not None
            row[stage] = (
                scaling_exponent(t1, first["papers"], t2, second["papers"]) if both else None
            )
        scaling.append(row)
    targets = []
    for result in results:
        ratios, size = result.get("ratios", {}), result["papers"]
        if "extraction_vs_tokenizer" in ratios:
            value = ratios["extraction_vs_tokenizer"]["value"]
            targets.append(
                [size, "extraction speed / tokenizer speed", value, ">= 0.5", _met(value >= 0.5)]
            )
        if "projection_vs_sparse_product" in ratios:
            value = ratios["projection_vs_sparse_product"]["value"]
            targets.append(
                [size, "projection time / sparse product time", value, "<= 1.5", _met(value <= 1.5)]
            )
        between = ratios.get("betweenness")
        if between and "exact_s" in between:
            targets.append(
                [
                    size,
                    "betweenness top-50 overlap (sampled vs exact)",
                    between["top50_overlap"],
                    ">= 0.8",
                    _met(between["top50_overlap"] >= 0.8),
                ]
            )
            if "top50_overlap_by_seed" in between:  # the spread over draws, and the mean
                by_seed = ", ".join(f"{value:g}" for value in between["top50_overlap_by_seed"])
                targets.append(
                    [
                        size,
                        f"betweenness top-50 overlap, mean over seeds ({by_seed})",
                        between["top50_overlap_mean"],
                        ">= 0.8",
                        _met(between["top50_overlap_mean"] >= 0.8),
                    ]
                )
            if "uniform_top50_overlap" in between:
                targets.append(
                    [
                        size,
                        "for reference: uniform sampling, as many sources: top-50 "
                        f"overlap, speed-up {between['uniform_speedup']}x",
                        between["uniform_top50_overlap"],
                        "(reference)",
                        "",
                    ]
                )
            if "bridges_top50_overlap" in between:
                value = between["bridges_top50_overlap"]
                targets.append(
                    [
                        size,
                        "bridge score top-50 overlap (sampled vs exact betweenness)",
                        value,
                        ">= 0.8",
                        _met(value >= 0.8),
                    ]
                )
            targets.append(
                [
                    size,
                    "betweenness speed-up (exact s / sampled s)",
                    between["speedup"],
                    ">= 20",
                    _met(between["speedup"] >= 20),
                ]
            )
            for point in between.get("trade_off", []):  # what more sources buy, and cost
                targets.append(
                    [
                        size,
                        f"betweenness with {point['samples']} sources: top-50 "
                        f"overlap, speed-up {point['speedup']}x",
                        point["top50_overlap"],
                        "(trade-off)",
                        "",
                    ]
                )
        elif between:
            targets.append(
                [size, "betweenness (sampled vs exact)", between.get("skipped"), "", "not measured"]
            )
        if result["size"] in SCALE_TARGETS and result["abstracts_per_s"] is not None:
            seconds, megabytes = SCALE_TARGETS[result["size"]]
            targets.append(
                [
                    size,
                    "full build seconds",
                    result["total_s"],
                    f"<= {seconds:.0f}",
                    _met(result["total_s"] <= seconds),
                ]
            )
            targets.append(
                [
                    size,
                    "peak RSS MB (main process)",
                    result["peak_rss_mb"],
                    f"<= {megabytes:.0f}",
                    _met(result["peak_rss_mb"] <= megabytes),
                ]
            )
    for row in scaling:
        if row["sizes"] == [100_000, 1_000_000] and row["total"] is not None:
            targets.append(
                [
                    row["to"],
                    "time exponent 100k → 1M",
                    row["total"],
                    "<= 1.15",
                    _met(row["total"] <= 1.15),
                ]
            )
    return {"settings": settings, "sizes": results, "scaling": scaling, "targets": targets}


def _cell(value: Any) -> str:
    return "-" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def render_markdown(summary: dict[str, Any]) -> str:
    """The summary as Markdown: stages, graph, scaling exponents, ratios and targets."""
    lines = ["## Stages (seconds) and memory", "",
             "| papers | " + " | ".join(STAGES) + " | total | abstracts/s | extract abstracts/s "
             "| peak RSS MB (main / extract worker) | status |",
             "| ---: " * (len(STAGES) + 6) + "| --- |"]  # fmt: skip
    for r in summary["sizes"]:
        stages = [_cell(r["stages"].get(stage)) for stage in STAGES]
        rss = f"{_cell(r.get('peak_rss_mb'))} / {_cell(r.get('peak_rss_worker_mb'))}"
        lines.append(
            f"| {r['papers']:,} | " + " | ".join(stages) + f" | {r['total_s']} | "
            f"{_cell(r['abstracts_per_s'])} | {_cell(r['extract_per_s'])} | {rss} | "
            f"{r['status']} |"
        )
    lines += [
        "",
        "## Graph",
        "",
        "| papers | nodes | edges | links | clusters | isolated | "
        "bridges | concepts | median concept df | commonest concepts (share of papers) |",
        "| ---: " * 9 + "| --- |",
    ]
    for r in summary["sizes"]:
        g = r.get("graph", {})
        top = ", ".join(f"{key} {share:.0%}" for key, share in g.get("top", []))
        cells = [
            _cell(g.get(k))
            for k in (
                "nodes",
                "edges",
                "links",
                "clusters",
                "isolated",
                "bridges",
                "concepts",
                "median_df",
            )
        ]
        lines.append(f"| {r['papers']:,} | " + " | ".join(cells) + f" | {top} |")
    if summary["scaling"]:
        lines += [
            "",
            "## Scaling exponents (log(t2/t1) / log(n2/n1); 1 = linear)",
            "",
            "| papers | " + " | ".join(STAGES) + " | total |",
            "| --- " + "| ---: " * (len(STAGES) + 1) + "|",
        ]
        for row in summary["scaling"]:
            cells = [_cell(row[stage]) for stage in (*STAGES, "total")]
            lines.append(f"| {row['from']:,} → {row['to']:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Ratios and targets",
        "",
        "| papers | measure | value | target | verdict |",
        "| ---: | --- | ---: | --- | --- |",
    ]
    for size, name, value, target, verdict in summary["targets"]:
        lines.append(f"| {size:,} | {name} | {_cell(value)} | {target} | {verdict} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--processes", type=int, default=2, help="extraction processes")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--max-df", type=float, default=0.2, help="as in build_graph")
    parser.add_argument("--min-papers-for-cap", type=int, default=20)
    parser.add_argument(
        "--top-k",
        type=int,
        default=None,
        help="as papergraph build --top-k (default 10; 0 keeps all)",
    )
    parser.add_argument(
        "--compare-betweenness",
        action="store_true",
        help="also time exact betweenness against the sampled one",
    )
    parser.add_argument(
        "--compare-up-to",
        type=int,
        default=20_000,
        help="compare betweenness only up to this many papers",
    )
    parser.add_argument(
        "--betweenness-budget",
        type=float,
        default=600.0,
        help="skip exact betweenness estimated above this (s)",
    )
    parser.add_argument("--timeout", type=float, default=None, help="seconds per size")
    parser.add_argument(
        "--reuse",
        type=int,
        nargs="*",
        default=[],
        help="sizes summarised from an earlier run in --out",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_ROOT / "results")
    parser.add_argument("--cache", type=Path, default=DEFAULT_ROOT / "corpora")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    args.cache.mkdir(parents=True, exist_ok=True)
    results = []
    for size in sorted(set(args.sizes)):
        corpus = corpus_for(size, args.seed, args.cache)
        if size in args.reuse:
            results.append(reuse_size(size, corpus, args.out))
        else:
            results.append(run_size(size, corpus, args, args.out))
    settings = {key: value for key, value in vars(args).items() if key not in ("out", "cache")}
    summary = summarise(results, settings)
    (args.out / "results.json").write_text(json.dumps(summary, indent=2) + "\n")
    markdown = render_markdown(summary)
    (args.out / "results.md").write_text(markdown)
    print(markdown)
    print(f"wrote {args.out / 'results.md'} and {args.out / 'results.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
