"""What the quotes stage costs, and what it finds on the corpus.

1. Time of ``analyze`` on the bundled example article with the default pipeline, and with
   the same pipeline without the ``quotes`` stage (target: quotes add at most 20 %).
   CPU time of this process (``time.process_time``), best and median of ``--repeat`` runs.
2. When ``../shared/data/corpus/articles.jsonl`` is present: quotes, kinds, speaker kinds,
   sources and hedges found on its articles (``--articles`` of them), and the time of the
   quotes stage alone per article.

Run (one core, low priority)::

    nice -n 10 python3 benchmarks/quotes.py
    nice -n 10 python3 benchmarks/quotes.py --repeat 50 --articles 3000
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

from khabar.model import check_offsets  # noqa: E402
from khabar.pipeline import DEFAULT_STAGES, build_pipeline  # noqa: E402
from khabar.quotes.stage import QuoteStage  # noqa: E402

EXAMPLE = ROOT / "examples" / "kim-russia-2023-09-15.txt"
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
QUOTES = "khabar.quotes.stage:QuoteStage"


def _times(stages: list[str], text: str, repeat: int) -> list[float]:
    pipeline = build_pipeline(stages)
    pipeline(text, published="2023-09-15")  # warm up: lexicons and models load once
    out = []
    for _ in range(repeat):
        start = time.process_time()
        pipeline(text, published="2023-09-15")
        out.append(time.process_time() - start)
    return out


def overhead(repeat: int) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    with_quotes = list(DEFAULT_STAGES)
    without = [s for s in with_quotes if s != QUOTES]
    full = _times(with_quotes, text, repeat)
    base = _times(without, text, repeat)
    print(f"analyze on {EXAMPLE.name} ({len(text):,} characters), CPU ms, {repeat} runs")
    print(f"{'pipeline':<28}{'best':>9}{'median':>9}")
    print(f"{'without quotes':<28}{min(base) * 1e3:>9.1f}{statistics.median(base) * 1e3:>9.1f}")
    print(f"{'with quotes':<28}{min(full) * 1e3:>9.1f}{statistics.median(full) * 1e3:>9.1f}")
    added = statistics.median(full) / statistics.median(base) - 1
    print(f"quotes add {added:+.1%} (median; target ≤ +20%)")
    print()


def corpus(limit: int) -> None:
    if not CORPUS.exists():
        print(f"(corpus counts skipped: {CORPUS} is absent)")
        return
    text_stages = [s for s in DEFAULT_STAGES if s.startswith("khabar.text.")]
    pipeline = build_pipeline(text_stages)
    stage = QuoteStage()
    kinds: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    stage_time = 0.0
    with CORPUS.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if n > limit:
                break
            article = json.loads(line)
            doc = pipeline(article["text"])
            start = time.process_time()
            doc = stage(doc)
            stage_time += time.process_time() - start
            counts["articles"] += 1
            counts["characters"] += len(doc.text)
            counts["with quotes"] += bool(doc.quotes)
            counts["bad offsets"] += len(check_offsets(doc))
            for quote in doc.quotes:
                kinds[quote.kind] += 1
                speakers[quote.speaker.kind if quote.speaker and quote.speaker.kind else "none"] += 1
                counts["with source"] += quote.source is not None
                counts["with hedge"] += quote.hedge is not None
    total = sum(kinds.values())
    print(f"corpus: {counts['articles']:,} articles, {counts['characters']:,} characters "
          "(text stages + quotes stage, no entities)")
    print(f"{'quotes':<28}{total:>9,}  ({total / max(1, counts['articles']):.1f} per article; "
          f"{counts['with quotes']:,} articles have some)")
    for kind in ("direct", "indirect", "mixed"):
        print(f"{'  ' + kind:<28}{kinds[kind]:>9,}")
    for kind in ("name", "role", "group", "pronoun", "none"):
        print(f"{'  speaker ' + kind:<28}{speakers[kind]:>9,}")
    print(f"{'  with a source':<28}{counts['with source']:>9,}")
    print(f"{'  with a hedge':<28}{counts['with hedge']:>9,}")
    print(f"{'bad offsets':<28}{counts['bad offsets']:>9,}")
    per_article = stage_time / max(1, counts["articles"]) * 1e3
    print(f"{'quotes stage CPU per article':<28}{per_article:>8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs of analyze per pipeline")
    parser.add_argument("--articles", type=int, default=1000, help="corpus articles to scan")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''}, "
          f"python {platform.python_version()}")
    overhead(args.repeat)
    if args.articles > 0:
        corpus(args.articles)


if __name__ == "__main__":
    main()
