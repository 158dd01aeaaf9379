"""``khabar analyze`` through its entry point: decoding, options, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, run_cli

SHORT = "قال الرئيس فلاديمير بوتين إن روسيا مستعدة للتعاون. وأضاف أن المحادثات كانت مفيدة.\n"


run = run_cli


def text_of(out: str) -> str:
    return str(json.loads(out)["text"])


def write(tmp_path: Path, data: bytes, name: str = "article.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


ENCODINGS = [
    ("utf-8", SHORT.encode("utf-8")),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + SHORT.encode("utf-8")),
    ("utf-16 LE with BOM", SHORT.encode("utf-16")),
    ("utf-16 BE with BOM", b"\xfe\xff" + SHORT.encode("utf-16-be")),
    ("utf-16 LE without BOM", SHORT.encode("utf-16-le")),
    ("utf-16 BE without BOM", SHORT.encode("utf-16-be")),
    ("windows-1256", SHORT.encode("cp1256")),
]


@pytest.mark.parametrize("what,data", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings_are_guessed(what: str, data: bytes, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["analyze", write(tmp_path, data), "--json"], capsys, monkeypatch)
    assert code == 0, err
    assert text_of(out) == SHORT


def test_encoding_option_overrides_the_guess(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, SHORT.encode("cp1256"))
    code, out, _ = run(["analyze", path, "--json", "--encoding", "cp1256"], capsys, monkeypatch)
    assert code == 0 and text_of(out) == SHORT
    # Read as Latin-1 on purpose: the user's choice wins, however odd.
    code, out, _ = run(["analyze", path, "--json", "--encoding", "latin-1"], capsys, monkeypatch)
    assert code == 0 and text_of(out) == SHORT.encode("cp1256").decode("latin-1")


def test_standard_input(capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["analyze", "-", "--json", "--id", "x1", "--date", "2023-09-15"],
                       capsys, monkeypatch, stdin=SHORT.encode("utf-8"))
    data = json.loads(out)
    assert code == 0
    assert (data["id"], data["published"], data["text"]) == ("x1", "2023-09-15", SHORT)
    assert len(data["sentences"]) == 2


def test_json_tokens_carry_clitics(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "وقال لروسيا بالدعم.".encode())
    code, out, _ = run(["analyze", path, "--json", "--tokens"], capsys, monkeypatch)
    tokens = json.loads(out)["tokens"]
    assert code == 0
    assert [t["stem"]["text"] for t in tokens] == ["قال", "روسيا", "دعم", "."]
    assert [p["text"] for p in tokens[2]["prefixes"]] == ["ب", "ال"]


ERRORS = [
    ("empty file", b"", "empty"),
    ("only white space", b" \n\t\n", "empty"),
    ("utf-16 empty", b"\xff\xfe", "empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    ("undecodable", "Café résumé, déjà vu à l'été.".encode("latin-1") * 3, "encoding"),
    ("broken utf-8", SHORT.encode("utf-8") * 3 + b"\xff\xfe\xfd" + SHORT.encode("utf-8"),
     "invalid bytes"),
    ("lone surrogate in utf-16", b"\xff\xfe" + "قال".encode("utf-16-le") + b"\x00\xd8", "utf-16"),
]


def assert_one_line_error(code: int, err: str, needle: str) -> None:
    assert code != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error:")
    assert needle in err.lower(), err


@pytest.mark.parametrize("what,data,needle", ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_input_is_one_line_error(what: str, data: bytes, needle: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["analyze", write(tmp_path, data)], capsys, monkeypatch)
    assert_one_line_error(code, err, needle)


@pytest.mark.parametrize("args,needle", [
    (["analyze", "no/such/file.txt"], "no such file"),
    (["analyze", "."], "folder"),
    (["analyze", str(EXAMPLE), "--date", "2023-13-45"], "invalid date"),
    (["analyze", str(EXAMPLE), "--date", "yesterday"], "yyyy-mm-dd"),
    (["analyze", str(EXAMPLE), "--encoding", "klingon"], "unknown encoding"),
    (["analyze", str(EXAMPLE), "--max-chars", "1000"], "1,000"),
    (["analyze", str(EXAMPLE), "--max-chars", "100"], "limit of 100 characters"),
], ids=["missing", "folder", "bad date", "not a date", "bad encoding", "too long",
        "too many bytes"])
def test_user_errors_are_one_line(args: list[str], needle: str,
                                  capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(args, capsys, monkeypatch)
    assert_one_line_error(code, err, needle)


def test_size_limit_from_the_environment(capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_MAX_CHARS", "500")
    code, _, err = run(["analyze", str(EXAMPLE)], capsys, monkeypatch)
    assert_one_line_error(code, err, "500")


def test_report_logical_and_visual(capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["analyze", str(EXAMPLE), "--date", "2023-09-15", "--title", "كيم في روسيا"]
    code, logical, _ = run(args, capsys, monkeypatch)
    assert code == 0 and "كيم في روسيا" in logical  # not a terminal: stored (logical) order
    code, visual, _ = run([*args, "--bidi", "visual"], capsys, monkeypatch)
    assert code == 0 and "ايسور يف ميك" in visual and "كيم في روسيا" not in visual


def test_version(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar import __version__

    code, out, _ = run(["--version"], capsys, monkeypatch)
    assert code == 0 and out.strip() == f"khabar {__version__}"


def test_help_explains_inputs(capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["analyze", "--help"], capsys, monkeypatch)
    assert code == 0
    for word in ("--date", "--json", "--encoding", "Windows-1256", "--max-chars", "--bidi"):
        assert word in out


def test_console_script_has_no_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "khabar", "analyze", str(empty)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {empty} is empty: there is no text to analyse"
