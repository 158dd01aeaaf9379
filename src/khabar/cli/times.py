"""``khabar times``: the dates and times of one text, resolved against its publication date."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from khabar.cli.analyze import Bidi
from khabar.cli.common import console, read_input
from khabar.errors import InputError
from khabar.model import parse_published
from khabar.pipeline import DEFAULT_MAX_CHARS, new_document


def times_command(
    article: Annotated[str | None, typer.Argument(help="Article file (text), or - for "
                       "standard input. Leave out with --text.")] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="Read this text instead "
                    "of a file, e.g. --text 'وصل الجمعة'.")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="Publication date, "
                    "YYYY-MM-DD; without it relative dates («الجمعة», «العام الماضي») are "
                    "found but left unresolved.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the time expressions as "
                       "JSON (the 'times' of the document contract).")] = False,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Input encoding (default: "
                        "guessed among UTF-8, UTF-16 and Windows-1256).")] = None,
    bidi: Annotated[Bidi, typer.Option("--bidi", case_sensitive=False, help="Right-to-left "
                    "display: visual, logical or auto (as for 'khabar analyze').")] = Bidi.auto,
) -> None:
    """Find every date and time in a text and resolve it to the calendar.

    Values are ISO 8601 / EDTF: 2023-09-15 (day), 2023-09 (month), 195X (decade),
    2023-09-14TEV (evening), P2Y (two years). Only the time layer runs, so this is
    quick. Examples:

      khabar times examples/kim-russia-2023-09-15.txt --date 2023-09-15

      khabar times --text "وعقدت القمة يوم الأربعاء" --date 2023-09-15 --json
    """
    published = parse_published(date)  # a bad --date fails before any reading
    if (article is None) == (text is None):
        raise InputError("give either an article file (or - for standard input) or --text, "
                         "not both and not neither")
    if text is None:
        text = read_input(article or "-", encoding, max_bytes=DEFAULT_MAX_CHARS * 4,
                          max_chars=DEFAULT_MAX_CHARS)
    from khabar.times import find_times

    doc = new_document(text, published=published)
    doc = doc.with_layer("times", times=tuple(find_times(doc.text, doc.published)))
    if as_json:
        out = {"published": published.isoformat() if published else None,
               "times": [t.to_json() for t in doc.times]}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from khabar.report import layout, render_times, terminal_reorders

    visual = bidi is Bidi.visual or (bidi is Bidi.auto and console.is_terminal
                                      and not terminal_reorders())
    if not doc.times:
        console.print("No dates or times found.")
        return
    with layout(visual, max(20, console.width - 6)):
        table = render_times(doc)
    console.print(table, soft_wrap=False)


def register(app: typer.Typer) -> None:
    app.command("times")(times_command)
