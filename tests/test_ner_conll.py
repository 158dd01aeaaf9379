"""CoNLL reading, tag conventions, and the ``khabar ner tag --conll`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.entities.conll import canonical_tag, detect_tagset, read_conll, render_tag


@pytest.mark.parametrize(("raw", "tag"), [
    ("B-PERS", "B-PER"), ("I-PER", "I-PER"), ("B-MIS2", "B-MISC"), ("I-MIS", "I-MISC"),
    ("B-MISC", "B-MISC"), ("O", "O"), ("B-DATE", "O"), ("X-LOC", "O"),
])
def test_canonical_tag(raw: str, tag: str) -> None:
    assert canonical_tag(raw) == tag


@pytest.mark.parametrize(("tags", "tagset"), [
    (["O", "B-PERS"], "anercorp"), (["B-MIS1", "B-PER"], "aqmar"), (["B-PER", "O"], "khabar"),
    (["", ""], "khabar"),
])
def test_detect_tagset(tags: list[str], tagset: str) -> None:
    assert detect_tagset(tags) == tagset


@pytest.mark.parametrize(("tag", "tagset", "out"), [
    ("B-PER", "anercorp", "B-PERS"), ("I-MISC", "aqmar", "I-MIS"), ("O", "aqmar", "O"),
    ("B-LOC", "khabar", "B-LOC"),
])
def test_render_tag(tag: str, tagset: str, out: str) -> None:
    assert render_tag(tag, tagset) == out


def test_read_conll(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("قال O\nبوتين B-PERS\n\n\nروسيا B-LOC\n", encoding="utf-8")
    sentences, tagset = read_conll(path)
    assert tagset == "anercorp"
    assert [s.tokens for s in sentences] == [("قال", "بوتين"), ("روسيا",)]
    assert sentences[0].tags == ("O", "B-PER")


def test_tag_conll_keeps_lines_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("قال\tx\tO\nالرئيس\tx\tO\nفلاديمير\tx\tB-PERS\nبوتين\tx\tI-PERS\n\n"
                    "زار\tx\tO\nروسيا\tx\tB-LOC\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ner", "tag", "--conll", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 7 and lines[4] == ""
    assert [line.split(" ")[0] for line in lines if line] == \
        ["قال", "الرئيس", "فلاديمير", "بوتين", "زار", "روسيا"]
    tags = {line.split(" ")[1] for line in lines if line}
    assert "B-PERS" in tags  # the input's convention (ANERcorp) is written back
    assert all(len(line.split(" ")) == 2 for line in lines if line)


def test_tag_conll_tagset_option(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("التقى\nفلاديمير\nبوتين\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ner", "tag", "--conll", "--tagset", "aqmar", str(path)])
    assert result.exit_code == 0, result.output
    assert "PERS" not in result.stdout


def test_tag_unknown_tagset_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("بوتين\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ner", "tag", "--conll", "--tagset", "x", str(path)])
    assert result.exit_code != 0


def test_eval_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ner", "eval", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
