"""Latin names: top-1 accuracy on held-out Google ar2en pairs, and rendering time.

    nice -n 10 python3 benchmarks/latin.py                  # the test split
    python3 benchmarks/latin.py --split eval --model-dir DIR  # tuning on eval

The shipped letter model was trained without the test split (scripts/build_names.py);
the lists (curated, whole names, words and the attested-spelling vocabulary built from the
words) are filtered here. A prediction is right
when it equals the gold spelling with case, hyphens, spaces and accents ignored.
Results are split into words the lists still know (another spelling of the same Arabic
word, from Wikidata or the romanizer index) and words left to the rules (letter model +
origin endings). Three ways of holding out (see ``held_out_lexicon``): ``google`` removes
the Google pairs' own contribution only (Wikidata and the other lists still know most of
these words: they were mined from the same Wikipedia/Wikidata names), ``pairs`` removes
the pairs from every list, ``strict`` removes the Arabic words from every list.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

from khabar.entities.latin import latin_candidates
from khabar.entities.latin_lexicon import NameLexicon, default_lexicon, name_key, vocabulary_of
from khabar.entities.latin_model import parse_letter_model

ROOT = Path(__file__).resolve().parent.parent
NAMES = ROOT.parent / "shared" / "data" / "names" / "google_transliteration"
EXAMPLE = ROOT / "examples" / "kim-russia-2023-09-15.txt"


def latin_key(latin: str) -> str:
    plain = unicodedata.normalize("NFKD", latin)
    return "".join(c for c in plain.lower() if "a" <= c <= "z")


def read_pairs(split: str) -> list[tuple[str, str]]:
    path = NAMES / f"ar2en-{split}.txt"
    pairs = []
    for line in path.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) == 2:
            pairs.append((name_key(fields[0]), latin_key(fields[1])))
    return pairs


GOOGLE_WEIGHT = 2  # what one Google pair adds to a spelling's count (scripts/build_names.py)


def held_out_lexicon(base: NameLexicon, pairs: list[tuple[str, str]], mode: str) -> NameLexicon:
    """``base`` with the held-out pairs taken out.

    ``google``: only the Google pairs' own contribution is removed (their count in
    words.tsv); Wikidata, GeoNames, CLDR and the romanizer index stay as shipped.
    ``pairs``: the (Arabic, Latin) pairs are removed from every list, whatever the source.
    ``strict``: the held-out Arabic words are removed from every list.
    """
    gold: dict[str, set[str]] = {}
    for ar, en in pairs:
        gold.setdefault(ar, set()).add(en)

    def keep(ar: str, latin: str) -> bool:
        if ar not in gold or mode == "google":
            return True
        return mode == "pairs" and latin_key(latin) not in gold[ar]

    words = {}
    for ar, spellings in base.words.items():
        kept = []
        for latin, count in spellings:
            if mode == "google" and latin_key(latin) in gold.get(ar, ()):
                count -= GOOGLE_WEIGHT
            if count > 0 and keep(ar, latin):
                kept.append((latin, count))
        if kept:
            words[ar] = sorted(kept, key=lambda item: -item[1])
    names = {k: v for k, v in base.names.items() if keep(k, v[0])}
    return replace(
        base,
        curated={k: v for k, v in base.curated.items() if keep(k, v[0])},
        names=names,
        curated_words={k: v for k, v in base.curated_words.items() if keep(k, v)},
        words=words,
        vocabulary=vocabulary_of(words, names),
    )


def known(lex: NameLexicon, key: str) -> bool:
    return key in lex.curated or key in lex.names or key in lex.words


def score(lex: NameLexicon, pairs: list[tuple[str, str]], threshold: float) -> dict[str, str]:
    groups: dict[str, list[tuple[bool, bool]]] = {"lists": [], "rules": []}
    times = []
    for ar, en in pairs:
        start = time.perf_counter()
        candidates = latin_candidates(ar, "PER", lexicon=lex)
        times.append(time.perf_counter() - start)
        top1 = bool(candidates) and latin_key(candidates[0][0]) == en
        answered = bool(candidates) and candidates[0][1] >= threshold
        groups["lists" if known(lex, ar) else "rules"].append((top1, top1 and answered))
    rows = {}
    for name, results in (*groups.items(), ("all", groups["lists"] + groups["rules"])):
        n = len(results)
        if n:
            rows[name] = (f"{n:6d}  top-1 {sum(r[0] for r in results) / n:.3f}  "
                          f"answered-and-right {sum(r[1] for r in results) / n:.3f}")
    rows["time"] = f"mean {statistics.mean(times) * 1000:.3f} ms per word (uncached)"
    return rows


def gold_entities() -> list[tuple[str, str]]:
    """Distinct gold entity names of the ANERcorp test file, with their types."""
    path = ROOT.parent / "shared" / "data" / "ner" / "anercorp" / "test.txt"
    kinds = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
    found: dict[tuple[str, str], None] = {}
    words: list[str] = []
    kind = ""
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        token, _, tag = line.strip().rpartition(" ")
        if words and not tag.startswith("I-"):
            found[(" ".join(words), kinds.get(kind, "MISC"))] = None
            words = []
        if tag.startswith(("B-", "I-")):
            kind = tag[2:]
            words.append(token)
    return list(found)


def entity_timing() -> list[str]:
    """Time and coverage of rendering real entity names (ANERcorp test gold), uncached."""
    from khabar.entities.latin import _cached_latin

    names = gold_entities()
    default_lexicon()
    _cached_latin.cache_clear()
    start = time.perf_counter()
    answers = [_cached_latin(name, kind) for name, kind in names]
    first = (time.perf_counter() - start) / len(names)
    start = time.perf_counter()
    for name, kind in names:
        _cached_latin(name, kind)
    again = (time.perf_counter() - start) / len(names)
    rows = [f"{len(names)} distinct ANERcorp test entities: {first * 1000:.3f} ms per entity "
            f"uncached (lists loaded), {again * 1000:.4f} ms cached"]
    for kind in ("PER", "LOC", "ORG", "MISC"):
        got = [a for (_, k), a in zip(names, answers, strict=True) if k == kind]
        if got:
            share = sum(a is not None for a in got) / len(got)
            rows.append(f"  {kind:4s} {len(got):5d} names, {share:.0%} given a Latin form")
    return rows


def gold_latin() -> list[str]:
    """Entities of the gold dev articles: the gold ``latin`` against to_latin(name, type)."""
    import json

    from khabar.entities.latin import to_latin

    path = ROOT.parent / "shared" / "data" / "gold" / "dev.jsonl"
    if not path.exists():
        return ["gold dev articles not found"]
    results: dict[str, list[tuple[bool, bool]]] = {}
    for line in path.read_text("utf-8").splitlines():
        for entity in json.loads(line).get("entities", []):
            if entity.get("latin"):
                got = to_latin(entity["name"], entity["type"])
                right = got is not None and latin_key(got) == latin_key(entity["latin"])
                results.setdefault(entity["type"], []).append((right, got is None))
    rows = ["gold dev entities (gold latin vs to_latin of the gold name; case, spaces, "
            "hyphens ignored):"]
    everything = [r for kind in results.values() for r in kind]
    for kind, got in (*sorted(results.items()), ("all", everything)):
        rows.append(f"  {kind:4s} {len(got):4d}  right {sum(r for r, _ in got) / len(got):.3f}  "
                    f"null {sum(n for _, n in got) / len(got):.3f}")
    return rows


def data_size() -> str:
    folder = ROOT / "src" / "khabar" / "resources" / "names"
    total = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    return f"{total / 1e6:.2f} MB in {folder.relative_to(ROOT)}"


MODES = (
    ("google", "google: the Google pairs held out, the other lists as shipped"),
    ("pairs", "pairs: the pairs held out of every list (list answers are then wrong by "
              "construction)"),
    ("strict", "strict: the Arabic words held out of every list (all left to the rules)"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="test", choices=["test", "eval"])
    parser.add_argument("--model-dir", type=Path, default=None,
                        help="a folder with another charmodel.tsv (built with --held-out)")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--letter-bonus", type=float, default=None)
    args = parser.parse_args(argv)
    if not NAMES.is_dir():
        print(f"needs {NAMES} (../shared/data/names); not found", file=sys.stderr)
        return 2
    from khabar.entities import latin

    base = default_lexicon()
    model = base.letter_model()
    if args.model_dir:
        rows = [line.split("\t") for line in
                (args.model_dir / "charmodel.tsv").read_text("utf-8").splitlines()
                if line and not line.startswith("#")]
        model = parse_letter_model(rows)
    if args.letter_bonus is not None:
        model = replace(model, letter_bonus=args.letter_bonus)
    base = replace(base, model=model)
    threshold = latin.THRESHOLD if args.threshold is None else args.threshold
    pairs = read_pairs(args.split)
    print(f"Google ar2en {args.split} split: {len(pairs)} pairs, held out of every list; "
          f"threshold {threshold}")
    for mode, label in MODES:
        lex = held_out_lexicon(base, pairs, mode)
        print(f"\n{label}")
        for name, row in score(lex, pairs, threshold).items():
            print(f"  {name:6s} {row}")
    print()
    for row in entity_timing():
        print(row)
    print()
    for row in gold_latin():
        print(row)
    print(data_size())
    return 0


if __name__ == "__main__":
    sys.exit(main())
