"""Build the Latin-name data shipped in ``src/khabar/resources/names/``.

One reproducible command (about two minutes on one core)::

    nice -n 10 python3 scripts/build_names.py                # uses ../shared/data/names
    python3 scripts/build_names.py --names-dir DIR --romanizer-wheel WHEEL

Inputs (licences allow shipping derived data; credits in resources/names/NOTICE.md):

- ``google_transliteration/ar2en-{train,eval,test}.txt`` (Apache-2.0): single-word pairs.
- ``wikidata-person-tokens/*.tokens`` (CC0): person-name words with counts.
- ``geonames/cities15000-arabic.tsv`` (CC BY 4.0, "GeoNames, geonames.org"): city names.
- CLDR through ``babel`` (Unicode licence): countries, languages, time-zone cities.
- optionally the ``arabic-name-romanizer`` 0.2.0 wheel (MIT; Wikidata CC0 names): its
  ``names.sqlite3`` whole names and name units, Wikidata rows with an English label only.

Outputs:

- ``words.tsv``: folded Arabic word → up to five Latin spellings with counts.
- ``names.tsv``: folded whole name → Latin name, type, source (gazetteers).
- ``charmodel.tsv``: the letter model for words no list knows: a joint n-gram model over
  aligned units (Arabic letter, Latin letters), the alignment learnt by EM. It is trained
  *without* the Google ar2en test split, so that split stays a fair held-out test for
  ``benchmarks/latin.py``.
"""

from __future__ import annotations

import argparse
import logging
import math
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from khabar.entities.latin_lexicon import name_key
from khabar.text.normalize import fold

log = logging.getLogger("build_names")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "khabar" / "resources" / "names"
NAMES = ROOT.parent / "shared" / "data" / "names"
MAX_SUB = 3      # an Arabic letter writes 0..3 Latin letters
UNIT_ORDER = 4
PLAUSIBLE = -3.0  # mean log-probability per letter below which a rare spelling is dropped
GOOGLE_WEIGHT = 2  # count of one Google pair in words.tsv (benchmarks/latin.py relies on it)
_ARABIC_LETTERS = re.compile(r"^[\u0621-\u064a]+$")
_ARABIC_WORDS = re.compile(r"^[\u0621-\u064a]+(?: [\u0621-\u064a]+)*$")

Pair = tuple[str, str]


def latin_key(latin: str) -> str:
    """Lower case ASCII letters only: accents stripped, hyphens, spaces, apostrophes dropped."""
    plain = unicodedata.normalize("NFKD", latin)
    return "".join(c for c in plain.lower() if "a" <= c <= "z")


def ascii_name(latin: str) -> str:
    """A Latin name with accents stripped (Warīsān → Warisan), spacing tidied."""
    plain = unicodedata.normalize("NFKD", latin)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.replace("ʻ", "'").replace("ʼ", "'").split())


def arabic_key(arabic: str) -> str:
    """The same key khabar looks names up by (folded, punctuation and tatweel dropped)."""
    return name_key(arabic)


# ---------------------------------------------------------------- reading sources

def read_google(names_dir: Path, split: str) -> list[Pair]:
    path = names_dir / "google_transliteration" / f"ar2en-{split}.txt"
    pairs = []
    for line in path.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) == 2:
            pairs.append((arabic_key(fields[0]), latin_key(fields[1])))
    return pairs


def read_wikidata_tokens(names_dir: Path) -> Iterator[tuple[str, str, int]]:
    for path in sorted((names_dir / "wikidata-person-tokens").glob("*.tokens")):
        for line in path.read_text("utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) == 3:
                latin = ascii_name(fields[0]).lower()
                yield arabic_key(fields[1].replace(" ", "")), latin, int(fields[2])


def read_geonames(names_dir: Path) -> Iterator[tuple[str, str, int]]:
    path = names_dir / "geonames" / "cities15000-arabic.tsv"
    for line in path.read_text("utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 5 and re.fullmatch(r"[\u0621-\u064a\s-]+", fields[4]):
            yield arabic_key(fields[4]), ascii_name(fields[3]), int(fields[2])


def read_cldr() -> Iterator[tuple[str, str, str]]:
    from babel import Locale  # the `train` extra: only this script needs babel

    ar, en = Locale("ar"), Locale("en")
    for code, name in ar.territories.items():
        if code in en.territories:  # countries and regions (002 Africa, 419 Latin America)
            yield arabic_key(name), en.territories[code], "LOC"
    for code, name in ar.languages.items():
        if code in en.languages:
            yield arabic_key(name), en.languages[code], "MISC"
    for zone, info in ar.time_zones.items():
        city = info.get("city")
        if city and "/" in zone:
            yield arabic_key(city), zone.rsplit("/", 1)[1].replace("_", " "), "LOC"


def read_romanizer(wheel: Path) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """Whole names and name units with an English Wikidata label from the wheel's index."""
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as tmp:
        member = "arabic_name_romanizer/resources/names.sqlite3"
        archive.extract(member, tmp)
        db = sqlite3.connect(Path(tmp) / member)
        full = [(arabic_key(k), ascii_name(v), int(c)) for k, v, c in db.execute(
            "SELECT arabic_key, latin, count FROM full_names "
            "WHERE source = 'wikidata' AND latin_lang = 'en'")]
        units = [(arabic_key(k), ascii_name(v), int(c)) for k, v, c in db.execute(
            "SELECT arabic_key, latin, count FROM units WHERE source = 'wikidata'")]
        db.close()
    return full, units


def light_key(word: str) -> str:
    """Diacritics and tatweel dropped, letters kept (على and علي stay apart)."""
    return re.sub("[\u0610-\u061a\u064b-\u065f\u0670\u0640]", "", word)


def not_name_words(ner_dir: Path, min_count: int = 3, max_share: float = 0.02) -> list[str]:
    """Words the NER training corpora (ANERcorp train, AQMAR train) tag O nearly always:
    «على», «الراحل», «الكثير». A name holding one is a tagging error, not a name."""
    outside: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for path in (ner_dir / "anercorp" / "train.txt", ner_dir / "aqmar" / "train.txt"):
        if not path.exists():
            log.warning("%s missing: the not-a-name list will be smaller", path)
            continue
        for line in path.read_text("utf-8").splitlines():
            token, _, tag = line.strip().rpartition(" ")
            word = light_key(token)
            if not token or not _ARABIC_LETTERS.match(fold(word)):
                continue
            (outside if tag == "O" else inside)[word] += 1
    return sorted(w for w, c in outside.items()
                  if c >= min_count and inside[w] <= max_share * (c + inside[w]))


# ---------------------------------------------------------------- the letter model

def _subs(latin: str, j: int) -> Iterable[tuple[int, str]]:
    for k in range(0, MAX_SUB + 1):
        if j - k >= 0:
            yield j - k, latin[j - k:j]


def em_align(pairs: list[Pair], rounds: int = 5) -> dict[str, dict[str, float]]:
    """P(latin letters | Arabic letter) by EM over all monotone alignments (0..3 letters)."""
    prob: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(lambda: 1e-3))
    for rnd in range(rounds):
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for ar, en in pairs:
            n, m = len(ar), len(en)
            alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
            alpha[0][0] = 1.0
            for i in range(1, n + 1):
                table = prob[ar[i - 1]]
                for j in range(m + 1):
                    alpha[i][j] = sum(alpha[i - 1][jj] * table[s] for jj, s in _subs(en, j)
                                      if alpha[i - 1][jj])
            total = alpha[n][m]
            if total <= 0:
                continue
            beta = [[0.0] * (m + 1) for _ in range(n + 1)]
            beta[n][m] = 1.0
            for i in range(n - 1, -1, -1):
                table = prob[ar[i]]
                for j in range(m + 1):
                    beta[i][j] = sum(table[en[j:j + k]] * beta[i + 1][j + k]
                                     for k in range(0, MAX_SUB + 1) if j + k <= m)
            for i in range(1, n + 1):
                table = prob[ar[i - 1]]
                for j in range(m + 1):
                    for jj, s in _subs(en, j):
                        w = alpha[i - 1][jj] * table[s] * beta[i][j] / total
                        if w > 1e-4:
                            counts[ar[i - 1]][s] += w
        prob = defaultdict(lambda: defaultdict(lambda: 1e-6))
        for letter, subs in counts.items():
            norm = sum(subs.values())
            for s, c in subs.items():
                prob[letter][s] = c / norm
        log.info("EM round %d: %d letters", rnd + 1, len(counts))
    return {a: dict(t) for a, t in prob.items()}


def viterbi(ar: str, en: str, prob: dict[str, dict[str, float]]
            ) -> tuple[float, list[str]] | None:
    """The best split of ``en`` into one piece per Arabic letter, with its log-probability."""
    n, m = len(ar), len(en)
    best: list[list[tuple[float, int]]] = [[(-math.inf, -1)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0.0, -1)
    for i in range(1, n + 1):
        table = prob.get(ar[i - 1], {})
        for j in range(m + 1):
            for jj, s in _subs(en, j):
                p = table.get(s, 0.0)
                if p > 0 and best[i - 1][jj][0] > -math.inf:
                    score = best[i - 1][jj][0] + math.log(p)
                    if score > best[i][j][0]:
                        best[i][j] = (score, jj)
    if best[n][m][0] == -math.inf:
        return None
    pieces, j = [], m
    for i in range(n, 0, -1):
        jj = best[i][j][1]
        pieces.append(en[jj:j])
        j = jj
    return best[n][m][0], pieces[::-1]


def plausible(ar: str, en: str, prob: dict[str, dict[str, float]]) -> bool:
    """Whether ``en`` can be a spelling of ``ar`` letter by letter (drops misaligned rows
    such as المغرب → "lalla hasnaa" or اللاتينيه → "constantinople")."""
    letters, latin = ar.replace(" ", ""), latin_key(en)
    if not letters or not latin:
        return False
    aligned = viterbi(letters, latin, prob)
    return aligned is not None and aligned[0] / len(letters) >= PLAUSIBLE


def letter_model(pairs: list[tuple[str, str, int]], prob: dict[str, dict[str, float]]
                 ) -> list[str]:
    """Rows of charmodel.tsv: ``J units count`` for n-grams of aligned units ``ف|v``.

    A joint n-gram model over (Arabic letter, Latin letters) units: each pair is aligned
    by EM, then the unit sequences are counted, so both sides give context.
    """
    grams: Counter[str] = Counter()
    for ar, en, _count in pairs:
        aligned = viterbi(ar, en, prob)
        if aligned is None:
            continue
        pieces = aligned[1]
        units = ["^", *(f"{a}|{p}" for a, p in zip(ar, pieces, strict=True)), "$"]
        for n in range(1, UNIT_ORDER + 1):
            for i in range(len(units) - n + 1):
                grams[" ".join(units[i:i + n])] += 1
    return [f"J\t{gram}\t{c}" for gram, c in sorted(grams.items())
            if c >= 2 or gram.count(" ") < 2]


# ---------------------------------------------------------------- assembling

def build(names_dir: Path, wheel: Path | None, out: Path,
          held_out: tuple[str, ...] = ("test",)) -> None:
    test = {p for split in held_out for p in read_google(names_dir, split)}
    google = [p for split in ("train", "eval", "test") for p in read_google(names_dir, split)]
    words: dict[str, Counter[str]] = defaultdict(Counter)
    for ar, en in google:
        words[ar][en] += GOOGLE_WEIGHT
    tokens = list(read_wikidata_tokens(names_dir))
    for ar, en, count in tokens:
        words[ar][en] += count
    full: list[tuple[str, str, int]] = []
    if wheel is not None:
        full, units = read_romanizer(wheel)
        for ar, en, count in units:
            if en and ar.count(" ") < 3:
                words[ar][en.lower()] += count
    train = [(a, e, 1) for a, e in google if (a, e) not in test]
    train += [(a, latin_key(e), c) for a, e, c in tokens if (a, latin_key(e)) not in test]
    train = [(a, e, c) for a, e, c in train if a and e and _ARABIC_LETTERS.match(a)]
    log.info("aligning %d pairs (test split left out)", len(train))
    simple = [(a, e) for a, e, _ in train if 1 < len(a) <= 14 and 1 < len(e) <= 18]
    prob = em_align(simple[::2], rounds=5)
    dropped = 0
    for ar, spellings in words.items():
        for en in [en for en, c in spellings.items() if c <= 2 and not plausible(ar, en, prob)]:
            del spellings[en]
            dropped += 1
    log.info("dropped %d rare spellings that do not align with their Arabic", dropped)
    word_rows = []
    for ar, spellings in sorted(words.items()):
        if ar and _ARABIC_WORDS.match(ar):
            best = ",".join(f"{en}:{c}" for en, c in spellings.most_common(5) if en)
            if best:
                word_rows.append(f"{ar}\t{best}")
    before = len(full)
    full = [(ar, en, c) for ar, en, c in full if c > 2 or plausible(ar, en, prob)]
    log.info("dropped %d rare whole names that do not align with their Arabic",
             before - len(full))
    name_rows = _whole_names(names_dir, full)
    model_rows = letter_model(train, prob)
    out.mkdir(parents=True, exist_ok=True)
    header = "# built by scripts/build_names.py; see NOTICE.md for sources and licences\n"
    (out / "words.tsv").write_text(header + "\n".join(word_rows) + "\n", "utf-8")
    (out / "names.tsv").write_text(header + "\n".join(name_rows) + "\n", "utf-8")
    (out / "charmodel.tsv").write_text(header + "\n".join(model_rows) + "\n", "utf-8")
    stops = not_name_words(names_dir.parent / "ner")
    (out / "not_names.txt").write_text(
        "# built by scripts/build_names.py: words the ANERcorp and AQMAR training corpora tag O\n"
        "# in at least 98% of at least 3 uses (diacritics dropped, letters not folded)\n"
        + "\n".join(stops) + "\n", "utf-8")
    log.info("wrote %d words, %d names, %d model rows to %s",
             len(word_rows), len(name_rows), len(model_rows), out)


def _whole_names(names_dir: Path, full: list[tuple[str, str, int]]) -> list[str]:
    best: dict[str, tuple[float, str, str, str]] = {}

    def offer(ar: str, en: str, kind: str, source: str, weight: float) -> None:
        if ar and en and (ar not in best or weight > best[ar][0]):
            best[ar] = (weight, en, kind, source)

    for ar, en, count in full:
        offer(ar, en, "PER", "wikidata", count)
    for ar, en, population in read_geonames(names_dir):
        offer(ar, en, "LOC", "geonames", 1000 + math.log10(max(population, 1)))
    for ar, en, kind in read_cldr():
        offer(ar, en, kind, "cldr", 10_000 if kind == "LOC" else 500)
    return [f"{ar}\t{en}\t{kind}\t{src}" for ar, (_, en, kind, src) in sorted(best.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names-dir", type=Path, default=NAMES,
                        help="folder with google_transliteration/, wikidata-person-tokens/, "
                             "geonames/ (default ../shared/data/names)")
    parser.add_argument("--romanizer-wheel", type=Path, default=None,
                        help="arabic_name_romanizer-0.2.0-py3-none-any.whl (pip download "
                             "--no-deps arabic-name-romanizer==0.2.0); optional")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    parser.add_argument("--held-out", default="test",
                        help="Google ar2en splits the letter model must not see, comma-separated "
                             "(default: test; use test,eval to tune benchmark settings on eval)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not args.names_dir.is_dir():
        print(f"error: {args.names_dir} not found; pass --names-dir", file=sys.stderr)
        return 2
    build(args.names_dir, args.romanizer_wheel, args.out, tuple(args.held_out.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
