"""Ingest throughput: analysis alone, then ``ingest`` with 1 and 2 worker processes.

    nice -n 10 python benchmarks/ingest.py [--articles 400] [--corpus FILE.jsonl]

Reads the first N articles of ../shared/data/corpus/articles.jsonl (or the bundled example,
replicated with a number appended, when ../shared is absent). Stores are built in a
temporary folder. Prints a table: seconds, articles/s, speed-up, and what storing adds over
analysis alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
EXAMPLE = ROOT / "examples" / "kim-russia-2023-09-15.txt"


def _input(folder: Path, corpus: Path, count: int) -> tuple[Path, str]:
    path = folder / "articles.jsonl"
    if corpus.exists():
        with corpus.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
            for number, line in enumerate(src):
                if number >= count:
                    break
                dst.write(line)
        return path, f"first {count} articles of {corpus}"
    text = EXAMPLE.read_text("utf-8")
    with path.open("w", encoding="utf-8") as dst:
        for number in range(count):
            dst.write(json.dumps({"id": f"ex{number}", "published": "2023-09-15",
                                  "text": f"{text}\n{number}"}, ensure_ascii=False) + "\n")
    return path, f"the example replicated {count} times (../shared is absent)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    from khabar.ingest import read_inputs
    from khabar.ingest.article import Article
    from khabar.pipeline import default_pipeline
    from khabar.store import Store

    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        folder = Path(tmp)
        source, described = _input(folder, args.corpus, args.articles)
        items = [a for a in read_inputs([str(source)]) if isinstance(a, Article)]
        pipeline = default_pipeline()
        pipeline("تسخين.")  # load models before timing
        start = time.perf_counter()
        for article in items:
            try:
                pipeline(article.text, published=article.published, source=article.source,
                         id=article.id)
            except Exception:  # noqa: BLE001 - the ingest runs count the same failures
                pass
        alone = time.perf_counter() - start
        rows = [("analysis alone (1 process)", alone, None)]
        for workers in (1, 2):
            with Store.open(folder / f"w{workers}.db") as store:
                start = time.perf_counter()
                report = store.ingest([str(source)], workers=workers, batch_size=32)
                elapsed = time.perf_counter() - start
                size = store.stats().bytes
            rows.append((f"ingest --workers {workers}", elapsed, (report, size)))

    print(f"khabar ingest benchmark — {described}")
    print(f"pipeline: {' → '.join(pipeline.names)}")
    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end")
    print()
    print(f"{'run':<30}{'articles':>9}{'seconds':>9}{'art/s':>8}{'speed-up':>10}{'failed':>8}"
          f"{'KB/article':>12}")
    base = rows[1][1]
    for name, seconds, extra in rows:
        count = len(items) if extra is None else extra[0].added
        failed = "" if extra is None else str(len(extra[0].failures))
        per = "" if extra is None else f"{extra[1] / 1024 / max(count, 1):.1f}"
        speed = "" if extra is None else f"{base / seconds:.2f}x"
        print(f"{name:<30}{count:>9}{seconds:>9.2f}{count / seconds:>8.1f}{speed:>10}"
              f"{failed:>8}{per:>12}")
    overhead = (rows[1][1] - alone) / alone * 100
    print()
    print(f"store overhead over analysis alone (workers 1): {overhead:+.1f}% (target ≤ 25%)")


if __name__ == "__main__":
    main()
