"""``khabar analyze``: one article, as a readable report or as JSON."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from khabar.cli.common import console, read_input
from khabar.model import Source, parse_published
from khabar.pipeline import DEFAULT_MAX_CHARS, build_pipeline


class Bidi(StrEnum):
    """How the report shows right-to-left text."""

    auto = "auto"
    visual = "visual"
    logical = "logical"


def analyze_command(
    article: Annotated[str, typer.Argument(help="Article file (text), or - for standard input.")],
    date: Annotated[str | None, typer.Option("--date", "-d", help="Publication date, YYYY-MM-DD; "
                    "relative dates («الجمعة», «العام الماضي») resolve against it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON document instead of "
                       "the report.")] = False,
    doc_id: Annotated[str | None, typer.Option("--id", help="Document id (default: a hash of "
                      "the text).")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Input encoding (default: "
                        "guessed among UTF-8, UTF-16 and Windows-1256).")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet name to record.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Article URL to record.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Article title to record.")] = None,
    tokens: Annotated[bool, typer.Option("--tokens", help="With --json: include the token "
                      "layer with its clitic analysis.")] = False,
    max_chars: Annotated[int, typer.Option("--max-chars", envvar="KHABAR_MAX_CHARS",
                         min=1, help="Refuse articles longer than this many characters "
                         "(default: 10 million, about 10 MB of text).")] = DEFAULT_MAX_CHARS,
    bidi: Annotated[Bidi, typer.Option("--bidi", case_sensitive=False, help="Right-to-left "
                    "display of the report: 'visual' reorders Arabic for terminals without "
                    "bidi support, 'logical' leaves it to the terminal, 'auto' guesses from "
                    "the terminal (KHABAR_BIDI=visual|logical overrides); with 'auto', pipes "
                    "and files get logical order.")] = Bidi.auto,
) -> None:
    """Analyse one article: entities, quotes with speakers, sources, hedges and dates.

    Reads UTF-8 (with or without BOM), UTF-16 or Windows-1256 (guessed; --encoding
    overrides). Examples:

      khabar analyze examples/kim-russia-2023-09-15.txt --date 2023-09-15

      cat article.txt | khabar analyze - --json --id my-article
    """
    if date is not None:
        parse_published(date)  # a bad --date fails before any reading or analysis
    text = read_input(article, encoding, max_bytes=max_chars * 4, max_chars=max_chars)
    pipeline = build_pipeline(max_chars=max_chars)
    source = Source(url=url, outlet=outlet, title=title)
    doc = pipeline(text, published=date, source=source, id=doc_id)
    if as_json:
        typer.echo(json.dumps(doc.to_json(tokens=tokens), ensure_ascii=False, indent=2))
    else:
        from khabar.report import render_report, terminal_reorders

        visual = bidi is Bidi.visual or (bidi is Bidi.auto and console.is_terminal
                                          and not terminal_reorders())
        console.print(render_report(doc, visual=visual, width=max(20, console.width - 6)),
                      soft_wrap=False)


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_command)
