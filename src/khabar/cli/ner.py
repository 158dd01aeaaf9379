"""``khabar ner``: tag CoNLL files or raw text, score the model, train a new one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from khabar.cli.common import console, console_err, read_input
from khabar.errors import InputError

ner_app = typer.Typer(
    name="ner", no_args_is_help=True,
    help="Named entities (PER, ORG, LOC, MISC): tag CoNLL files or text, score the shipped "
    "model on a labelled file, or train a new model.",
)

_TAGSETS = ("auto", "anercorp", "aqmar", "khabar")
ModelOption = Annotated[str | None, typer.Option(
    "--model", help="A model file: a neural model (.npz) or a CRF (.crfsuite) (default: the "
    "model shipped with khabar).")]

ContextOption = Annotated[int, typer.Option(
    "--context", help="Sentences read together for the article-level corrections (a name "
    "tagged once is tagged where it repeats; curated organisation names; place connectors). "
    "A CoNLL file has no article boundaries; 0 tags each sentence alone.", min=0)]


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=console_err, transient=True)


@ner_app.command("tag")
def tag_command(
    source: Annotated[str, typer.Argument(help="Input file, or - for standard input.")],
    conll: Annotated[bool, typer.Option("--conll", help="Input is CoNLL: one token per line "
                     "(first column; other columns ignored), a blank line between sentences. "
                     "Output is 'token TAG' with the same lines and blank lines.")] = False,
    tagset: Annotated[str, typer.Option("--tagset", help="Tag names to write: anercorp "
                      "(PERS, MISC), aqmar (PER, MIS), khabar (PER, MISC), or auto: the "
                      "convention of the input's tag column, else khabar.")] = "auto",
    model: ModelOption = None,
    context: ContextOption = 20,
) -> None:
    """Tag tokens with BIO entity tags (--conll), or list the entity mentions of a text.

    Example: khabar ner tag --conll test.txt > predicted.txt
    """
    from khabar.entities.conll import detect_tagset, read_conll_lines, render_tag
    from khabar.entities.rules import tag_in_context
    from khabar.entities.tagger import tag_sentences

    if tagset not in _TAGSETS:
        raise InputError(f"unknown --tagset {tagset!r}; use one of {', '.join(_TAGSETS)}")
    text = read_input(source)
    if not conll:
        _tag_text(text)
        return
    sentences = list(read_conll_lines(text.splitlines(), source))
    if tagset == "auto":
        tagset = detect_tagset(t for _, tags in sentences for t in tags)
    token_lists = [tokens for tokens, _ in sentences]
    tagged = tag_sentences(token_lists, model)
    if context:
        tagged = tag_in_context(token_lists, tagged, context)
    out = sys.stdout
    for n, (tokens, tags) in enumerate(zip(token_lists, tagged, strict=True)):
        if n:
            out.write("\n")
        for token, tag in zip(tokens, tags, strict=True):
            out.write(f"{token} {render_tag(tag, tagset)}\n")


def _tag_text(text: str) -> None:
    from khabar.pipeline import build_pipeline

    pipeline = build_pipeline(["khabar.text.stages:SentenceStage",
                               "khabar.text.stages:TokenStage",
                               "khabar.entities.stage:EntityStage"])
    doc = pipeline(text)
    for entity in doc.entities:
        for mention in entity.mentions:
            typer.echo(f"{mention.start}\t{mention.end}\t{entity.type}\t{entity.id}\t{mention.text}")


@ner_app.command("eval")
def eval_command(
    files: Annotated[list[Path], typer.Argument(help="Labelled CoNLL files ('token TAG' per "
                     "line; ANERcorp or AQMAR tag names).")],
    model: ModelOption = None,
    context: ContextOption = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Entity-level precision, recall and F1 (exact span and type, seqeval conventions) per
    type and micro-averaged, with tagging speed and peak memory.

    Example: khabar ner eval ../shared/data/ner/anercorp/test.txt
    """
    from khabar.entities.evaluation import evaluate

    results = []
    for path in files:
        if not path.is_file():
            raise InputError(f"no such file: {path}")
        with _progress() as progress:
            n_lines = sum(1 for line in path.open(encoding="utf-8-sig") if line.strip())
            task = progress.add_task(f"tagging {path.name}", total=n_lines)

            def advance(n: int, task: TaskID = task, progress: Progress = progress) -> None:
                progress.advance(task, n)

            results.append(evaluate(path, model, advance, context))
    if as_json:
        typer.echo(json.dumps([{
            "file": r.path, "sentences": r.sentences, "tokens": r.tokens,
            "tokens_per_second": round(r.tokens_per_second), "peak_memory_mb": round(r.peak_memory_mb, 1),
            "scores": {k: {"precision": round(s.precision, 2), "recall": round(s.recall, 2),
                           "f1": round(s.f1, 2), "support": s.support} for k, s in r.scores.items()},
        } for r in results], indent=2))
        return
    for r in results:
        table = Table(title=f"{r.path} — {r.sentences:,} sentences, {r.tokens:,} tokens")
        for column in ("type", "precision", "recall", "F1", "gold entities"):
            table.add_column(column, justify="left" if column == "type" else "right")
        for kind, s in r.scores.items():
            table.add_row(kind, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}",
                          str(s.support), style="bold" if kind == "micro" else None)
        console.print(table)
        console.print(f"speed {r.tokens_per_second:,.0f} tokens/s (features + tagger, one core); "
                      f"peak memory {r.peak_memory_mb:.0f} MB")


@ner_app.command("train")
def train_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the model file "
                   "(.npz for the neural model, .crfsuite with --crf).")],
    data: Annotated[list[Path] | None, typer.Option("--data", help="Labelled CoNLL training "
                    "file (repeatable); default: ../shared/data/ner/anercorp/train.txt (news; "
                    "adding AQMAR's Wikipedia train lowered the news held-out score by 2 F1)."
                    )] = None,
    embeddings: Annotated[Path | None, typer.Option("--embeddings", help="Word vectors (.npz "
                          "from scripts/build_ner_embeddings.py); default: those of the "
                          "shipped model.")] = None,
    epochs: Annotated[int, typer.Option(help="Neural model: training epochs.", min=1)] = 30,
    members: Annotated[int, typer.Option(help="Neural model: networks in the ensemble "
                       "(seeds 13, 14, …).", min=1)] = 1,
    jobs: Annotated[int, typer.Option(help="Neural model: networks trained at once (one "
                    "process and one thread each).", min=1)] = 1,
    silver: Annotated[Path | None, typer.Option(
        "--silver", exists=True, dir_okay=False, help="Neural model: machine-tagged CoNLL "
        "sentences added to the training data (self-training; scripts/build_ner_silver.py "
        "makes them).")] = None,
    crf: Annotated[bool, typer.Option("--crf", help="Train a CRF instead (python-crfsuite).")
                   ] = False,
    c1: Annotated[float, typer.Option(help="CRF: L1 regularisation.")] = 0.15,
    c2: Annotated[float, typer.Option(help="CRF: L2 regularisation.")] = 0.01,
    iterations: Annotated[int, typer.Option(help="CRF: L-BFGS iterations.")] = 150,
) -> None:
    """Train the neural tagger (BiLSTM-CRF; needs PyTorch: pip install 'khabar[train]'), or a
    CRF with --crf. The word clusters and gazetteers shipped in the package are used as they
    are; scripts/train_ner.py rebuilds everything.

    Example: nice -n 19 khabar ner train --out src/khabar/models/ner.npz
    """
    from khabar.entities.training import TrainingOptions, labelled_sentences, train

    paths = data or default_training_files()
    sentences = labelled_sentences(paths)
    console_err.print(f"training on {len(sentences):,} sentences from "
                      f"{', '.join(str(p) for p in paths)}")
    with _progress() as progress:
        if crf:
            task = progress.add_task("L-BFGS iterations", total=iterations)
            train(sentences, out, TrainingOptions(c1=c1, c2=c2, max_iterations=iterations),
                  lambda n: progress.update(task, completed=n))
        else:
            from khabar.entities.lexicons import model_path
            from khabar.entities.neural_training import NeuralOptions, train_neural

            task = progress.add_task("epochs", total=epochs)
            train_neural(sentences, out, embeddings or model_path("ner.npz"),
                         NeuralOptions(epochs=epochs, average_last=min(8, epochs),
                                       members=members, jobs=jobs,
                                       silver=str(silver) if silver else None),
                         lambda n: progress.update(task, completed=n))
    console_err.print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


def default_training_files() -> list[Path]:
    """ANERcorp train from ../shared/data/ner next to the checkout."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        ner = base.parent / "shared" / "data" / "ner"
        if ner.is_dir():
            return [ner / "anercorp" / "train.txt"]
    raise InputError("no training data found: pass --data FILE (ANERcorp train in CoNLL form)")


def register(app: typer.Typer) -> None:
    app.add_typer(ner_app, name="ner")
