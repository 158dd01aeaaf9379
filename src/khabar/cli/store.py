"""The store commands: ``ingest``, ``search``, ``quotes``, ``entities``, ``entity``,
``export`` — thin shells over ``khabar.Store`` (same words, same options)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from khabar.cli.common import console, console_err, fail
from khabar.store import DEFAULT_PATH, Snippet, Store, queries

DbOption = Annotated[str, typer.Option("--db", envvar="KHABAR_DB", help="The store file "
                                       "(SQLite); also $KHABAR_DB.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000,
                                          help="How many results at most.")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Skip this many results "
                                           "(for paging).")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Published on or after: "
                                                 "YYYY, YYYY-MM or YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Published on or before: "
                                                 "YYYY, YYYY-MM or YYYY-MM-DD.")]


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _marked(snippet: Snippet) -> str:
    out, pos = [], 0
    for a, b in snippet.highlights:
        out += [escape(snippet.text[pos:a]), "[bold yellow]", escape(snippet.text[a:b]), "[/]"]
        pos = b
    out.append(escape(snippet.text[pos:]))
    return "".join(out).replace("\n", " ")


def search_command(
    query: Annotated[str, typer.Argument(help="Words to find, in any spelling (أ/ا، ى/ي، ة/ه, "
                     "diacritics). All words must match; \"…\" is a phrase, OR between "
                     "words, word* a prefix.")],
    db: DbOption = DEFAULT_PATH, since: SinceOption = None, until: UntilOption = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only this outlet.")] = None,
    limit: LimitOption = 20, offset: OffsetOption = 0, as_json: JsonOption = False,
) -> None:
    """Find articles, best match first (bm25), with highlighted snippets.

    Example: khabar search "كوريا الشمالية" --since 2023-09 --limit 5
    """
    with Store.open_for_reading(db) as store:
        hits = store.search(query, since=since, until=until, outlet=outlet, limit=limit,
                            offset=offset)
        total = store.count(query, since=since, until=until, outlet=outlet) if hits else 0
    if as_json:
        _print_json([h.to_json() for h in hits])
        return
    if not hits:
        console_err.print("no article matches")
        return
    for rank, hit in enumerate(hits, offset + 1):
        info = hit.article
        meta = " · ".join(x for x in (info.published, info.outlet, info.id) if x)
        console.print(f"[bold]{rank}. {escape(info.title or '(no title)')}[/]  [dim]{escape(meta)}[/]")
        console.print(f"   {_marked(hit.snippet)}")
    console_err.print(f"{offset + 1}–{offset + len(hits)} of {total:,} matching articles"
                      + (f" (ranked among the {queries.RANK_WINDOW:,} newest)"
                         if total > queries.RANK_WINDOW else ""))


def quotes_command(
    speaker: Annotated[str | None, typer.Option("--speaker", "-s", help="Who said it: any "
                       "name of the entity («بوتين», «فلاديمير بوتين», «Putin») or the "
                       "speaker's words («الخبراء»).")] = None,
    about: Annotated[str | None, typer.Option("--about", "-a", help="A topic the quote or "
                     "its article mentions.")] = None,
    db: DbOption = DEFAULT_PATH, since: SinceOption = None, until: UntilOption = None,
    limit: LimitOption = 20, offset: OffsetOption = 0, as_json: JsonOption = False,
) -> None:
    """Quotes by a speaker about a topic, with the article's title and date.

    Example: khabar quotes --speaker بوتين --about "كوريا الشمالية" --since 2023-09
    """
    with Store.open_for_reading(db) as store:
        hits = store.quotes(speaker=speaker, about=about, since=since, until=until,
                            limit=limit, offset=offset)
    if as_json:
        _print_json([h.to_json() for h in hits])
        return
    if not hits:
        console_err.print("no quote matches")
        return
    for hit in hits:
        quote = hit.quote
        said = (quote.get("speaker") or {}).get("text")
        who = hit.speaker_name or said or "unknown speaker"
        if said and hit.speaker_name and said != hit.speaker_name:
            who = f"{hit.speaker_name} («{said}»)"
        info = hit.article
        meta = " · ".join(x for x in (info.published, info.outlet, info.title) if x)
        dates = f"  [cyan]dates: {', '.join(hit.dates)}[/]" if hit.dates else ""
        console.print(f"[bold]{escape(who)}[/] [dim]({quote['kind']})[/]: "
                      f"«{escape(quote['text'])}»")
        console.print(f"   [dim]{escape(meta)} · {info.id} [{quote['start']}:{quote['end']})"
                      f"[/]{dates}")


def entities_command(
    type: Annotated[str | None, typer.Option("--type", "-t", help="PER, ORG, LOC or MISC."
                    )] = None,
    name: Annotated[str | None, typer.Option("--name", "-q", help="Only entities with "
                    "this name (any alias).")] = None,
    top: Annotated[int, typer.Option("--top", "--limit", "-n", min=1, max=10_000,
                   help="How many entities.")] = 20,
    offset: OffsetOption = 0, db: DbOption = DEFAULT_PATH, as_json: JsonOption = False,
) -> None:
    """Entities seen in the most articles (one entity across all its spellings).

    Example: khabar entities --type PER --top 20
    """
    with Store.open_for_reading(db) as store:
        found = store.entities(type=type, q=name, top=top, offset=offset)
    if as_json:
        _print_json([e.to_json() for e in found])
        return
    table = Table("id", "type", "name", "latin", "articles", "mentions", "aliases")
    for e in found:
        table.add_row(str(e.id), e.type, escape(e.name), escape(e.latin or ""),
                      str(e.articles), str(e.mentions), escape("، ".join(e.aliases[:4])))
    console.print(table)


def entity_command(
    name: Annotated[str, typer.Argument(help="The entity's number or one of its names.")],
    db: DbOption = DEFAULT_PATH, as_json: JsonOption = False,
) -> None:
    """One entity: its aliases, articles per month, co-occurring entities and quotes.

    Example: khabar entity بوتين
    """
    with Store.open_for_reading(db) as store:
        detail = store.entity(name)
    if detail is None:
        fail(f"no entity named {name!r}; list them with 'khabar entities'", 1)
    if as_json:
        _print_json(detail.to_json())
        return
    e = detail.entity
    latin = f" ({e.latin})" if e.latin else ""
    console.print(f"[bold]{escape(e.name)}{escape(latin)}[/] [dim]#{e.id} {e.type} · "
                  f"{e.articles} articles · {e.mentions} mentions[/]")
    console.print("aliases: " + escape("، ".join(f"{a} ({c})" for a, c in detail.alias_counts)))
    peak = max((c for _, c in detail.by_month), default=1)
    shown = detail.by_month[-24:]
    if len(detail.by_month) > len(shown):
        console.print(f"  [dim]… {len(detail.by_month) - len(shown)} earlier months "
                      "(all of them with --json)[/]")
    for month, count in shown:
        console.print(f"  {month}  {'█' * max(1, round(30 * count / peak))} {count}")
    if detail.cooccurring:
        console.print("with: " + escape("، ".join(f"{o.name} ({n})"
                                                  for o, n in detail.cooccurring)))
    for hit in detail.quotes:
        console.print(f"  «{escape(hit.quote['text'])}» [dim]{hit.article.published or ''} "
                      f"{escape(hit.article.title or hit.article.id)}[/]")


def export_command(
    what: Annotated[str, typer.Argument(help="documents, quotes or entities.")] = "documents",
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write "
                      "(default: standard output).")] = None,
    db: DbOption = DEFAULT_PATH, since: SinceOption = None, until: UntilOption = None,
) -> None:
    """Export documents (the JSON contract), quotes or entities as JSON lines or CSV.

    Example: khabar export quotes --format csv -o quotes.csv
    """
    with Store.open_for_reading(db) as store:
        if output is None:
            count = store.export(what, sys.stdout, format=format, since=since, until=until)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = store.export(what, handle, format=format, since=since, until=until)
    console_err.print(f"exported {count} {what}")


def ingest_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively), "
                      ".gz files, JSONL dumps, RSS/Atom feeds, HTML pages, http(s) URLs, or - "
                      "for standard input.",
                      show_default=False)],
    db: DbOption = DEFAULT_PATH,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, max=64,
                       help="Analysis processes (default: CPUs, at most 4).")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="Publication date "
                    "(YYYY-MM-DD) for articles that do not carry one.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet for articles that do "
                      "not name one.")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Encoding of text files "
                        "(default: guessed among UTF-8, UTF-16, Windows-1256).")] = None,
    text_field: Annotated[str | None, typer.Option("--text-field", help="JSONL field with "
                          "the text (default: text, content or body).")] = None,
    date_field: Annotated[str | None, typer.Option("--date-field", help="JSONL field with "
                          "the date (default: published or date).")] = None,
    title_field: Annotated[str | None, typer.Option("--title-field", help="JSONL field "
                           "with the title.")] = None,
    url_field: Annotated[str | None, typer.Option("--url-field", help="JSONL field with "
                         "the URL.")] = None,
    outlet_field: Annotated[str | None, typer.Option("--outlet-field", help="JSONL field "
                            "with the outlet (default: outlet or source).")] = None,
    id_field: Annotated[str | None, typer.Option("--id-field", help="JSONL field with the "
                        "article id (default: id; else a hash of the text).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=10_000,
                          help="Articles written per transaction.")] = 32,
    errors: Annotated[str | None, typer.Option("--errors", help="File listing the failed "
                      "items as JSON lines (default: beside the store, news.db → "
                      "news.errors.jsonl).")] = None,
    max_chars: Annotated[int, typer.Option("--max-chars", help="Refuse articles longer than "
                         "this many characters.")] = 1_000_000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a web "
                       "page or feed.")] = 20.0,
    no_fetch: Annotated[bool, typer.Option("--no-fetch", help="Do not fetch the pages that "
                        "feed entries link to; use the entry's own text.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Analyse articles in parallel and store them; resumable, skips what is stored.

    Examples:
      khabar ingest articles/ --db news.db --date 2023-09-15
      khabar ingest dump.jsonl.gz --text-field body --date-field pubDate --workers 2
      khabar ingest https://example.com/feed.xml
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from khabar.ingest import ReadOptions
    from khabar.ingest.runner import IngestProgress, default_workers
    from khabar.model import parse_published

    parse_published(date)  # a bad --date fails now, not once per article
    options = ReadOptions(date=date, outlet=outlet, encoding=encoding, text_field=text_field,
                          date_field=date_field, title_field=title_field, url_field=url_field,
                          outlet_field=outlet_field, id_field=id_field, timeout=timeout,
                          fetch_links=not no_fetch, max_bytes=max_chars * 4)
    errors_path = errors or str(Path(db).with_suffix("")) + ".errors.jsonl"
    columns = (SpinnerColumn(), BarColumn(bar_width=16), MofNCompleteColumn(),
               TextColumn("{task.fields[stored]} stored · {task.fields[skipped]} skipped · "
                          "[red]{task.fields[failed]} errors[/] · {task.fields[rate]:.1f} "
                          "articles/s"), TimeElapsedColumn(), TimeRemainingColumn())
    with Store.open(db) as store, Progress(*columns, console=console_err,
                                           transient=True) as bar:
        from khabar.ingest.sources import count_articles

        total = count_articles(inputs)
        task = bar.add_task("ingest", total=total, stored=0, skipped=0, failed=0, rate=0.0)

        def show(counts: IngestProgress) -> None:
            bar.update(task, completed=counts.done, stored=counts.added,
                       skipped=counts.skipped, failed=counts.failed, rate=counts.rate)

        report = store.ingest(inputs, workers=workers or default_workers(), options=options,
                              batch_size=batch_size, progress=show, errors_path=errors_path,
                              max_chars=max_chars)
    if as_json:
        _print_json(report.to_json())
    else:
        rate = report.added / max(report.seconds, 1e-9)
        console_err.print(f"stored {report.added} articles in {report.seconds:.1f} s "
                          f"({rate:.1f} articles/s); {report.skipped} already stored; "
                          f"{len(report.failures)} failed", highlight=False)
        for failure in report.failures[:10]:
            console_err.print(f"  [red]✗[/] {escape(failure.origin)}: {escape(failure.reason)}")
        if len(report.failures) > 10:
            console_err.print(f"  … and {len(report.failures) - 10} more")
        if report.errors_file:
            console_err.print(f"failures listed in {report.errors_file}")
    if report.failures and not report.added and not report.skipped:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("search")(search_command)
    app.command("quotes")(quotes_command)
    app.command("entities")(entities_command)
    app.command("entity")(entity_command)
    app.command("export")(export_command)
