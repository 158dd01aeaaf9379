"""Token features for the NER tagger, identical for training data and pipeline tokens.

A token is a whitespace-delimited word with its clitics attached («وبوتين»), as in
ANERcorp; the features look through the clitics at the folded stem.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from khabar.entities.lexicons import clusters, gazetteer_phrases, word_counts, word_sets
from khabar.text.clitics import PROCLITIC_LETTERS, analyze_token
from khabar.text.normalize import fold

Features = list[str]
_EDGE_PUNCTUATION = "،؛؟.,:;!?\"'«»()[]“”"


@lru_cache(maxsize=200_000)
def split_word(token: str) -> tuple[str, str]:
    """``(proclitics, stem)`` of the folded token: «وبالولايات» → («و+ب+ال», «ولايات»).
    Punctuation glued to a CoNLL token («لأفغانستان؛») is ignored."""
    folded = fold(token).strip(_EDGE_PUNCTUATION) or fold(token) or token
    analysis = analyze_token(folded, 0)
    prefixes = "+".join(p.text for p in analysis.prefixes)
    return prefixes, analysis.stem.text


def word_key(token: str) -> str:
    """The folded stem, without proclitics: the key of clusters and gazetteers."""
    return split_word(token)[1]


def shape(token: str) -> str:
    """The kinds of characters of a token: «a» Arabic, «L»/«l» Latin, «d», «p», «o»."""
    if token.isdigit():
        return "digit"
    kinds = set()
    for ch in token:
        if "\u0600" <= ch <= "\u06ff":
            kinds.add("a")
        elif ch.isascii() and ch.isalpha():
            kinds.add("L" if ch.isupper() else "l")
        elif ch.isdigit():
            kinds.add("d")
        elif unicodedata.category(ch).startswith("P"):
            kinds.add("p")
        else:
            kinds.add("o")
    return "".join(sorted(kinds))


@lru_cache(maxsize=200_000)
def word_features(token: str) -> tuple[str, ...]:
    """Features of one token on its own (cached per distinct token)."""
    prefixes, stem = split_word(token)
    folded = fold(token) or token
    sets = word_sets()
    feats = [
        "w=" + folded, "s=" + stem, "p=" + prefixes, "sh=" + shape(token),
        "s2=" + stem[:2], "s3=" + stem[:3], "e2=" + stem[-2:], "e3=" + stem[-3:],
        "len=" + str(min(len(stem), 8)),
    ]
    counts = word_counts()
    feats.append("f=" + str(min(counts.get(folded, 0), 1 << 16).bit_length() // 2))
    feats.append("fs=" + str(min(counts.get(stem, 0), 1 << 16).bit_length() // 2))
    for name, words in sets.items():
        if stem in words:
            feats.append("lex=" + name)
    ids = clusters().get(stem)
    if ids is None:
        feats.append("c=none")
    else:
        feats.extend(f"c{i}={c}" for i, c in enumerate(ids))
    return tuple(feats)


@lru_cache(maxsize=400_000)
def _context(token: str, offset: int) -> tuple[str, ...]:
    """The few features of a neighbouring token at ``offset``, prefixed with it."""
    return tuple(f"{offset}:{f}" for f in word_features(token)
                 if f[:2] in ("w=", "s=", "c1", "c2", "le", "p="))


@lru_cache(maxsize=1)
def _phrase_starts() -> dict[str, int]:
    """First word of each gazetteer phrase → the longest phrase starting with it."""
    starts: dict[str, int] = {}
    for phrase in gazetteer_phrases()[0]:
        starts[phrase[0]] = max(starts.get(phrase[0], 0), len(phrase))
    return starts


def glued_letter(keys: Sequence[str]) -> int:
    """1 when ``keys`` are a gazetteer phrase of two or more words once a proclitic letter
    that the clitic analysis left on the first word is taken off («لبي بي سي»: «لبي» is a
    word of its own, «لبى»), else 0."""
    rest = _unglued(keys[0]) if len(keys) >= 2 else None
    return int(rest is not None and (rest, *keys[1:]) in gazetteer_phrases()[0])


def _unglued(word: str) -> str | None:
    """``word`` without a leading proclitic letter, when it may carry one."""
    return word[1:] if word[:1] in PROCLITIC_LETTERS and len(word) >= 3 else None


def gazetteer_tags(keys: Sequence[str], glued: bool = False) -> list[str]:
    """Longest gazetteer phrase matches over a sentence's stems: «B-LOC», «I-ORG» or ''.
    With ``glued``, a phrase's first word may also carry a proclitic letter that the
    clitic analysis left on it (:func:`glued_letter`); the tagger's inputs never do."""
    phrases = gazetteer_phrases()[0]
    starts = _phrase_starts()
    tags = [""] * len(keys)
    i = 0
    while i < len(keys):
        first = keys[i]
        longest = starts.get(first, 0)
        if glued and not longest and (rest := _unglued(first)) is not None:
            first, longest = rest, starts.get(rest, 0)
        for n in range(min(longest, len(keys) - i), 0, -1):
            kind = phrases.get((first, *keys[i + 1:i + n]))
            if kind is not None and (first == keys[i] or n >= 2):
                tags[i] = "B-" + kind
                for j in range(i + 1, i + n):
                    tags[j] = "I-" + kind
                i += n
                break
        else:
            i += 1
    return tags


def sentence_features(tokens: Sequence[str]) -> list[Features]:
    """Features of every token of a sentence: its own, its gazetteer match, a ±2 window."""
    keys = [word_key(t) for t in tokens]
    gaz = gazetteer_tags(keys)
    own = [word_features(t) for t in tokens]
    n = len(tokens)
    out: list[Features] = []
    for i in range(n):
        feats = list(own[i])
        if gaz[i]:
            feats.append("gaz=" + gaz[i])
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                feats.extend(_context(tokens[j], d))
                if gaz[j]:
                    feats.append(f"{d}:gaz={gaz[j]}")
            elif abs(d) == 1:
                feats.append(f"{d}:BOUND")
        if i > 0:
            feats.append("bi-=" + keys[i - 1] + "|" + keys[i])
        if i + 1 < n:
            feats.append("bi+=" + keys[i] + "|" + keys[i + 1])
        out.append(feats)
    return out
