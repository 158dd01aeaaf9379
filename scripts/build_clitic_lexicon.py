"""Build ``src/khabar/resources/word_frequencies.tsv.gz``: Arabic word counts.

The clitic analyser (``khabar.text.clitics``) splits a proclitic or a pronoun suffix only
when what remains is a plausible word; "plausible" is read from these counts. They are
learnt from the unlabeled news corpus in ``../shared/data/corpus/unlabeled.jsonl.gz``
(68,623 articles, about 17 million words). Only counts of single word forms ship, never
text.

Reproduce (about two minutes on one core)::

    nice -n 10 python3 scripts/build_clitic_lexicon.py            # defaults below
    python3 scripts/build_clitic_lexicon.py --min-count 3 --corpus PATH --out PATH

Words are taken in their light form (``khabar.text.normalize.fold_light``: diacritics,
tatweel and invisible characters removed, spelling kept), the form the analyser looks up;
keeping «أ» apart from «ا» tells «كان» (not ك + أن) and «ألمانيا» (not ال + مانيا) apart. Forms seen fewer than ``--min-count``
times are left out to keep the file small (a few MB at most).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from khabar.text.normalize import fold_light  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "unlabeled.jsonl.gz"
DEFAULT_OUT = ROOT / "src" / "khabar" / "resources" / "word_frequencies.tsv.gz"
_WORD = re.compile(r"[\u0621-\u064a]{2,}")


def count_words(corpus: Path, limit: int | None = None) -> tuple[Counter[str], int]:
    """Folded word counts over the ``text`` fields of a JSONL(.gz) corpus, and the article count."""
    counts: Counter[str] = Counter()
    opener = gzip.open if corpus.suffix == ".gz" else open
    articles = 0
    started = time.perf_counter()
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            counts.update(_WORD.findall(fold_light(json.loads(line)["text"])))
            articles += 1
            if articles % 10_000 == 0:
                rate = articles / (time.perf_counter() - started)
                sys.stderr.write(f"\r{articles:,} articles, {len(counts):,} forms, "
                                 f"{rate:,.0f} articles/s")
            if limit and articles >= limit:
                break
    sys.stderr.write("\n")
    return counts, articles


def write_lexicon(counts: Counter[str], out: Path, min_count: int, articles: int) -> int:
    """Write ``word<TAB>count`` lines, most frequent first, gzip-compressed; returns rows."""
    rows = [(w, c) for w, c in counts.most_common() if c >= min_count]
    header = (
        "# Arabic word forms (light normalisation) and their counts in the unlabeled news corpus\n"
        f"# ({articles:,} articles of ANT v1.1, ANT v2.1 multi-source and SaudiNewsNet).\n"
        f"# Built by scripts/build_clitic_lexicon.py; forms seen < {min_count} times left out.\n"
    )
    body = "".join(f"{w}\t{c}\n" for w, c in rows)
    # mtime=0: the same counts give byte-identical files.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write((header + body).encode("utf-8"))
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="read only this many articles")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"corpus not found: {args.corpus} (it lives in ../shared/data/corpus)")
    counts, articles = count_words(args.corpus, args.limit)
    rows = write_lexicon(counts, args.out, args.min_count, articles)
    size = args.out.stat().st_size
    sys.stderr.write(f"{rows:,} forms (of {len(counts):,}) written to {args.out} "
                     f"({size / 1e6:.1f} MB)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
