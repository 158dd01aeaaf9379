"""CoNLL files: one token per line (first column; the last column is the gold tag when
present), a blank line between sentences; and the tag-name conventions of NER corpora.

ANERcorp writes PERS and MISC, AQMAR writes PER and MIS (MIS0–MIS3); khabar uses PER, ORG,
LOC and MISC inside and writes back whichever convention the input used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from khabar.errors import InputError

#: Tag sets: khabar type → the name written in files of that convention.
TAGSETS: dict[str, dict[str, str]] = {
    "khabar": {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"},
    "anercorp": {"PER": "PERS", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"},
    "aqmar": {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MIS"},
}
_TYPE_ALIASES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC",
                 "MIS": "MISC", "MIS0": "MISC", "MIS1": "MISC", "MIS2": "MISC", "MIS3": "MISC",
                 "MIS-1": "MISC", "MIS-2": "MISC", "MIS-3": "MISC", "MIS-0": "MISC"}


@dataclass(frozen=True)
class ConllSentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...] | None  # gold tags in khabar's names, when the file has them


def canonical_tag(tag: str) -> str:
    """«B-PERS» → «B-PER», «I-MIS2» → «I-MISC»; unknown types become «O»."""
    if tag in ("O", "") or "-" not in tag:
        return "O"
    prefix, _, kind = tag.partition("-")
    if prefix not in ("B", "I") or kind not in _TYPE_ALIASES:
        return "O"
    return f"{prefix}-{_TYPE_ALIASES[kind]}"


def detect_tagset(raw_tags: Iterable[str]) -> str:
    """The tag convention of a file's tags: anercorp (PERS), aqmar (MIS) or khabar."""
    kinds = {t.partition("-")[2] for t in raw_tags if "-" in t}
    if "PERS" in kinds:
        return "anercorp"
    if any(k.startswith("MIS") and k != "MISC" for k in kinds):
        return "aqmar"
    return "khabar"


def read_conll_lines(lines: Iterable[str], name: str = "input") -> Iterator[tuple[list[str], list[str]]]:
    """Sentences as (tokens, raw tags) — raw tags are '' where a line has one column."""
    tokens: list[str] = []
    tags: list[str] = []
    for number, line in enumerate(lines, 1):
        fields = line.split()
        if not fields:
            if tokens:
                yield tokens, tags
            tokens, tags = [], []
            continue
        if line.startswith("-DOCSTART-"):
            continue
        tokens.append(fields[0])
        tags.append(fields[-1] if len(fields) > 1 else "")
        if len(tokens) > 100_000:
            raise InputError(f"{name}: line {number}: a sentence of over 100,000 tokens; "
                             "put a blank line between sentences")
    if tokens:
        yield tokens, tags


def read_conll(path: str | Path) -> tuple[list[ConllSentence], str]:
    """A labelled or unlabelled CoNLL file and its tag convention."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path} as UTF-8 text: {exc}") from None
    raw = list(read_conll_lines(lines, str(path)))
    tagset = detect_tagset(t for _, tags in raw for t in tags)
    sentences = []
    for tokens, tags in raw:
        labelled = all(tags)
        gold = tuple(canonical_tag(t) for t in tags) if labelled else None
        sentences.append(ConllSentence(tuple(tokens), gold))
    return sentences, tagset


def render_tag(tag: str, tagset: str) -> str:
    """A khabar tag in a file convention: («B-PER», "anercorp") → «B-PERS»."""
    if tag == "O":
        return tag
    prefix, _, kind = tag.partition("-")
    return f"{prefix}-{TAGSETS[tagset][kind]}"
