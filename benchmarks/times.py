"""Cost of the ``times`` stage, and what it finds on the shared corpus.

1. ``analyze`` on the bundled example (published 2023-09-15) with the default pipeline,
   and with the same pipeline minus the times stage: median CPU time per call over
   ``--repeat`` calls each (after a warm-up call that compiles the patterns, timed
   separately), and the share the times stage adds (target: at most 15%).
2. When ``../shared/data/corpus/articles.jsonl`` is present: time expressions found per
   grain, how many got a value, articles with at least one, and the CPU rate.

Rates use CPU time of this one process (``time.process_time``) so other work on a shared
machine disturbs them less.

Run (one core, low priority)::

    nice -n 10 python3 benchmarks/times.py
    nice -n 10 python3 benchmarks/times.py --repeat 50 --articles 3000
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from khabar.pipeline import DEFAULT_STAGES, build_pipeline  # noqa: E402
from khabar.times.extract import find_times  # noqa: E402

EXAMPLE = ROOT / "examples" / "kim-russia-2023-09-15.txt"
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
TIMES = "khabar.times.stage:TimeStage"


def cpu_median(run: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.process_time()
        run()  # type: ignore[operator]
        samples.append(time.process_time() - t0)
    return statistics.median(samples)


def overhead(repeat: int) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    t0 = time.process_time()
    find_times("الجمعة", "2023-09-15")
    first = time.process_time() - t0
    with_times = build_pipeline(DEFAULT_STAGES)
    without = build_pipeline([s for s in DEFAULT_STAGES if s != TIMES])
    with_times(text, published="2023-09-15")  # warm-up of every stage
    without(text, published="2023-09-15")
    t_with = cpu_median(lambda: with_times(text, published="2023-09-15"), repeat)
    t_without = cpu_median(lambda: without(text, published="2023-09-15"), repeat)
    t_stage = cpu_median(lambda: find_times(text, "2023-09-15"), repeat)
    print(f"machine: {platform.machine()} {platform.processor() or ''} "
          f"python {platform.python_version()}; example {len(text):,} chars; "
          f"stages: {', '.join(with_times.names)}")
    print(f"{'measure':44} {'ms':>9}")
    print(f"{'first call (compiles the patterns, once)':44} {first * 1000:9.1f}")
    print(f"{'analyze without times (median)':44} {t_without * 1000:9.2f}")
    print(f"{'analyze with times (median)':44} {t_with * 1000:9.2f}")
    print(f"{'times stage alone (median)':44} {t_stage * 1000:9.2f}")
    print(f"added by times: {100 * (t_with - t_without) / t_without:.1f}% of analyze "
          f"(stage alone: {100 * t_stage / t_without:.1f}%; target ≤ 15%)")


def corpus(limit: int) -> None:
    if not CORPUS.exists():
        print(f"(no corpus at {CORPUS}: skipped)")
        return
    grains: Counter[str] = Counter()
    valued: Counter[str] = Counter()
    articles = with_any = chars = 0
    cpu = 0.0
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            if articles >= limit:
                break
            record = json.loads(line)
            text = record.get("text") or ""
            if not text.strip():
                continue
            published = (record.get("published") or "")[:10] or None
            t0 = time.process_time()
            found = find_times(text, published)
            cpu += time.process_time() - t0
            articles += 1
            chars += len(text)
            with_any += bool(found)
            for t in found:
                grains[t.grain or "?"] += 1
                valued[t.grain or "?"] += t.value is not None
    total = sum(grains.values())
    print(f"\ncorpus: {articles:,} articles, {chars:,} chars, {total:,} time expressions, "
          f"{with_any:,} articles with at least one; "
          f"{articles / cpu:,.0f} articles/s, {chars / cpu / 1e6:.2f} M chars/s (CPU)")
    print(f"{'grain':14} {'found':>7} {'with value':>11}")
    for grain, n in grains.most_common():
        print(f"{grain:14} {n:7,} {valued[grain]:11,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="calls per measurement")
    parser.add_argument("--articles", type=int, default=3000, help="corpus articles to read")
    args = parser.parse_args()
    overhead(args.repeat)
    corpus(args.articles)


if __name__ == "__main__":
    main()
