"""``khabar eval gold``: score the pipeline against hand-annotated gold articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from khabar.cli.common import console

eval_app = typer.Typer(help="Score khabar against annotated data.", no_args_is_help=True)


def _pct(value: float) -> str:
    return f"{value:.3f}"


@eval_app.command("gold")
def gold_command(
    files: Annotated[list[Path], typer.Argument(help="Gold JSONL files (e.g. "
                     "../shared/data/gold/dev.jsonl).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", "-e", help="List every miss, spurious "
                      "item and wrong attribute per article.")] = False,
) -> None:
    """Quote P/R/F1 with kind and speaker accuracy; time P/R/F1 with value accuracy;
    entity P/R/F1 with type and Latin-name accuracy — as the gold README defines them."""
    from khabar.evaluate.gold import evaluate_gold

    report = evaluate_gold(files)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"khabar on {len(report.articles)} gold articles")
    for col in ("layer", "P", "R", "F1", "pred", "gold", "accuracy on matched"):
        table.add_column(col, justify="right" if col != "layer" else "left")
    for name, counts, attrs in (("quotes", report.quotes, ("kind", "speaker")),
                                ("times", report.times, ("value",)),
                                ("entities", report.entities, ("type", "latin"))):
        acc = ", ".join(f"{a} {_pct(counts.accuracy(a))} ({counts.attribute_total.get(a, 0)})"
                        for a in attrs)
        table.add_row(name, _pct(counts.precision), _pct(counts.recall), _pct(counts.f1),
                      str(counts.predicted), str(counts.gold), acc)
    console.print(table)
    if errors:
        for article in report.articles:
            console.print(f"\n[bold]{article.id}[/]")
            for line in article.errors:
                console.print(f"  {line}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
