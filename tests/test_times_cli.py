"""``khabar times``: the time layer alone from the command line."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE, run_cli

run = run_cli


def test_json_from_text(capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["times", "--text", "وعقدت القمة يوم الأربعاء، ويزور لافروف كوريا "
                        "الشمالية في أكتوبر.", "--date", "2023-09-15", "--json"],
                       capsys, monkeypatch)
    assert code == 0
    data = json.loads(out)
    assert data["published"] == "2023-09-15"
    assert [(t["text"], t["value"]) for t in data["times"]] == [
        ("يوم الأربعاء", "2023-09-13"), ("أكتوبر", "2023-10")]


def test_table_from_file_and_stdin(capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["times", str(EXAMPLE), "--date", "2023-09-15", "--bidi", "logical"],
                       capsys, monkeypatch)
    assert code == 0 and "2023-09-14TEV" in out and "195X" in out
    code, out, _ = run(["times", "-", "--bidi", "logical"], capsys, monkeypatch,
                       stdin="قال أمس".encode())
    assert code == 0 and "unresolved" in out


@pytest.mark.parametrize("args", [["times"], ["times", "x.txt", "--text", "أمس"],
                                  ["times", "--text", "أمس", "--date", "2023-13-01"],
                                  ["times", "/no/such/file.txt"]])
def test_errors_are_one_line(args: list[str], capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(args, capsys, monkeypatch)
    assert code != 0
    assert err.strip().startswith("error:") and len(err.strip().splitlines()) == 1


def test_nothing_found(capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["times", "--text", "لا شيء هنا"], capsys, monkeypatch)
    assert code == 0 and "No dates or times found" in out
