"""Importing khabar does no work: no stage, lexicon or model is loaded until used."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

PROBE = """
import json, sys
import khabar
loaded = sorted(m for m in sys.modules if m.startswith("khabar"))
import khabar.text.clitics as clitics, khabar.text.normalize as normalize
import khabar.text.sentences as sentences, khabar.cli
caches = {
    "word_counts": clitics.word_counts.cache_info().currsize,
    "unsplittable": clitics.unsplittable.cache_info().currsize,
    "folding_table": normalize.folding_table.cache_info().currsize,
    "abbreviations": sentences.abbreviations.cache_info().currsize,
}
print(json.dumps({"loaded": loaded, "caches": caches}))
"""


def test_import_khabar_loads_nothing() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=True)
    report = json.loads(result.stdout)
    assert report["loaded"] == ["khabar"]  # the package only: no pipeline, model or stage
    assert report["caches"] == {"word_counts": 0, "unsplittable": 0, "folding_table": 0,
                                "abbreviations": 0}
