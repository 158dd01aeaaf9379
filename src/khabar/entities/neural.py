"""The neural NER tagger at run time, in numpy: character CNN + word vectors + categorical
features → BiLSTM → CRF (Viterbi over the allowed BIO transitions).

The weights come from ``models/ner.npz``, trained in PyTorch by
:mod:`khabar.entities.neural_training`; torch is not needed here. The two directions of
the LSTM run as one recurrence (their gates side by side), over a batch of sentences.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from khabar.entities.neural_inputs import MAX_CHARS, Encoded, Vocabularies, encode
from khabar.errors import ModelError

log = logging.getLogger(__name__)

#: Sentences run through the LSTM together (sorted by length first).
BATCH = 32


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
    return controller.limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class NeuralTagger:
    """A tagger loaded from an .npz written by :func:`export_arrays`-compatible training."""

    def __init__(self, path: str | Path) -> None:
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
            )
            self._labels = _strings(arrays["labels"])
            self.word_emb = arrays["word_emb"]  # float16, cast per lookup
            f32 = {k: v.astype(np.float32) for k, v in arrays.items()
                   if k not in ("words", "chars", "categories", "labels", "word_emb")}
            self.char_emb = f32["char_emb"]
            self.char_w, self.char_b = f32["char_w"], f32["char_b"]
            self.cat_emb = f32["cat_emb"]
            self.w_ih, self.w_hh, self.b = f32["lstm_w_ih"], f32["lstm_w_hh"], f32["lstm_b"]
            self.out_w, self.out_b = f32["out_w"], f32["out_b"]
            self.trans, self.start, self.end = f32["trans"], f32["start"], f32["end"]
        except KeyError as exc:
            raise ModelError(f"NER model {path} lacks {exc}; retrain it") from None
        self.hidden = self.w_hh.shape[0] // 2
        h = self.hidden
        # Gate columns: [i_f i_b f_f f_b o_f o_b g_f g_b]; forward columns come first in a pair.
        self._forward_columns = (np.arange(8 * h) // h) % 2 == 0
        log.debug("loaded neural NER model %s (%d words)", path, len(self.vocab.words))

    def labels(self) -> list[str]:
        return list(self._labels)

    # -- forward pass -------------------------------------------------------------------

    def token_inputs(self, enc: Encoded) -> np.ndarray:
        """The input vector of each token [N, D]: word vector, character CNN, categories."""
        words = self.word_emb[enc.words].astype(np.float32)
        e = self.char_emb[enc.chars]  # [N, C, d]
        n, _, d = e.shape
        padded = np.zeros((n, MAX_CHARS + 2, d), dtype=np.float32)
        padded[:, 1:-1] = e
        windows = np.concatenate([padded[:, k:k + MAX_CHARS] for k in range(3)], axis=2)
        conv = windows @ self.char_w + self.char_b  # [N, C, F]
        beyond = np.arange(MAX_CHARS)[None, :] >= enc.char_lengths[:, None]
        conv[beyond] = -np.inf
        chars = conv.max(axis=1)
        cats = self.cat_emb[enc.categories].reshape(n, -1)
        return np.concatenate([words, chars, cats], axis=1)

    def emissions(self, encoded: Sequence[Encoded]) -> list[np.ndarray]:
        """Label scores [T, L] of each sentence (a batch of sentences, none empty)."""
        lengths = [len(e.words) for e in encoded]
        joined = Encoded(*(np.concatenate([getattr(e, f) for e in encoded])
                           for f in ("words", "chars", "char_lengths", "categories")))
        gates_in = self.token_inputs(joined) @ self.w_ih + self.b  # [N, 8H]
        n_tokens, width = gates_in.shape
        gates_in = np.vstack([gates_in, np.zeros((1, width), dtype=np.float32)])
        batch, steps = len(lengths), max(lengths)
        fwd = np.full((batch, steps), n_tokens)  # index of each step's token; n_tokens: none
        bwd = np.full((batch, steps), n_tokens)
        offset = 0
        for b, length in enumerate(lengths):
            fwd[b, :length] = np.arange(offset, offset + length)
            bwd[b, :length] = np.arange(offset + length - 1, offset - 1, -1)
            offset += length
        x = np.where(self._forward_columns, gates_in[fwd], gates_in[bwd])  # [B, T, 8H]
        h2 = 2 * self.hidden
        h = np.zeros((batch, h2), dtype=np.float32)
        c = np.zeros((batch, h2), dtype=np.float32)
        states = np.empty((batch, steps, h2), dtype=np.float32)
        for t in range(steps):
            z = x[:, t] + h @ self.w_hh
            s = _sigmoid(z[:, :3 * h2])
            c = s[:, h2:2 * h2] * c + s[:, :h2] * np.tanh(z[:, 3 * h2:])
            h = s[:, 2 * h2:] * np.tanh(c)
            states[:, t] = h
        out = []
        half = self.hidden
        for b, length in enumerate(lengths):
            hidden = np.concatenate([states[b, :length, :half],
                                     states[b, length - 1::-1, half:]], axis=1)
            out.append(hidden @ self.out_w + self.out_b)
        return out

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
        order = sorted((i for i, s in enumerate(sentences) if s),
                       key=lambda i: len(sentences[i]))
        with one_blas_thread():
            for start in range(0, len(order), BATCH):
                chunk = order[start:start + BATCH]
                encoded = [encode(self.vocab, sentences[i]) for i in chunk]
                for i, scores in zip(chunk, self.emissions(encoded), strict=True):
                    out[i] = [self._labels[k] for k in self.viterbi(scores)]
        return out
