"""Silver NER data for self-training: sentences of the unlabeled news corpus tagged by a
trained neural model, kept where every network of its ensemble agrees on every tag.

    nice -n 19 python3 scripts/build_ner_silver.py --model M.npz --out build/ner_silver.txt

Articles are taken in file order, every ``--every``-th one, and cut into sentences and tokens
by khabar's own text layers (the tokens the tagger sees at analysis time). A sentence is kept
when it has 5 to 60 tokens, at least one entity, and the networks of the ensemble, each
decoding on its own, give the same tags. The output is CoNLL (``token TAG``), written to
build/ (never shipped: it holds corpus text). Deterministic for a given model and corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "unlabeled.jsonl.gz"
log = logging.getLogger("build_ner_silver")


def corpus_sentences(corpus: str | Path, every: int = 1, skip: int = 0,
                     min_tokens: int = 5, max_tokens: int = 60) -> Iterator[list[str]]:
    """Token texts of each sentence (of ``min_tokens`` to ``max_tokens`` tokens) of every
    ``every``-th article of a JSON-lines corpus (``text`` field), starting at article
    ``skip``; khabar's own sentence and token layers cut them, as at analysis time."""
    from khabar.entities.stage import _sentence_ranges
    from khabar.pipeline import build_pipeline

    pipeline = build_pipeline(["khabar.text.stages:SentenceStage",
                               "khabar.text.stages:TokenStage"])
    opener = gzip.open if str(corpus).endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            if number < skip or (number - skip) % every:
                continue
            doc = pipeline(json.loads(line)["text"])
            for first, last in _sentence_ranges(doc):
                if min_tokens <= last - first <= max_tokens:
                    yield [t.text for t in doc.tokens[first:last]]


def build(model: Path, out: Path, corpus: Path, wanted: int, every: int) -> int:
    from khabar.entities.neural import NeuralTagger

    taggers = [NeuralTagger(model, member=k) for k in range(len(NeuralTagger(model).members))]
    kept = seen = 0
    started = time.time()
    batch: list[list[str]] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as w:
        for words in corpus_sentences(corpus, every):
            batch.append(words)
            if len(batch) < 256:
                continue
            kept += _write_agreed(taggers, batch, w, wanted - kept)
            seen += len(batch)
            batch = []
            log.info("%d of %d sentences kept (%.0fs)", kept, seen, time.time() - started)
            if kept >= wanted:
                break
    return kept


def _write_agreed(taggers: list, batch: list[list[str]], w, room: int) -> int:  # type: ignore[type-arg]
    tagged = [t.tag(batch) for t in taggers]
    kept = 0
    for k, words in enumerate(batch):
        tags = tagged[0][k]
        if kept < room and any(t != "O" for t in tags) and all(o[k] == tags for o in tagged[1:]):
            w.write("".join(f"{word} {tag}\n" for word, tag in zip(words, tags, strict=True)))
            w.write("\n")
            kept += 1
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="a neural .npz (an ensemble)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sentences", type=int, default=4000, help="silver sentences wanted")
    parser.add_argument("--every", type=int, default=23, help="take every N-th article")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    n = build(args.model, args.out, args.corpus, args.sentences, args.every)
    print(f"wrote {args.out}: {n} silver sentences")


if __name__ == "__main__":
    main()
