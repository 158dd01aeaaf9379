"""The store commands end to end: ingest, search, quotes, entities, entity, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.test_store import T1, T2, make_doc
from typer.testing import CliRunner

from khabar.cli import app
from khabar.model import Document
from khabar.store import Store

runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.db"
    with Store.open(path) as store:
        store.add([
            make_doc(T1, [("PER", ["الرئيس الروسي فلاديمير بوتين", "بوتين"], "Vladimir Putin"),
                          ("LOC", ["كوريا الشمالية"], None)],
                     [("نحن مستعدون للتعاون العسكري", "بوتين", 1)], [("الجمعة", "2023-09-15")],
                     title="بوتين وكوريا"),
            make_doc(T2, [("PER", ["بوتين"], None), ("PER", ["جو بايدن"], None)],
                     [("أمريكا قلقة من كوريا الشمالية", "جو بايدن", 2)], published="2023-10-01"),
        ])
    return str(path)


def test_ingest_command(tmp_path: Path, example_text: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kim.txt").write_text(example_text, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    db = str(tmp_path / "k.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--date", "2023-09-15",
                                 "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["added"] == 1 and report["failed"] == 1
    assert Path(report["errors_file"]).exists()
    again = runner.invoke(app, ["ingest", str(folder / "kim.txt"), "--db", db])
    assert again.exit_code == 0 and "1 already stored" in again.output
    bad_date = runner.invoke(app, ["ingest", str(folder), "--db", db, "--date", "15/9"])
    assert bad_date.exit_code != 0


def test_ingest_from_standard_input(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({"text": f"قال بوتين إن روسيا مستعدة رقم {n}.",
                                   "published": "2023-09-15"}, ensure_ascii=False)
                        for n in range(3))
    db = str(tmp_path / "stdin.db")
    result = runner.invoke(app, ["ingest", "-", "--db", db, "--workers", "1", "--json"],
                           input=lines.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 3


def test_search_command(db: str) -> None:
    result = runner.invoke(app, ["search", "كوريا الشماليه", "--db", db, "--json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 1 and "[كوريا]" in hits[0]["snippet"]["marked"]
    text = runner.invoke(app, ["search", "كوريا", "--db", db, "--since", "2023-10"])
    assert text.exit_code == 0 and "2023-10-01" in text.output and "2023-09-15" not in text.output


def test_quotes_command(db: str) -> None:
    result = runner.invoke(app, ["quotes", "--speaker", "Putin", "--about", "كوريا", "--db", db,
                                 "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert [h["quote"]["text"] for h in hits] == ["نحن مستعدون للتعاون العسكري"]
    assert hits[0]["article"]["title"] == "بوتين وكوريا" and hits[0]["dates"] == ["2023-09-15"]
    text = runner.invoke(app, ["quotes", "-s", "بوتين", "--db", db])
    assert "نحن مستعدون" in text.output and "فلاديمير بوتين" in text.output


def test_entities_and_entity_commands(db: str) -> None:
    result = runner.invoke(app, ["entities", "--type", "PER", "--top", "5", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    names = {e["name"]: e["articles"] for e in json.loads(result.stdout)}
    assert names == {"فلاديمير بوتين": 2, "جو بايدن": 1}
    detail = runner.invoke(app, ["entity", "بوتين", "--db", db])
    assert detail.exit_code == 0 and "2023-09" in detail.output and "جو بايدن" in detail.output
    missing = runner.invoke(app, ["entity", "نابليون", "--db", db])
    assert missing.exit_code == 1 and "no entity" in missing.output


def test_export_command(db: str, tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    result = runner.invoke(app, ["export", "documents", "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    docs = [Document.from_json(json.loads(line)) for line in out.read_text("utf-8").splitlines()]
    assert len(docs) == 2
    csv_out = runner.invoke(app, ["export", "quotes", "--format", "csv", "--db", db])
    assert csv_out.stdout.splitlines()[0].startswith("article,published,title")


@pytest.mark.parametrize("args", [["search", "x"], ["quotes"], ["entities"], ["entity", "x"],
                                  ["export"]])
def test_missing_store_is_one_clear_line(tmp_path: Path, args: list[str]) -> None:
    from khabar.errors import StoreError

    result = runner.invoke(app, [*args, "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert isinstance(result.exception, StoreError)
    assert "khabar ingest" in str(result.exception)
