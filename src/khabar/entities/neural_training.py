"""Training the neural NER tagger in PyTorch (a training-only dependency: ``pip install
khabar[train]``) and exporting it to the .npz that :mod:`khabar.entities.neural` runs.

Model: word vectors (learnt from unlabeled news by scripts/build_ner_embeddings.py, frozen,
stored as float16), a character CNN over the folded token, embeddings of the CRF's
categorical features → dropout → BiLSTM → linear → CRF whose impossible BIO transitions
are fixed at -10,000. Adam, gradient clipping, parameters averaged over the last epochs.
Deterministic: fixed seeds, one thread, deterministic algorithms.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from khabar.entities.conll import ConllSentence, read_conll
from khabar.entities.neural import string_blob
from khabar.entities.neural_augment import augment
from khabar.entities.neural_inputs import (
    MAX_CHARS,
    PAD,
    SLOTS,
    UNKNOWN,
    Encoded,
    Vocabularies,
    build_memory,
    encode,
    sentence_categories,
    token_chars,
)

log = logging.getLogger(__name__)

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
FORBIDDEN = -10_000.0


@dataclass(frozen=True)
class NeuralOptions:
    epochs: int = 30
    average_last: int = 8  # parameters averaged over these last epochs
    batch: int = 16
    learning_rate: float = 2e-3
    clip: float = 5.0
    dropout: float = 0.5
    hidden: int = 100
    char_dim: int = 25
    char_filters: int = 50
    category_dim: int = 8
    vocabulary: int = 100_000  # most frequent word vectors kept
    min_count: int = 2  # characters and category values rarer than this are «unknown»
    seed: int = 13
    members: int = 1  # networks trained with seeds seed, seed + 1, …; scores averaged
    jobs: int = 1  # networks trained at once, one process and one thread each
    tune_words: bool = False  # fine-tune the word vectors of the training words too
    word_dropout: float = 0.0  # chance that a training token's word vector is «unknown»
    memory_folds: int = 10  # the «mem» slot of a training sentence comes from the other folds
    augment: float = 0.0  # share of sentences also trained on with their mentions replaced
    silver: str | None = None  # CoNLL file of machine-tagged sentences added to the training data


def load_vectors(path: str | Path, limit: int) -> tuple[list[str], np.ndarray]:
    """Word vectors from scripts/build_ner_embeddings.py (``words``, ``vectors``), or those of
    a shipped model (``words`` blob, ``word_emb``); most frequent first, as float16."""
    with np.load(path, allow_pickle=False) as data:
        if "word_emb" in data.files:
            words = bytes(data["words"].tobytes()).decode("utf-8").split("\n")[2:]
            vectors = data["word_emb"][2:]
        else:
            words = [str(w) for w in data["words"]]
            vectors = data["vectors"]
    return words[:limit], np.asarray(vectors[:limit], dtype=np.float16)


def allowed(prev: str, this: str) -> bool:
    """Whether the BIO tag ``this`` may follow ``prev`` («O» as ``prev``: sentence start)."""
    return not this.startswith("I-") or (prev != "O" and prev[2:] == this[2:])


def repair(tags: Sequence[str]) -> list[str]:
    """BIO tags with every I- that cannot follow its predecessor made a B- (as seqeval reads
    them), so that no gold path uses a forbidden transition."""
    out: list[str] = []
    for tag in tags:
        prev = out[-1] if out else "O"
        out.append("B-" + tag[2:] if tag.startswith("I-") and not allowed(prev, tag) else tag)
    return out


def build_vocabularies(sentences: Sequence[ConllSentence], words: Sequence[str],
                       min_count: int) -> Vocabularies:
    chars: Counter[str] = Counter()
    cats: Counter[str] = Counter()
    for s in sentences:
        for token in s.tokens:
            chars.update(token_chars(token))
        for values in sentence_categories(s.tokens):
            cats.update(values)
    char_list = ["<pad>", "<unk>", *sorted(c for c, n in chars.items() if n >= min_count)]
    cat_list = [f"{slot}=?" for slot in SLOTS]
    cat_list += sorted(c for c, n in cats.items() if n >= min_count and c not in cat_list)
    cat_list += [f"mem={kind}{mark}" for kind in ("PER", "ORG", "LOC", "MISC") for mark in ("", "~")]
    return Vocabularies(
        words={w: i for i, w in enumerate(["<pad>", "<unk>", *words])},
        chars={c: i for i, c in enumerate(char_list)},
        categories={c: i for i, c in enumerate(cat_list)},
    )


def fold_of(n: int, folds: int) -> list[int]:
    """The fold of each of ``n`` sentences: ``folds`` contiguous blocks (articles are runs of
    sentences, so a block holds mostly whole articles); all 0 when ``folds`` is 0."""
    return [i * folds // n if folds else 0 for i in range(n)]


def jackknife_memories(labelled: Sequence[tuple[Sequence[str], Sequence[str]]], folds: int
                       ) -> list[dict[str, str]]:
    """For each fold, the memory (:func:`build_memory`) of the sentences outside it, so that a
    training sentence's «mem» slot never comes from its own labels — as for new text at
    tagging time. No folds: one empty memory."""
    if not folds:
        return [{}]
    which = fold_of(len(labelled), folds)
    return [build_memory(x for x, f in zip(labelled, which, strict=True) if f != k)
            for k in range(folds)]


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise SystemExit("training the neural NER model needs PyTorch: "
                         "pip install 'khabar[train]' (CPU: pip install torch==2.13.0)") from None
    return torch


def build_net(vocab: Vocabularies, vectors: np.ndarray, opts: NeuralOptions) -> Any:
    torch = _torch()
    nn = torch.nn

    class Net(nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            table = np.zeros((len(vocab.words), vectors.shape[1]), dtype=np.float32)
            table[2:] = vectors.astype(np.float32)
            self.word_emb = nn.Embedding.from_pretrained(torch.from_numpy(table),
                                                         freeze=not opts.tune_words)
            self.char_emb = nn.Embedding(len(vocab.chars), opts.char_dim, padding_idx=PAD)
            self.char_conv = nn.Conv1d(opts.char_dim, opts.char_filters, 3, padding=1)
            self.cat_emb = nn.Embedding(len(vocab.categories), opts.category_dim)
            size = vectors.shape[1] + opts.char_filters + len(SLOTS) * opts.category_dim
            self.drop = nn.Dropout(opts.dropout)
            self.lstm = nn.LSTM(size, opts.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * opts.hidden, len(LABELS))
            self.trans = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
            self.start = nn.Parameter(torch.zeros(len(LABELS)))
            self.end = nn.Parameter(torch.zeros(len(LABELS)))
            fixed = [[0.0 if allowed(a, b) else FORBIDDEN for b in LABELS] for a in LABELS]
            self.register_buffer("trans_mask", torch.tensor(fixed))
            self.register_buffer("start_mask", torch.tensor(fixed[0]))

        def crf(self) -> tuple[Any, Any, Any]:
            return self.trans + self.trans_mask, self.start + self.start_mask, self.end

        def emissions(self, batch: dict[str, Any]) -> Any:
            words, chars, clen, cats = (batch[k] for k in ("words", "chars", "clen", "cats"))
            b, t, c = chars.shape
            e = self.char_emb(chars.view(b * t, c)).transpose(1, 2)  # [BT, d, C]
            conv = self.char_conv(e)  # [BT, F, C]
            beyond = torch.arange(c)[None, :] >= clen.view(b * t, 1)
            conv = conv.masked_fill(beyond[:, None, :], float("-inf")).max(dim=2).values
            if self.training and opts.word_dropout:
                drop = torch.rand(words.shape) < opts.word_dropout
                words = words.masked_fill(drop & (words > UNKNOWN), UNKNOWN)
            x = torch.cat([self.word_emb(words), conv.view(b, t, -1),
                           self.cat_emb(cats).view(b, t, -1)], dim=2)
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), batch["lengths"],
                                                       batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            return self.out(self.drop(h))

        def loss(self, batch: dict[str, Any]) -> Any:
            em = self.emissions(batch)
            tags, mask = batch["tags"], batch["mask"]
            trans, start, end = self.crf()
            b, t, _ = em.shape
            rows = torch.arange(b)
            gold = start[tags[:, 0]] + em[rows, 0, tags[:, 0]]
            alpha = start[None, :] + em[:, 0]
            for i in range(1, t):
                m = mask[:, i]
                step = trans[tags[:, i - 1], tags[:, i]] + em[rows, i, tags[:, i]]
                gold = gold + step * m
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + em[:, i, None, :], dim=1)
                alpha = torch.where(m[:, None] > 0, nxt, alpha)
            last = tags[rows, batch["lengths"] - 1]
            gold = gold + end[last]
            return (torch.logsumexp(alpha + end[None, :], dim=1) - gold).sum()

    return Net()


def make_batch(encoded: Sequence[Encoded], tags: Sequence[Sequence[int]] | None = None
               ) -> dict[str, Any]:
    torch = _torch()
    lengths = [len(e.words) for e in encoded]
    b, t = len(encoded), max(lengths)
    words = np.zeros((b, t), dtype=np.int64)
    chars = np.zeros((b, t, MAX_CHARS), dtype=np.int64)
    clen = np.ones((b, t), dtype=np.int64)
    cats = np.zeros((b, t, len(SLOTS)), dtype=np.int64)
    gold = np.zeros((b, t), dtype=np.int64)
    mask = np.zeros((b, t), dtype=np.float32)
    for i, e in enumerate(encoded):
        n = lengths[i]
        words[i, :n], chars[i, :n], clen[i, :n], cats[i, :n] = (
            e.words, e.chars, e.char_lengths, e.categories)
        mask[i, :n] = 1
        if tags is not None:
            gold[i, :n] = tags[i]
    return {"words": torch.from_numpy(words), "chars": torch.from_numpy(chars),
            "clen": torch.from_numpy(clen), "cats": torch.from_numpy(cats),
            "tags": torch.from_numpy(gold), "mask": torch.from_numpy(mask),
            "lengths": torch.tensor(lengths)}


def export_arrays(net: Any, vocab: Vocabularies, vectors: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays of ``models/ner.npz`` (see :class:`khabar.entities.neural.NeuralTagger`)."""
    p = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    h = net.lstm.hidden_size
    order = (0, 1, 3, 2)  # torch's i, f, g, o → i, f, o, g
    w_ih = np.zeros((p["lstm.weight_ih_l0"].shape[1], 8 * h), dtype=np.float32)
    w_hh = np.zeros((2 * h, 8 * h), dtype=np.float32)
    bias = np.zeros(8 * h, dtype=np.float32)
    for d, suffix in enumerate(("", "_reverse")):
        wi, wh = p["lstm.weight_ih_l0" + suffix], p["lstm.weight_hh_l0" + suffix]
        bi = p["lstm.bias_ih_l0" + suffix] + p["lstm.bias_hh_l0" + suffix]
        for slot, gate in enumerate(order):
            cols = slice((2 * slot + d) * h, (2 * slot + d + 1) * h)
            rows = slice(gate * h, (gate + 1) * h)
            w_ih[:, cols] = wi[rows].T
            w_hh[d * h:(d + 1) * h, cols] = wh[rows].T
            bias[cols] = bi[rows]
    conv = p["char_conv.weight"]  # [F, d, 3]
    char_w = conv.transpose(2, 1, 0).reshape(-1, conv.shape[0])
    trans, start, end = (x.detach().numpy().astype(np.float32) for x in net.crf())
    words = sorted(vocab.words, key=vocab.words.__getitem__)
    table = p["word_emb.weight"].astype(np.float16)  # the vectors, tuned or not
    return {
        "memory": string_blob([f"{k}\t{v}" for k, v in sorted(vocab.memory.items())]),
        "words": string_blob(words),
        "chars": string_blob(sorted(vocab.chars, key=vocab.chars.__getitem__)),
        "categories": string_blob(sorted(vocab.categories, key=vocab.categories.__getitem__)),
        "labels": string_blob(LABELS),
        "word_emb": table,
        "char_emb": p["char_emb.weight"], "char_w": char_w, "char_b": p["char_conv.bias"],
        "cat_emb": p["cat_emb.weight"],
        "lstm_w_ih": w_ih, "lstm_w_hh": w_hh, "lstm_b": bias,
        "out_w": p["out.weight"].T.copy(), "out_b": p["out.bias"],
        "trans": trans, "start": start, "end": end,
    }


def train_neural(
    sentences: Sequence[ConllSentence],
    out: str | Path,
    embeddings: str | Path,
    options: NeuralOptions | None = None,
    progress: Callable[[int], None] | None = None,
    on_epoch: Callable[[int, dict[str, np.ndarray]], None] | None = None,
) -> Path:
    """Train on labelled sentences and write the .npz model to ``out`` (an ensemble of
    ``options.members`` networks, each deterministic given its seed)."""
    opts = options or NeuralOptions()
    seeds = [replace(opts, seed=opts.seed + k) for k in range(opts.members)]
    if opts.jobs > 1 and opts.members > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(min(opts.jobs, opts.members)) as pool:
            members = pool.starmap(_train_member, [(sentences, embeddings, o) for o in seeds])
    else:
        members = [_train_member(sentences, embeddings, o, progress, on_epoch) for o in seeds]
    arrays = members[0] if len(members) == 1 else ensemble_arrays(members)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez(fh, **arrays)  # type: ignore[arg-type]
    return path


def _train_member(sentences: Sequence[ConllSentence], embeddings: str | Path,
                  opts: NeuralOptions, progress: Callable[[int], None] | None = None,
                  on_epoch: Callable[[int, dict[str, np.ndarray]], None] | None = None,
                  ) -> dict[str, np.ndarray]:
    net, vocab, vectors = fit(sentences, embeddings, opts, progress, on_epoch)
    return export_arrays(net, vocab, vectors)


def ensemble_arrays(members: Sequence[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """One .npz of several networks trained on the same data: shared vocabularies and word
    vectors, the other arrays of network k named ``k/…``."""
    shared = ("words", "chars", "categories", "labels", "word_emb", "memory")
    first = members[0]
    for other in members[1:]:
        if any(not np.array_equal(first[k], other[k]) for k in shared):
            raise ValueError("ensemble networks must share vocabularies and word vectors")
    out = {k: first[k] for k in shared}
    for i, arrays in enumerate(members):
        out.update({f"{i}/{k}": v for k, v in arrays.items() if k not in shared})
    return out


def fit(
    sentences: Sequence[ConllSentence],
    embeddings: str | Path,
    options: NeuralOptions | None = None,
    progress: Callable[[int], None] | None = None,
    on_epoch: Callable[[int, dict[str, np.ndarray]], None] | None = None,
) -> tuple[Any, Vocabularies, np.ndarray]:
    """The trained network (in eval mode), its vocabularies and word vectors."""
    opts = options or NeuralOptions()
    torch = _torch()
    torch.set_num_threads(1)
    torch.manual_seed(opts.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.RandomState(opts.seed)
    words, vectors = load_vectors(embeddings, opts.vocabulary)
    vocab = build_vocabularies(sentences, words, opts.min_count)
    index = {t: i for i, t in enumerate(LABELS)}
    labelled = [(s.tokens, repair(s.tags or ())) for s in sentences if s.tokens]
    memories = jackknife_memories(labelled, opts.memory_folds)
    folds = fold_of(len(labelled), opts.memory_folds)
    copies = augment(labelled, folds, opts.augment, opts.seed)
    rows = [(x, y, f) for (x, y), f in zip(labelled, folds, strict=True)] + copies
    # One vocabulary per fold (the token-id cache is keyed by the vocabulary object).
    by_fold = [replace(vocab, memory=memory) for memory in memories]
    data = [(encode(by_fold[fold], tokens), [index[t] for t in tags]) for tokens, tags, fold in rows]
    if opts.memory_folds:
        vocab = replace(vocab, memory=build_memory(labelled))
    if opts.silver:  # new text to the training data: the memory of all of it
        silver, _ = read_conll(opts.silver)
        data += [(encode(vocab, s.tokens), [index[t] for t in repair(s.tags or ())])
                 for s in silver if s.tokens]
    log.info("%d sentences (%d with replaced mentions), %d words, %d characters, "
             "%d categories", len(data), len(copies), len(vocab.words), len(vocab.chars),
             len(vocab.categories))
    net = build_net(vocab, vectors, opts)
    params = [p for p in net.parameters() if p.requires_grad]
    optimiser = torch.optim.Adam(params, lr=opts.learning_rate)
    averaged: dict[str, Any] = {}
    first_averaged = max(1, opts.epochs - opts.average_last + 1)
    for epoch in range(1, opts.epochs + 1):
        t0 = time.time()
        net.train()
        order = rng.permutation(len(data))
        # Batches of similar lengths: sort within chunks of 50 batches, shuffle the batches.
        chunk = 50 * opts.batch
        batches = []
        for lo in range(0, len(order), chunk):
            part = sorted(order[lo:lo + chunk], key=lambda i: len(data[i][1]))
            batches += [part[k:k + opts.batch] for k in range(0, len(part), opts.batch)]
        total = 0.0
        for bi in rng.permutation(len(batches)):
            items = [data[i] for i in batches[bi]]
            batch = make_batch([e for e, _ in items], [t for _, t in items])
            optimiser.zero_grad()
            loss = net.loss(batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, opts.clip)
            optimiser.step()
            total += float(loss.detach())
        if epoch >= first_averaged:
            state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            n = epoch - first_averaged
            for k, v in state.items():
                averaged[k] = v if n == 0 else averaged[k] + (v - averaged[k]) / (n + 1)
        log.info("epoch %d: loss %.1f (%.0fs)", epoch, total, time.time() - t0)
        if on_epoch is not None:
            net.eval()
            on_epoch(epoch, export_arrays(net, vocab, vectors))
        if progress is not None:
            progress(epoch)
    if averaged:
        net.load_state_dict(averaged)
    net.eval()
    return net, vocab, vectors
