"""Learn word clusters for the NER model from unlabeled Arabic news (no labels used).

Each word (folded, proclitics stripped: «وبوتين» → «بوتين») is represented by counts of the
words around it (±2, position-aware) in ``../shared/data/corpus/unlabeled.jsonl.gz``;
PPMI weighting, a truncated SVD to 100 dimensions, then k-means at three granularities
(64, 256 and 1024 clusters). Only the cluster ids ship (``models/ner_clusters.tsv``), never
any text. Deterministic (fixed seeds).

    nice -n 10 python3 scripts/build_ner_clusters.py [--corpus PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize as l2_normalize

from khabar.entities.features import word_key
from khabar.text.normalize import fold
from khabar.text.tokens import tokenize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "unlabeled.jsonl.gz"
OUT = ROOT / "src" / "khabar" / "models" / "ner_clusters.tsv"
COUNTS = ROOT / "src" / "khabar" / "models" / "ner_word_counts.tsv"
SIZES = (64, 256, 1024)
log = logging.getLogger("build_ner_clusters")


def corpus_ids(path: Path, max_chars: int) -> tuple[np.ndarray, list[str], Counter[str]]:
    """The corpus as one array of word ids (ids by first appearance), the vocabulary, and the
    counts of whole folded tokens."""
    surface: Counter[str] = Counter()
    vocab: dict[str, int] = {}
    keys: dict[str, int] = {}
    ids: list[int] = []
    chars = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if number % 10_000 == 0:
                log.info("%d articles read", number)
            text = json.loads(line)["text"]
            chars += len(text)
            for _, _, tok in tokenize(text):
                surface[tok] += 1
                wid = keys.get(tok)
                if wid is None:
                    key = word_key(tok)
                    wid = vocab.setdefault(key, len(vocab))
                    keys[tok] = wid
                ids.append(wid)
            ids.append(-1)  # article boundary

            if chars >= max_chars:
                break
    words = [""] * len(vocab)
    for key, wid in vocab.items():
        words[wid] = key
    folded: Counter[str] = Counter()
    for tok, n in surface.items():
        folded[fold(tok)] += n
    return np.asarray(ids, dtype=np.int64), words, folded


def cooccurrence(ids: np.ndarray, n_words: int, target_ids: np.ndarray,
                 context_ids: np.ndarray) -> sparse.csr_matrix:
    """Counts of (target, context word at offset d) for d in ±1, ±2."""
    t_index = np.full(n_words, -1, dtype=np.int64)
    t_index[target_ids] = np.arange(len(target_ids))
    c_index = np.full(n_words, -1, dtype=np.int64)
    c_index[context_ids] = np.arange(len(context_ids))
    n_ctx = len(context_ids)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    safe = np.where(ids < 0, 0, ids)
    valid = ids >= 0
    for slot, d in enumerate((-2, -1, 1, 2)):
        if d > 0:
            a, b, va, vb = safe[:-d], safe[d:], valid[:-d], valid[d:]
        else:
            a, b, va, vb = safe[-d:], safe[:d], valid[-d:], valid[:d]
        r = t_index[a]
        c = c_index[b]
        keep = va & vb & (r >= 0) & (c >= 0)
        rows.append(r[keep])
        cols.append(c[keep] + slot * n_ctx)
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    data = np.ones(len(row), dtype=np.float32)
    return sparse.csr_matrix((data, (row, col)), shape=(len(target_ids), 4 * n_ctx))


def ppmi(m: sparse.csr_matrix) -> sparse.csr_matrix:
    total = m.sum()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing
    col = col / col.sum() * total
    coo = m.tocoo()
    vals = np.log(coo.data * total / (row[coo.row] * col[coo.col] + 1e-9) + 1e-12)
    vals = np.maximum(vals, 0).astype(np.float32)
    return sparse.csr_matrix((vals, (coo.row, coo.col)), shape=m.shape)


def write_counts(surface: Counter[str], path: Path, min_count: int = 3) -> None:
    """Counts of whole folded Arabic words (they decide whether «كومسومولسك» starts with
    a clitic: a word seen more often whole than its would-be stem is not split)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"# folded word\tcount in the unlabeled news corpus (>= {min_count}); "
                 "built by scripts/build_ner_clusters.py\n")
        for word, n in surface.most_common():
            if n < min_count:
                break
            if word and "\u0621" <= word[0] <= "\u064a":
                fh.write(f"{word}\t{n}\n")
    log.info("wrote %s", path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--counts-out", type=Path, default=COUNTS)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="cluster counts, coarse to fine")
    parser.add_argument("--words", type=int, default=60_000, help="words clustered")
    parser.add_argument("--contexts", type=int, default=3_000, help="context words")
    parser.add_argument("--max-chars", type=int, default=200_000_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    t0 = time.time()
    ids, words, surface = corpus_ids(args.corpus, args.max_chars)
    write_counts(surface, args.counts_out)
    sizes = tuple(int(k) for k in args.sizes.split(","))
    log.info("%d tokens, %d word types (%.0fs)", (ids >= 0).sum(), len(words), time.time() - t0)
    counts = Counter(ids[ids >= 0].tolist())
    ranked = [w for w, _ in counts.most_common() if words[w]]
    target_ids = np.asarray(ranked[: args.words])
    context_ids = np.asarray(ranked[: args.contexts])
    m = ppmi(cooccurrence(ids, len(words), target_ids, context_ids))
    log.info("matrix %s, %d non-zeros (%.0fs)", m.shape, m.nnz, time.time() - t0)
    vectors = TruncatedSVD(n_components=100, random_state=13).fit_transform(m)
    vectors = l2_normalize(vectors)
    log.info("SVD done (%.0fs)", time.time() - t0)
    labels = []
    for k in sizes:
        km = MiniBatchKMeans(n_clusters=k, random_state=13, batch_size=4096, n_init=1,
                             max_iter=15)
        labels.append(km.fit_predict(vectors))
        log.info("k=%d done (%.0fs)", k, time.time() - t0)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("# word (folded, proclitics stripped)\tcluster ids at k=" +
                 ",".join(map(str, sizes)) + "; learnt by scripts/build_ner_clusters.py\n")
        for i, wid in enumerate(target_ids):
            fh.write(words[wid] + "\t" + "\t".join(str(lab[i]) for lab in labels) + "\n")
    log.info("wrote %s (%d words, %.0fs)", args.out, len(target_ids), time.time() - t0)


if __name__ == "__main__":
    main()
