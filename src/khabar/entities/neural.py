"""The neural NER tagger at run time, in numpy: character CNN + word vectors + categorical
features → BiLSTM → CRF (Viterbi over the allowed BIO transitions).

The weights come from ``models/ner.npz``, trained in PyTorch by
:mod:`khabar.entities.neural_training`; torch is not needed here. The two directions of
the LSTM run as one recurrence (their gates side by side), over a batch of sentences.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from khabar.entities.neural_inputs import Encoded, Vocabularies, encode
from khabar.errors import ModelError

log = logging.getLogger(__name__)

#: Sentences run through the LSTM together (sorted by length first).
BATCH = 32
#: Distinct tokens whose input part is kept between calls (about 6 KB each for 2 networks).
TOKEN_CACHE = 8192


def _strings(blob: np.ndarray) -> list[str]:
    return bytes(blob.tobytes()).decode("utf-8").split("\n")


def string_blob(strings: Sequence[str]) -> np.ndarray:
    """Strings stored in an .npz without pickling: UTF-8 bytes joined by newlines."""
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a dependency, but tagging works without it
        return None
    return ThreadpoolController()


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """BLAS limited to one thread: the matrices are small, and threads spinning on a busy
    machine cost far more than they save (a 5-fold slowdown measured on 2 cores)."""
    controller = _blas_controller()
    if controller is None:  # pragma: no cover
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


MEMBER_ARRAYS = ("char_emb", "char_w", "char_b", "cat_emb", "lstm_w_ih", "lstm_w_hh", "lstm_b",
                 "out_w", "out_b", "trans", "start", "end")


class _Member:
    """The weights of one network of the ensemble (all share the vocabularies and vectors)."""

    def __init__(self, f32: dict[str, np.ndarray]) -> None:
        self.char_emb, self.char_w, self.char_b = f32["char_emb"], f32["char_w"], f32["char_b"]
        self.cat_emb = f32["cat_emb"]
        d = self.char_emb.shape[1]
        self.char_tables = [self.char_emb @ self.char_w[k * d:(k + 1) * d] for k in range(3)]
        self.out_w, self.out_b = f32["out_w"], f32["out_b"]
        w_ih, w_hh, b = f32["lstm_w_ih"], f32["lstm_w_hh"], f32["lstm_b"]
        self.hidden = h = w_hh.shape[0] // 2
        # The file's gate columns are [i_f i_b f_f f_b o_f o_b g_f g_b]; here each direction
        # gets its own [i f o g] block: inputs [D, fwd 4H | bwd 4H], recurrence [2, H, 4H].
        cols = [np.concatenate([np.arange((2 * g + d) * h, (2 * g + d + 1) * h)
                                for g in range(4)]) for d in (0, 1)]
        # sigmoid(z) = (1 + tanh(z / 2)) / 2: the i, f, o columns are halved here, so that one
        # tanh over all four gates serves the recurrence.
        half = np.where(np.arange(4 * h) < 3 * h, 0.5, 1.0).astype(np.float32)
        self.w_in = np.ascontiguousarray(np.concatenate([w_ih[:, c] * half for c in cols], axis=1))
        self.b_in = np.concatenate([b[c] * half for c in cols])
        self.w_rec = np.stack([w_hh[:h, cols[0]] * half, w_hh[h:, cols[1]] * half])
        # The gazetteer slot (the last category) depends on the sentence, the rest of the input
        # on the token alone: gates = token part (cached per token) + gazetteer part + bias.
        d = self.cat_emb.shape[1]
        self.w_token = np.ascontiguousarray(self.w_in[:-d])
        self.gazetteer_gates = self.cat_emb @ self.w_in[-d:] + self.b_in  # [categories, 8H]

    def char_and_categories(self, enc: Encoded, gazetteer: bool = True) -> np.ndarray:
        """Character CNN and category embeddings of each token [N, F + S * d] (without the
        gazetteer slot: [N, F + (S - 1) * d])."""
        n = len(enc.chars)
        width = int(enc.char_lengths.max())
        chars = np.zeros((n, width + 2), dtype=np.int64)  # id 0 (padding) has a zero vector
        chars[:, 1:-1] = enc.chars[:, :width]
        # The convolution as lookups: char_tables[k][c] is character c's share at offset k.
        conv = (self.char_tables[0][chars[:, :width]] + self.char_tables[1][chars[:, 1:-1]]
                + self.char_tables[2][chars[:, 2:]])  # [N, C, F]
        beyond = np.arange(width)[None, :] >= enc.char_lengths[:, None]
        conv[beyond] = -np.inf
        categories = enc.categories if gazetteer else enc.categories[:, :-1]
        cats = self.cat_emb[categories].reshape(n, -1)
        return np.concatenate([conv.max(axis=1) + self.char_b, cats], axis=1)


class NeuralTagger:
    """A tagger loaded from an .npz written by :mod:`khabar.entities.neural_training`: one
    network, or an ensemble (arrays of member k named ``k/…``) whose label scores and
    transitions are averaged."""

    def __init__(self, path: str | Path, member: int | None = None) -> None:
        """``member``: only network ``member`` of an ensemble (0 for a single network)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot open NER model {path}: {exc}; retrain it") from None
        try:
            self.vocab = Vocabularies(
                words={w: i for i, w in enumerate(_strings(arrays["words"]))},
                chars={c: i for i, c in enumerate(_strings(arrays["chars"]))},
                categories={c: i for i, c in enumerate(_strings(arrays["categories"]))},
                memory=dict(line.split("\t") for line in _strings(arrays["memory"]) if line),
            )
            self._labels = _strings(arrays["labels"])
            self.word_emb = arrays["word_emb"]  # float16, cast per lookup
            prefixes = sorted({k.partition("/")[0] for k in arrays if "/" in k}, key=int) or [""]
            if member is not None:
                if not 0 <= member < len(prefixes):
                    raise ModelError(f"NER model {path} has no network {member} "
                                     f"(it has {len(prefixes)})")
                prefixes = prefixes[member:member + 1]
            weights = [{name: arrays[f"{p}/{name}" if p else name].astype(np.float32)
                        for name in MEMBER_ARRAYS} for p in prefixes]
        except (KeyError, ValueError) as exc:
            raise ModelError(f"NER model {path} lacks {exc}; retrain it") from None
        self.members = [_Member(w) for w in weights]
        self.hidden = self.members[0].hidden
        self.trans = np.mean([w["trans"] for w in weights], axis=0)
        self.start = np.mean([w["start"] for w in weights], axis=0)
        self.end = np.mean([w["end"] for w in weights], axis=0)
        self.w_rec = np.concatenate([m.w_rec for m in self.members])  # [2K, H, 4H]
        self._token_gates: dict[str, np.ndarray] = {}  # token → its input part [K, 8H]
        self._lock = threading.Lock()
        log.debug("loaded neural NER model %s (%d words, %d networks)", path,
                  len(self.vocab.words), len(self.members))

    def labels(self) -> list[str]:
        return list(self._labels)

    # -- forward pass -------------------------------------------------------------------

    def emissions(self, encoded: Sequence[Encoded]) -> list[np.ndarray]:
        """Label scores [T, L] of each sentence (a batch of sentences, none empty)."""
        order, lengths, padded = self._scores(encoded)
        out: list[np.ndarray] = [np.empty(0)] * len(order)
        for k, i in enumerate(order):
            out[i] = padded[k, :lengths[k]]
        return out

    def _scores(self, encoded: Sequence[Encoded], tokens: Sequence[Sequence[str]] | None = None
                ) -> tuple[list[int], np.ndarray, np.ndarray]:
        """The batch order (longest sentence first), the lengths in that order, and the label
        scores [B, T, L] in that order (zeros past each sentence's end). With the sentences'
        ``tokens``, the token part of the input is taken from (and kept in) a cache."""
        order = sorted(range(len(encoded)), key=lambda i: -len(encoded[i].words))
        lengths = np.asarray([len(encoded[i].words) for i in order])
        joined = Encoded(*(np.concatenate([getattr(encoded[i], f) for i in order])
                           for f in ("words", "chars", "char_lengths", "categories")))
        h = self.hidden
        words = self.word_emb[joined.words].astype(np.float32)
        n_tokens = len(words)
        batch, steps = len(lengths), int(lengths[0])
        # Token row of each (sentence, step), forwards and backwards; n_tokens: past the end.
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        step = np.arange(steps)[None, :]
        inside = step < lengths[:, None]
        fwd = np.where(inside, starts[:, None] + step, n_tokens)
        bwd = np.where(inside, starts[:, None] + lengths[:, None] - 1 - step, n_tokens)
        k2 = 2 * len(self.members)
        # The input part of the gates of each step, network and direction, sentence [T, 2K, B, 4H].
        xs = np.empty((steps, k2, batch, 4 * h), dtype=np.float32)
        for k, gates in enumerate(self._input_gates(joined, words, tokens, order)):
            gates = np.vstack([gates, np.zeros((1, 8 * h), dtype=np.float32)])
            xs[:, 2 * k] = gates[fwd.T, :4 * h]
            xs[:, 2 * k + 1] = gates[bwd.T, 4 * h:]
        active = (lengths[None, :] > np.arange(steps)[:, None]).sum(axis=1)
        # A finished sentence is never needed again, and the running ones are always the first
        # n: the state of step t is a prefix of step t - 1's.
        states = np.zeros((steps, k2, batch, h), dtype=np.float32)
        c = np.zeros((k2, batch, h), dtype=np.float32)
        previous = np.zeros((k2, batch, h), dtype=np.float32)
        for t in range(steps):
            n = active[t]  # sentences still running: longest first
            g = np.tanh(xs[t, :, :n] + np.matmul(previous[:, :n], self.w_rec))
            u = g[..., :3 * h] + 1.0  # 2 × the i, f, o gates
            c = 0.5 * (u[..., h:2 * h] * c[:, :n] + u[..., :h] * g[..., 3 * h:])
            previous = states[t, :, :n]
            np.multiply(0.5 * u[..., 2 * h:], np.tanh(c), out=previous)
        sentence = np.repeat(np.arange(batch), lengths)
        position = np.arange(n_tokens) - starts[sentence]
        backwards = lengths[sentence] - 1 - position
        scores = np.zeros((n_tokens, len(self._labels)), dtype=np.float32)
        for k, m in enumerate(self.members):
            hidden = np.concatenate([states[position, 2 * k, sentence],
                                     states[backwards, 2 * k + 1, sentence]], axis=1)
            scores += hidden @ m.out_w + m.out_b
        padded = np.zeros((batch, steps, len(self._labels)), dtype=np.float32)
        padded[inside] = scores / len(self.members)
        return order, lengths, padded

    def _input_gates(self, joined: Encoded, words: np.ndarray,
                     tokens: Sequence[Sequence[str]] | None, order: list[int]) -> list[np.ndarray]:
        """The input part of the gates of each token [N, 8H], for each network. Tokens repeat
        («في», «قال», the names): each distinct token's part is computed once."""
        gazetteer = joined.categories[:, -1]
        if tokens is None:
            rows = np.concatenate([joined.words[:, None], joined.chars, joined.categories[:, :-1]],
                                  axis=1)
            _, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
            distinct = Encoded(*(getattr(joined, f)[first]
                                 for f in ("words", "chars", "char_lengths", "categories")))
            shares = [np.concatenate([words[first], m.char_and_categories(distinct, False)],
                                     axis=1) @ m.w_token for m in self.members]
            return [p[inverse.reshape(-1)] + m.gazetteer_gates[gazetteer]
                    for p, m in zip(shares, self.members, strict=True)]
        flat = [t for i in order for t in tokens[i]]
        index: dict[str, int] = {}
        for row, token in enumerate(flat):
            index.setdefault(token, row)
        with self._lock:  # the cache is shared by the threads of a server
            cache = self._token_gates
            missing = [row for token, row in index.items() if token not in cache]
            if missing:
                if len(cache) + len(missing) > TOKEN_CACHE:
                    cache.clear()
                    missing = list(index.values())
                picked = np.asarray(missing)
                distinct = Encoded(*(getattr(joined, f)[picked]
                                     for f in ("words", "chars", "char_lengths", "categories")))
                parts = np.stack([np.concatenate([words[picked],
                                                  m.char_and_categories(distinct, False)],
                                                 axis=1) @ m.w_token for m in self.members], axis=1)
                for row, part in zip(missing, parts, strict=True):
                    cache[flat[row]] = part
            table = np.stack([cache[t] for t in index])  # [distinct, K, 8H]
        position = {t: i for i, t in enumerate(index)}
        inverse = np.fromiter((position[t] for t in flat), dtype=np.int64, count=len(flat))
        return [table[inverse, k] + m.gazetteer_gates[gazetteer]
                for k, m in enumerate(self.members)]

    def viterbi_batch(self, lengths: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """Best label paths [B, T] for scores [B, T, L] of sentences sorted longest first
        (entries past a sentence's end are meaningless)."""
        batch, steps, _ = scores.shape
        active = (lengths[None, :] > np.arange(steps)[:, None]).sum(axis=1)
        best = self.start + scores[:, 0]
        back = np.zeros((steps, batch, scores.shape[2]), dtype=np.int64)
        for t in range(1, steps):
            n = active[t]
            total = best[:n, :, None] + self.trans
            back[t, :n] = total.argmax(axis=1)
            best[:n] = total.max(axis=1) + scores[:n, t]
        paths = np.zeros((batch, steps), dtype=np.int64)
        rows = np.arange(batch)
        paths[rows, lengths - 1] = (best + self.end).argmax(axis=1)
        for t in range(steps - 1, 0, -1):
            n = active[t]
            paths[:n, t - 1] = back[t, rows[:n], paths[:n, t]]
        return paths

    def viterbi(self, scores: np.ndarray) -> list[int]:
        """The best label path for emission scores [T, L]."""
        best = self.start + scores[0]
        back = []
        for t in range(1, len(scores)):
            total = best[:, None] + self.trans
            arg = total.argmax(axis=0)
            back.append(arg)
            best = total[arg, np.arange(len(arg))] + scores[t]
        last = int((best + self.end).argmax())
        path = [last]
        for arg in reversed(back):
            last = int(arg[last])
            path.append(last)
        return path[::-1]

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for each sentence of tokens (batched by length)."""
        out: list[list[str]] = [[] for _ in sentences]
        labels = self._labels
        order = sorted((i for i, s in enumerate(sentences) if s),
                       key=lambda i: len(sentences[i]))
        with one_blas_thread():
            for start in range(0, len(order), BATCH):
                chunk = order[start:start + BATCH]
                encoded = [encode(self.vocab, sentences[i]) for i in chunk]
                batch_order, lengths, scores = self._scores(
                    encoded, [sentences[i] for i in chunk])
                paths = self.viterbi_batch(lengths, scores).tolist()
                for k, j in enumerate(batch_order):
                    out[chunk[j]] = [labels[x] for x in paths[k][:lengths[k]]]
        return out
