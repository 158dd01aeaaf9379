"""Build the NER gazetteers shipped in ``src/khabar/resources/entities/``.

- ``places.txt``: Arabic names of countries and territories from CLDR (via ``babel``,
  Unicode licence) and of cities with ≥ 15,000 inhabitants from GeoNames
  (``../shared/data/names/geonames``, CC BY 4.0, "GeoNames, geonames.org").
- ``person_words.txt``: words of person names from Wikidata (Merhav & Ash, COLING 2018,
  ``../shared/data/names/wikidata-person-tokens``, CC0 1.0).
- ``foreign_words.txt``: Arabic spellings of foreign names from Google's Arabic-English
  transliteration data mined from Wikipedia (``../shared/data/names/google_transliteration``,
  Apache-2.0).

Hand-written lists (``organisations.txt``, ``org_words.txt``, ``role_nouns.txt``) are kept
in the same folder and are not generated.

    python3 scripts/build_ner_gazetteers.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
NAMES = ROOT.parent / "shared" / "data" / "names"
OUT = ROOT / "src" / "khabar" / "resources" / "entities"
_ARABIC = {chr(c) for c in range(0x0621, 0x064B)} | {"\u0671", " ", "-"}


def _clean(name: str) -> str | None:
    name = " ".join(name.replace("-", " ").split())
    if len(name) < 3 or not all(ch in _ARABIC for ch in name) or "(" in name:
        return None
    return name


def places() -> list[str]:
    names: set[str] = set()
    for name in Locale("ar").territories.values():
        if (clean := _clean(name)) is not None:
            names.add(clean)
    with (NAMES / "geonames" / "cities15000-arabic.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if int(row["population"] or 0) >= 15_000 and (clean := _clean(row["arabic_script_alt"])):
                names.add(clean)
    return sorted(names)


def person_words() -> list[str]:
    words: set[str] = set()
    path = NAMES / "wikidata-person-tokens" / "wd_arabic.normalized.aligned.tokens"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 3 and int(fields[2]) >= 1:
                word = fields[1].replace(" ", "")
                if (clean := _clean(word)) is not None:
                    words.add(clean)
    return sorted(words)


def foreign_words() -> list[str]:
    words: set[str] = set()
    with (NAMES / "google_transliteration" / "ar2en.txt").open(encoding="utf-8") as fh:
        for line in fh:
            arabic = line.split("\t")[0].strip()
            if " " not in arabic and (clean := _clean(arabic)) is not None:
                words.add(clean)
    return sorted(words)


def write(name: str, header: str, rows: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(f"# {header}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{name}: {len(rows)} entries")


def main() -> None:
    write("places.txt", "Arabic place names: CLDR territories (Unicode licence) and GeoNames "
          "cities >= 15,000 (CC BY 4.0, geonames.org); built by scripts/build_ner_gazetteers.py",
          places())
    write("person_words.txt", "Words of person names from Wikidata (CC0 1.0, via Merhav & Ash "
          "2018); built by scripts/build_ner_gazetteers.py", person_words())
    write("foreign_words.txt", "Arabic spellings of foreign names, from google/transliteration "
          "ar2en (Apache-2.0); built by scripts/build_ner_gazetteers.py", foreign_words())


if __name__ == "__main__":
    main()
