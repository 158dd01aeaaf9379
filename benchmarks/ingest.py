"""Ingest throughput: analysis alone, then ``ingest`` with 1 and 2 worker processes.

    nice -n 10 python benchmarks/ingest.py [--articles 300] [--corpus FILE.jsonl]

Reads the first N articles of ../shared/data/corpus/articles.jsonl (or the bundled example,
replicated with a number appended, when ../shared is absent). Each run is a fresh process
(the analysers cache per-word work, so a second pass over the same texts would be unfairly
fast), warmed up on five other articles; stores go to a temporary folder. Prints seconds,
articles/s, the speed-up of two workers, and what storing adds over analysis alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
EXAMPLE = ROOT / "examples" / "kim-russia-2023-09-15.txt"
WARM = 5


def _inputs(folder: Path, corpus: Path, count: int) -> str:
    """Writes warm.jsonl (5 articles) and articles.jsonl (``count``); says what they are."""
    warm, main = (folder / "warm.jsonl").open("w"), (folder / "articles.jsonl").open("w")
    with warm, main:
        if corpus.exists():
            with corpus.open(encoding="utf-8") as src:
                for number, line in enumerate(src):
                    if number >= count + WARM:
                        break
                    (main if number < count else warm).write(line)
            return f"first {count} articles of {corpus}"
        text = EXAMPLE.read_text("utf-8")
        for number in range(count + WARM):
            line = json.dumps({"id": f"ex{number}", "published": "2023-09-15",
                               "text": f"{text}\n{number}"}, ensure_ascii=False)
            (main if number < count else warm).write(line + "\n")
        return f"the example replicated {count} times (../shared is absent)"


def _run(mode: str, folder: Path) -> dict[str, float]:
    """One measurement in this process: ``alone`` or a number of workers."""
    from khabar.ingest import Article, read_inputs
    from khabar.pipeline import default_pipeline
    from khabar.store import Store

    pipeline = default_pipeline()
    for article in read_inputs([str(folder / "warm.jsonl")]):
        if isinstance(article, Article):
            pipeline(article.text, published=article.published, source=article.source)
    source = str(folder / "articles.jsonl")
    start, cpu = time.perf_counter(), _cpu()
    if mode == "alone":
        items = [a for a in read_inputs([source]) if isinstance(a, Article)]
        start, cpu = time.perf_counter(), _cpu()
        for article in items:
            try:
                pipeline(article.text, published=article.published, source=article.source,
                         id=article.id)
            except Exception:  # noqa: BLE001 - the ingest runs count the same failures
                pass
        return {"seconds": time.perf_counter() - start, "cpu": _cpu() - cpu,
                "articles": len(items)}
    path = folder / f"w{mode}.db"
    with Store.open(path) as store:
        report = store.ingest([source], workers=int(mode), batch_size=32)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu() - cpu, "articles": report.added,
            "failed": len(report.failures), "bytes": path.stat().st_size}


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(_run(args.run, args.folder)))
        return
    from khabar.pipeline import default_pipeline

    results = {}
    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        described = _inputs(Path(tmp), args.corpus, args.articles)
        for mode in ("alone", "1", "2"):
            out = subprocess.run([sys.executable, __file__, "--run", mode, "--folder", tmp],
                                 capture_output=True, text=True, check=True)
            results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"khabar ingest benchmark — {described}")
    print(f"pipeline: {' → '.join(default_pipeline().names)}")
    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end")
    print()
    print(f"{'run':<30}{'articles':>9}{'seconds':>9}{'art/s':>8}{'speed-up':>10}"
          f"{'CPU s':>8}{'failed':>8}{'KB/article':>12}")
    names = {"alone": "analysis alone (1 process)", "1": "ingest --workers 1",
             "2": "ingest --workers 2"}
    for mode, result in results.items():
        count, seconds = int(result["articles"]), result["seconds"]
        stored = mode != "alone"
        speed = f"{results['1']['seconds'] / seconds:.2f}x" if stored else ""
        failed = str(int(result["failed"])) if stored else ""
        per = f"{result['bytes'] / 1024 / max(count, 1):.1f}" if stored else ""
        print(f"{names[mode]:<30}{count:>9}{seconds:>9.2f}{count / seconds:>8.1f}{speed:>10}"
              f"{result['cpu']:>8.1f}{failed:>8}{per:>12}")
    print()
    for unit in ("seconds", "cpu"):
        overhead = (results["1"][unit] - results["alone"][unit]) / results["alone"][unit] * 100
        name = "wall-clock" if unit == "seconds" else "CPU time"
        print(f"store overhead over analysis alone (workers 1, {name}): {overhead:+.1f}% "
              "(target ≤ 25%)")
    print("(wall-clock figures swing with the load of the shared machine; CPU time does not)")


if __name__ == "__main__":
    main()
