"""Store at scale: build a store of 100,000 articles, then time ``search`` and ``quotes``.

    nice -n 10 python benchmarks/store.py [--articles 100000] [--base 300] [--db PATH] [--reuse]

How the store is built: the first ``--base`` articles of ../shared/data/corpus/articles.jsonl
(or the bundled example when ../shared is absent) are analysed once; copies are then added
through ``Store.add`` in batches of 1,000, each with a new id, a number appended to the text
(a new content hash; every span stays valid), no URL and a publication date spread over
2015–2024. Entity linking, FTS indexing and all layers run for every copy as for a real
article. The database goes to /tmp (never the repository).

Latency: each query runs once to warm up, then ``--repeat`` times; p50 and p95 over all runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
EXAMPLE = ROOT / "examples" / "kim-russia-2023-09-15.txt"

SEARCHES = [
    ("كوريا الشمالية", {}), ("بوتين", {}), ("ترامب", {}), ("الأمم المتحدة", {}),
    ("السعوديه", {}), ('"البيت الأبيض"', {}), ("كرة القدم", {}), ("النفط", {}),
    ("ايران", {}), ("الاتفاق النووي", {}), ("ترامب", {"since": "2020", "until": "2021-06"}),
    ("الحكومة", {"outlet": "BBC Arabic"}), ("مستشفي", {}), ("اللاجئين OR المهاجرين", {}),
]
TOPICS = ["كوريا الشمالية", "ايران", "النفط", "الاتفاق النووي", "الحكومة"]


def _base_documents(count: int) -> list:  # type: ignore[type-arg]
    from khabar.model import Source
    from khabar.pipeline import default_pipeline

    pipeline = default_pipeline()
    if CORPUS.exists():
        records = [json.loads(line) for _, line in zip(range(count), CORPUS.open(encoding="utf-8"),
                                                       strict=False)]
    else:
        text = EXAMPLE.read_text("utf-8")
        records = [{"text": f"{text}\n{n}", "published": "2023-09-15"} for n in range(count)]
    docs = []
    for record in records:
        source = Source(outlet=record.get("source"), title=record.get("title"))
        try:
            docs.append(pipeline(record["text"], published=record.get("published"),
                                 source=source))
        except Exception:  # noqa: BLE001 - skip what the pipeline refuses
            continue
    return docs


def build(path: Path, total: int, base_count: int) -> float:
    from khabar.store import Store
    from khabar.store.fts import index_stems

    start = time.perf_counter()
    base = _base_documents(base_count)
    stems = [index_stems(d) for d in base]
    base = [replace(d, tokens=()) for d in base]
    analysed = time.perf_counter() - start
    print(f"analysed {len(base)} base articles in {analysed:.1f} s")
    day0 = dt.date(2015, 1, 1)
    with Store.open(path) as store:
        done = store.stats().articles
        while done < total:
            batch, batch_stems = [], []
            for number in range(done, min(done + 1000, total)):
                doc = base[number % len(base)]
                published = day0 + dt.timedelta(days=(number * 37) % 3650)
                batch.append(replace(doc, id=f"r{number}", text=f"{doc.text}\n({number})",
                                     published=published,
                                     source=replace(doc.source, url=None)))
                batch_stems.append(stems[number % len(base)])
            store.add(batch, stems=batch_stems)
            done += len(batch)
            if done % 10_000 == 0:
                print(f"  {done:,} articles, {time.perf_counter() - start:.0f} s", flush=True)
    return time.perf_counter() - start


def _timed(run, repeat: int, cpu: list[float]) -> list[float]:  # type: ignore[no-untyped-def]
    """Wall-clock milliseconds per run; CPU milliseconds of this process go to ``cpu`` (the
    machine is shared, so wall time includes waiting for a core)."""
    run()
    times = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return times


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(path: Path, repeat: int) -> None:
    from khabar.store import Store

    with Store.open(path, read_only=True) as store:
        stats = store.stats()
        speakers = [e.name for e in store.entities(type="PER", top=8)]
        groups: dict[str, list[float]] = {"search": [], "quotes": []}
        cpu: dict[str, list[float]] = {"search": [], "quotes": []}
        worst: dict[str, tuple[float, str]] = {"search": (0.0, ""), "quotes": (0.0, "")}
        runs = [("search", q, (lambda q=q, f=f: store.search(q, **f))) for q, f in SEARCHES]
        runs += [("quotes", f"--speaker {s}", (lambda s=s: store.quotes(speaker=s)))
                 for s in speakers]
        runs += [("quotes", f"--about {t}", (lambda t=t: store.quotes(about=t))) for t in TOPICS]
        runs += [("quotes", f"--speaker {s} --about {t}",
                  (lambda s=s, t=t: store.quotes(speaker=s, about=t)))
                 for s in speakers[:4] for t in TOPICS[:3]]
        runs += [("quotes", "--speaker Trump --since 2018", (lambda: store.quotes(
            speaker="ترامب", since="2018")))]
        for kind, label, run in runs:
            times = _timed(run, repeat, cpu[kind])
            groups[kind] += times
            if statistics.median(times) > worst[kind][0]:
                worst[kind] = (statistics.median(times), label)
    print(f"store: {path} — {stats.articles:,} articles, {stats.entities:,} entities, "
          f"{stats.quotes:,} quotes, {stats.times:,} time expressions")
    print(f"size: {stats.bytes / 1e6:,.0f} MB, {stats.bytes / max(stats.articles, 1) / 1024:.1f} "
          "KB per article")
    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    print()
    print(f"{'query':<8}{'runs':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'cpu p50':>9}"
          f"{'cpu p95':>9}  slowest (median wall)")
    for kind, times in groups.items():
        print(f"{kind:<8}{len(times):>6}{_pct(times, .5):>9.1f}{_pct(times, .95):>9.1f}"
              f"{max(times):>9.1f}{_pct(cpu[kind], .5):>9.1f}{_pct(cpu[kind], .95):>9.1f}  "
              f"{worst[kind][1]} ({worst[kind][0]:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--base", type=int, default=300)
    parser.add_argument("--db", type=Path, default=Path("/tmp/khabar-bench-100k.db"))
    parser.add_argument("--reuse", action="store_true", help="Time an existing store.")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build-only", action="store_true", help="Build, do not time.")
    args = parser.parse_args()
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        seconds = build(args.db, args.articles, args.base)
        print(f"built {args.articles:,} articles in {seconds:.0f} s "
              f"({args.articles / seconds:.0f} articles/s through Store.add)")
    if not args.build_only:
        measure(args.db, args.repeat)


if __name__ == "__main__":
    main()
