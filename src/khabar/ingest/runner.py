"""``ingest``: read, analyse in parallel processes, store in batches; resumable.

Each batch of analysed articles is written in one transaction, so a run killed at any
moment (even SIGKILL) leaves whole articles or none; a rerun skips what is stored (same
content hash or URL) and finishes the job without duplicates.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from khabar.errors import KhabarError
from khabar.ingest.article import Article, ReadFailure, ReadOptions
from khabar.ingest.sources import read_inputs
from khabar.model import Document
from khabar.pipeline import DEFAULT_MAX_CHARS, build_pipeline
from khabar.store.writer import content_hash

if TYPE_CHECKING:
    from khabar.store.sqlite import Store

log = logging.getLogger(__name__)

#: What a worker sends back: (document, stems) or the reason it failed.
Outcome = tuple[Document, str] | str


@dataclass(frozen=True, slots=True)
class IngestFailure:
    origin: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"origin": self.origin, "reason": self.reason}


@dataclass(slots=True)
class IngestProgress:
    """Running counts, passed to the ``progress`` callback after each article."""

    read: int = 0
    added: int = 0
    skipped: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.added + self.skipped + self.failed

    @property
    def rate(self) -> float:
        """Articles analysed and stored per second."""
        return self.added / max(time.monotonic() - self.started, 1e-9)


@dataclass(frozen=True, slots=True)
class IngestReport:
    """The outcome of a run: counts, failures (where and why), seconds, errors file."""

    added: int
    skipped: int
    failures: tuple[IngestFailure, ...]
    seconds: float
    errors_file: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"added": self.added, "skipped": self.skipped, "failed": len(self.failures),
                "seconds": round(self.seconds, 3), "errors_file": self.errors_file,
                "failures": [f.to_json() for f in self.failures]}


_MAX_CHARS = DEFAULT_MAX_CHARS


def _init_worker(max_chars: int) -> None:
    global _MAX_CHARS
    _MAX_CHARS = max_chars


def analyse(article: Article, max_chars: int | None = None) -> Outcome:
    """Analyse one article (in a worker process); the document with its index stems, or
    the reason it failed."""
    from khabar.store.fts import index_stems

    try:
        pipeline = _pipeline(max_chars or _MAX_CHARS)
        doc = pipeline(article.text, published=article.published, source=article.source,
                       id=article.id)
        stems = index_stems(doc)
        return replace(doc, tokens=()), stems
    except KhabarError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one article's crash must not stop the run
        log.exception("analysis of %s failed", article.origin)
        return f"analysis failed: {type(exc).__name__}: {exc}"


_PIPELINES: dict[int, object] = {}
_WARM_UP = "قال الرئيس فلاديمير بوتين يوم الجمعة إن «روسيا مستعدة»."


def _pipeline(max_chars: int) -> Callable[..., Document]:
    if max_chars not in _PIPELINES:
        _PIPELINES[max_chars] = build_pipeline(max_chars=max_chars)
    pipeline: Callable[..., Document] = _PIPELINES[max_chars]  # type: ignore[assignment]
    return pipeline


def default_workers() -> int:
    """One worker per CPU, at most 4 (the writer needs a share too)."""
    return max(1, min(4, (os.cpu_count() or 1)))


def _outcomes(articles: Iterable[Article], workers: int,
              max_chars: int) -> Iterator[tuple[Article, Outcome]]:
    """Analyse articles in order, in this process or in ``workers`` processes."""
    if workers <= 1:
        for article in articles:
            yield article, analyse(article, max_chars)
        return
    # Load the models and lexicons once here, so that forked workers inherit them instead
    # of each spending a second or more loading its own copy.
    _pipeline(max_chars)(_WARM_UP)
    window: deque[tuple[Article, Future[Outcome]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(max_chars,)) as pool:
        try:
            for article in articles:
                window.append((article, pool.submit(analyse, article)))
                if len(window) >= workers * 8:
                    first, future = window.popleft()
                    yield first, future.result()
            while window:
                first, future = window.popleft()
                yield first, future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


class _Errors:
    """The errors file, opened (and emptied) at the first failure of the run."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.handle: TextIO | None = None

    def write(self, failure: IngestFailure) -> None:
        if self.path is None:
            return
        if self.handle is None:
            self.handle = Path(self.path).open("w", encoding="utf-8")
        self.handle.write(json.dumps(failure.to_json(), ensure_ascii=False) + "\n")
        self.handle.flush()

    def close(self) -> None:
        if self.handle:
            self.handle.close()


def ingest(store: Store, inputs: Sequence[str], *, workers: int | None = None,
           options: ReadOptions | None = None, batch_size: int = 32,
           progress: Callable[[IngestProgress], None] | None = None,
           errors_path: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> IngestReport:
    """Read every input, analyse what is not stored yet, and store it in batches."""
    counts = IngestProgress()
    failures: list[IngestFailure] = []
    errors = _Errors(errors_path)
    seen: set[str] = set()

    def fail(origin: str, reason: str) -> None:
        failure = IngestFailure(origin, reason)
        failures.append(failure)
        errors.write(failure)
        counts.failed += 1
        if progress:
            progress(counts)

    def fresh() -> Iterator[Article]:
        for item in read_inputs(inputs, options):
            counts.read += 1
            if isinstance(item, ReadFailure):
                fail(item.origin, item.reason)
                continue
            text_hash = content_hash(item.text)
            if text_hash in seen or store.has(text=item.text, url=item.url):
                counts.skipped += 1
                if progress:
                    progress(counts)
                continue
            seen.add(text_hash)
            yield item

    batch: list[tuple[Document, str, str]] = []

    def store_batch(part: list[tuple[Document, str, str]]) -> None:
        result = store.add([b[0] for b in part], stems=[b[1] for b in part],
                           origins=[b[2] for b in part])
        counts.added += len(result.added)
        counts.skipped += len(result.skipped)

    def flush() -> None:
        if not batch:
            return
        try:
            store_batch(batch)
        except KhabarError:
            # One bad document must not lose the batch: store them one by one.
            for item in batch:
                try:
                    store_batch([item])
                except KhabarError as exc:
                    fail(item[2], str(exc))
        batch.clear()
        if progress:
            progress(counts)

    try:
        for article, outcome in _outcomes(fresh(), workers or default_workers(), max_chars):
            if isinstance(outcome, str):
                fail(article.origin, outcome)
                continue
            batch.append((outcome[0], outcome[1], article.origin))
            if len(batch) >= batch_size:
                flush()
        flush()
    finally:
        errors.close()
    return IngestReport(counts.added, counts.skipped, tuple(failures),
                        time.monotonic() - counts.started,
                        errors_path if failures else None)
