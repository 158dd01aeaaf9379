"""Learn word embeddings for the neural NER tagger from unlabeled Arabic news (no labels used).

Each token of ``../shared/data/corpus/unlabeled.jsonl.gz`` becomes its NER key (folded,
proclitics stripped: «وبوتين» → «بوتين», :func:`khabar.entities.features.word_key`), one
line per article, written to a temporary file; then a skip-gram Word2Vec (gensim, one
worker, fixed seed: deterministic) learns 100-dimensional vectors. Only the vectors of the
most frequent keys are kept (``--out``, an .npz of float32 vectors and the key list) for
scripts/train_ner.py; the text itself is never written anywhere that ships.

    nice -n 19 python3 scripts/build_ner_embeddings.py [--corpus PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from khabar.entities.features import word_key
from khabar.text.tokens import tokenize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "unlabeled.jsonl.gz"
OUT = ROOT / "build" / "ner_embeddings.npz"
log = logging.getLogger("build_ner_embeddings")


def write_keys(corpus: Path, out: Path) -> int:
    """The corpus as NER keys, one article a line; returns the number of tokens."""
    keys: dict[str, str] = {}
    n = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh, out.open("w", encoding="utf-8") as w:
        for number, line in enumerate(fh, 1):
            if number % 10_000 == 0:
                log.info("%d articles read", number)
            words = []
            for _, _, tok in tokenize(json.loads(line)["text"]):
                key = keys.get(tok)
                if key is None:
                    key = keys[tok] = (word_key(tok) or tok).replace(" ", "_")
                words.append(key)
            n += len(words)
            w.write(" ".join(words) + "\n")
    return n


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # gensim seeds each vector from Python's string hash: fix it, or runs differ.
        os.execve(sys.executable, [sys.executable, *sys.argv],
                  {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--keep", type=int, default=200_000, help="most frequent keys kept")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    from gensim.models import Word2Vec

    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "keys.txt"
        n = write_keys(args.corpus, text)
        log.info("%d tokens as keys (%.0fs)", n, time.time() - t0)
        model = Word2Vec(corpus_file=str(text), vector_size=args.dim, window=5, min_count=5,
                         sg=1, negative=5, sample=1e-4, epochs=args.epochs, workers=1, seed=13)
    log.info("trained (%.0fs)", time.time() - t0)
    words = model.wv.index_to_key[: args.keep]  # most frequent first
    vectors = np.stack([model.wv[w] for w in words]).astype(np.float32)
    counts = np.asarray([model.wv.get_vecattr(w, "count") for w in words], dtype=np.int64)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, vectors=vectors, words=np.asarray(words), counts=counts)
    log.info("wrote %s: %d keys (%.0fs)", args.out, len(words), time.time() - t0)


if __name__ == "__main__":
    main()
