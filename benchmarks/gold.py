"""Score khabar on the gold articles and print a table (quotes, times, entities).

    python benchmarks/gold.py [FILE.jsonl ...]   # default: ../shared/data/gold/dev.jsonl

Equivalent to ``khabar eval gold FILE``, plus the analysis time per article.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "gold" / "dev.jsonl"


def main(argv: list[str]) -> int:
    from khabar.evaluate.gold import evaluate_gold
    from khabar.pipeline import default_pipeline

    files = [Path(a) for a in argv] or [DEFAULT]
    missing = [f for f in files if not f.exists()]
    if missing:
        print(f"gold file not found: {missing[0]} (is ../shared beside the repo?)")
        return 2
    pipeline = default_pipeline()
    start = time.perf_counter()
    report = evaluate_gold(files)
    elapsed = time.perf_counter() - start
    print(f"khabar gold evaluation — {', '.join(str(f) for f in files)}")
    print(f"pipeline: {' → '.join(pipeline.names)}")
    print(f"machine: {platform.machine()} {platform.processor() or ''} python "
          f"{platform.python_version()}; {len(report.articles)} articles in {elapsed:.2f} s")
    print()
    print(f"{'layer':<10}{'P':>7}{'R':>7}{'F1':>7}{'pred':>6}{'gold':>6}  accuracy on matched")
    for name, counts, attrs in (("quotes", report.quotes, ("kind", "speaker")),
                                ("times", report.times, ("value",)),
                                ("entities", report.entities, ("type", "latin"))):
        acc = ", ".join(f"{a} {counts.accuracy(a):.3f} (n={counts.attribute_total.get(a, 0)})"
                        for a in attrs)
        print(f"{name:<10}{counts.precision:>7.3f}{counts.recall:>7.3f}{counts.f1:>7.3f}"
              f"{counts.predicted:>6}{counts.gold:>6}  {acc}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
