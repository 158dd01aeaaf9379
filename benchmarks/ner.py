"""NER benchmark: entity-level P/R/F1 on the NER corpora, speed of the NER stage, model size,
and peak memory of ``khabar analyze`` on the example article. Prints tables.

    nice -n 10 python3 benchmarks/ner.py

Scores follow seqeval's conventions (exact span and type); ``khabar ner eval FILE`` gives
the same figures for one file. Speed is measured on one core over the pipeline's own tokens
of real articles (``../shared/data/corpus/articles.jsonl``, or the example when absent).
"""

from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NER = ROOT.parent / "shared" / "data" / "ner"
ARTICLES = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
EXAMPLE = ROOT / "examples" / "kim-russia-2023-09-15.txt"
FILES = {
    "ANERcorp test (CAMeL split)": NER / "anercorp" / "test.txt",
    "CLEANANERCorp test": NER / "cleananercorp" / "test.txt",
    "AQMAR dev": NER / "aqmar" / "dev.txt",
}


def scores_table() -> None:
    from khabar.entities.evaluation import evaluate

    for title, path in FILES.items():
        if not path.exists():
            print(f"{title}: {path} not found, skipped")
            continue
        result = evaluate(path)
        print(f"\n{title} — {path} ({result.tokens:,} tokens)")
        print(f"{'type':<7}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}")
        for kind, s in result.scores.items():
            print(f"{kind:<7}{s.precision:8.2f}{s.recall:8.2f}{s.f1:8.2f}{s.support:7d}")
        print(f"tagging speed {result.tokens_per_second:,.0f} tokens/s (CoNLL tokens)")


def stage_speed(max_articles: int = 400) -> None:
    from khabar.entities.stage import EntityStage
    from khabar.pipeline import build_pipeline

    if ARTICLES.exists():
        with ARTICLES.open(encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for _, line in zip(range(max_articles), fh, strict=False)]
    else:
        texts = [EXAMPLE.read_text(encoding="utf-8")]
    pipeline = build_pipeline(["khabar.text.stages:SentenceStage", "khabar.text.stages:TokenStage"])
    docs = [pipeline(t) for t in texts]
    stage = EntityStage()
    stage(docs[0])  # load the model and tables once
    tokens = sum(len(d.tokens) for d in docs)
    start = time.process_time()
    for doc in docs:
        stage(doc)
    cpu = time.process_time() - start
    print(f"\nNER stage alone: {len(docs)} articles, {tokens:,} tokens, {cpu:.2f} s CPU → "
          f"{tokens / cpu:,.0f} tokens/s on one core (tagging + merging)")


def sizes_and_memory() -> None:
    models = ROOT / "src" / "khabar" / "models"
    total = 0
    for file in sorted(models.glob("ner*")):
        total += file.stat().st_size
        print(f"{file.name}: {file.stat().st_size / 1e6:.2f} MB")
    print(f"NER model files in total: {total / 1e6:.2f} MB")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run = ("import sys; from khabar.cli import main; "
           "sys.argv = ['khabar', 'analyze', sys.argv[1], '--date', '2023-09-15', '--json']; main()")
    subprocess.run([sys.executable, "-c", run, str(EXAMPLE)], check=True, stdout=subprocess.DEVNULL)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak memory of 'khabar analyze' on the example: {max(peak, before) / 1024:.0f} MB")


def main() -> int:
    print(f"machine: {platform.machine()} {platform.processor() or ''}, python "
          f"{platform.python_version()}, {platform.system()}")
    scores_table()
    stage_speed()
    sizes_and_memory()
    return 0


if __name__ == "__main__":
    sys.exit(main())
