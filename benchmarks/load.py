"""Load test of the HTTP API: 16 concurrent clients against ``khabar serve`` on 127.0.0.1.

    nice -n 10 python3 benchmarks/load.py                 # builds /tmp/khabar-load-100k.db once
    python3 benchmarks/load.py --db /tmp/other.db --clients 16 --requests 3200

The store holds ``--articles`` articles (100,000 by default): a few hundred real articles
from ../shared/data/corpus (or the bundled example when it is absent) analysed once, then
replicated with new ids, a marker line (so each copy has its own content hash), dates spread
over 2018–2024 and their outlets. The server runs in its own process (``khabar serve
--read-only``); clients are threads with keep-alive connections. Bounded in requests and
in seconds. Prints p50/p95/p99 per endpoint and the article page's render time in Chromium
(DOMContentLoaded → highlights drawn). Targets (issue 9): p95 < 150 ms, no errors; render
< 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
EXAMPLE = ROOT / "examples" / "kim-russia-2023-09-15.txt"
REFERENCE_ID = "kim-russia-2023-09-15"

TOPICS = ["روسيا", "كوريا الشمالية", "الرئيس", "الحكومة", "غزة", "إسرائيل", "النفط", "مصر",
          "الاقتصاد", "الانتخابات", "السعودية", "الأمم المتحدة", "إيران", "سوريا", "ترامب",
          "البنك المركزي", "كرة القدم", "السينما", "اللاجئين", "الصين", "أسعار", "وزير الخارجية",
          "الولايات المتحدة", "العراق", "تركيا", "الأردن", "لبنان", "المغرب", "الجزائر", "تونس"]


def seed_documents(count: int) -> list[Any]:
    """Analysed real articles to replicate (the corpus, or the example when it is absent)."""
    import khabar
    from khabar.model import Source

    docs = [khabar.analyze(EXAMPLE.read_text(encoding="utf-8"), published="2023-09-15",
                           source=Source(outlet="CNN Arabic", title="كيم جونغ أون في روسيا"),
                           id=REFERENCE_ID)]
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as lines:
            for n, line in enumerate(lines):
                if n >= count:
                    break
                row = json.loads(line)
                try:
                    docs.append(khabar.analyze(
                        row["text"], published=(row.get("published") or "")[:10] or None,
                        source=Source(url=row.get("url"), outlet=row.get("source"),
                                      title=row.get("title")), id=row["id"]))
                except Exception as exc:  # noqa: BLE001 - a pipeline bug must not stop the run
                    print(f"  skipped {row['id']}: {type(exc).__name__}: {exc}", flush=True)
                if n % 50 == 49:
                    print(f"  analysed {n + 1}/{count} seed articles", flush=True)
    return docs


def copies(seeds: list[Any], total: int, rng: random.Random) -> Iterator[Any]:
    from dataclasses import replace

    start = dt.date(2018, 1, 1)
    for n in range(total - len(seeds)):
        seed = seeds[n % len(seeds)]
        marker = f"\n\n[نسخة {n}]"
        day = start + dt.timedelta(days=rng.randrange(7 * 365))
        source = replace(seed.source, url=f"{seed.source.url}#copy-{n}") if seed.source.url \
            else seed.source
        yield replace(seed, id=f"{seed.id}~{n}", text=seed.text + marker, published=day,
                      source=source)


def build_store(path: Path, total: int, seed_count: int) -> None:
    from khabar.store import Store

    rng = random.Random(9)
    began = time.perf_counter()
    seeds = seed_documents(seed_count)
    analysed = time.perf_counter()
    print(f"analysed {len(seeds)} seed articles in {analysed - began:.0f} s", flush=True)
    with Store.open(path) as store:
        store.add(seeds)
        batch: list[Any] = []
        done = len(seeds)
        for doc in copies(seeds, total, rng):
            batch.append(doc)
            if len(batch) == 1000:
                store.add(batch)
                done += len(batch)
                batch = []
                if done % 10_000 < 1000:
                    print(f"  stored {done:,}/{total:,}", flush=True)
        if batch:
            store.add(batch)
    print(f"built {path} with {total:,} articles in {time.perf_counter() - began:.0f} s "
          f"({path.stat().st_size / total / 1024:.1f} KiB per article)", flush=True)


def stored_articles(path: Path) -> int:
    import sqlite3

    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int, cache_size: int, workers: int,
                 query_slots: int = 0) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from khabar.cli import main; main()", "serve",
               "--db", str(db), "--port", str(port), "--read-only", "--log-level", "warning",
               "--cache-size", str(cache_size), "--workers", str(workers),
               "--query-slots", str(query_slots)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


def request_plan(count: int, speakers: list[str], outlets: list[str],
                 rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """Half searches, half quote queries, with dates, outlets and paging mixed in."""
    plan: list[tuple[str, dict[str, Any]]] = []
    for n in range(count):
        params: dict[str, Any] = {"limit": 20}
        if rng.random() < 0.3:
            year = rng.randrange(2018, 2025)
            params["since"], params["until"] = f"{year}-01", f"{year}-12"
        if rng.random() < 0.2:
            params["offset"] = 20
        if n % 2 == 0:
            params["q"] = rng.choice(TOPICS)
            if outlets and rng.random() < 0.1:
                params["outlet"] = rng.choice(outlets)
            plan.append(("/api/search", params))
        else:
            if speakers:
                params["speaker"] = rng.choice(speakers)
            if rng.random() < 0.6 or not speakers:
                params["about"] = rng.choice(TOPICS)
            plan.append(("/api/quotes", params))
    return plan


def run_load(base: str, plan: list[tuple[str, dict[str, Any]]], clients: int,
             max_seconds: float) -> dict[str, list[tuple[float, int]]]:
    results: dict[str, list[tuple[float, int]]] = {}
    lock = threading.Lock()
    position = iter(range(len(plan)))
    deadline = time.monotonic() + max_seconds

    host, port = urlsplit(base).hostname or "127.0.0.1", urlsplit(base).port or 80

    def client() -> None:
        # The standard library's client: the load generator shares the machine's two cores
        # with the server, and httpx costs several times more CPU per request.
        http = HTTPConnection(host, port, timeout=30)
        try:
            while time.monotonic() < deadline:
                with lock:
                    n = next(position, None)
                if n is None:
                    return
                path, params = plan[n]
                target = f"{path}?{urlencode(params)}"
                began = time.perf_counter()
                try:
                    http.request("GET", target)
                    response = http.getresponse()
                    response.read()
                    status = response.status
                except (OSError, HTTPException):
                    http.close()
                    status = 0
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    results.setdefault(path, []).append((elapsed, status))
        finally:
            http.close()

    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(client)
    return results


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of the server process and its children (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        process, parent = int(stat.parent.name), int(fields[1])
        if process == pid or parent == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def render_times(base: str, loads: int) -> list[float]:
    """DOMContentLoaded → highlights drawn for the reference article, in Chromium."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        print("chromium/chromedriver not installed: render time not measured")
        return []
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    profile = tempfile.mkdtemp(prefix="khabar-load-chrome-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1366,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    times = []
    try:
        for _ in range(loads):
            driver.get("about:blank")
            driver.get(f"{base}/#/article/{REFERENCE_ID}")
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return document.body.dataset.state") ==
                "article-ready")
            times.append(float(driver.execute_script(
                "const nav = performance.getEntriesByType('navigation')[0];"
                "return window.khabarTimings.highlightsDrawn - nav.domContentLoadedEventStart;")))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/khabar-load-100k.db"))
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed-articles", type=int, default=300,
                        help="real articles analysed once and replicated")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3200, help="total, both endpoints")
    parser.add_argument("--max-seconds", type=float, default=180.0)
    parser.add_argument("--browser-loads", type=int, default=10)
    parser.add_argument("--workers", type=int, default=0,
                        help="server processes (0: khabar serve's default for --read-only, "
                             "one per core up to 4)")
    parser.add_argument("--query-slots", type=int, default=0,
                        help="the server's store connections, so simultaneous queries (0: its default)")
    parser.add_argument("--baseline", action="store_true",
                        help="first run 200 requests from one client (service time)")
    parser.add_argument("--cache-size", type=int, default=2048,
                        help="the server's query cache (0: every request goes to SQLite)")
    args = parser.parse_args()

    have = stored_articles(args.db)
    if have < args.articles:
        if have:
            args.db.unlink()
        print(f"building a store of {args.articles:,} articles at {args.db} …", flush=True)
        build_store(args.db, args.articles, args.seed_articles)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.db, port, args.cache_size, args.workers, args.query_slots)
    try:
        people = httpx.get(f"{base}/api/entities", params={"type": "PER", "limit": 40}).json()
        speakers = [e["name"] for e in people.get("items", [])]
        health = httpx.get(f"{base}/api/health").json()
        outlets = [o["outlet"] for o in health["stats"]["outlets"]]
        rng = random.Random(16)
        run_load(base, request_plan(64, speakers, outlets, rng), args.clients, 60)  # warm-up
        baseline = run_load(base, request_plan(200, speakers, outlets, random.Random(1)), 1,
                            args.max_seconds / 2) if args.baseline else {}
        plan = request_plan(args.requests, speakers, outlets, rng)
        cpu_before = server_cpu_seconds(server.pid)
        began = time.perf_counter()
        results = run_load(base, plan, args.clients, args.max_seconds)
        wall = time.perf_counter() - began
        cpu_after = server_cpu_seconds(server.pid)
        cache = httpx.get(f"{base}/api/health").json().get("cache", {})
        renders = render_times(base, args.browser_loads) if args.browser_loads else []
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\nmachine: {platform.node()} · {os.cpu_count()} cores · "
          f"{platform.processor() or platform.machine()} · Python {platform.python_version()}")
    print(f"store: {args.db} · {health['stats']['articles']:,} articles · "
          f"{health['stats']['bytes'] / 2**30:.2f} GiB")
    cached = (f"{cache.get('hits', 0)} hits, {cache.get('misses', 0)} misses (warm-up "
              "included)") if args.cache_size else "off"
    count = sum(map(len, results.values()))
    cpu = (f"{(cpu_after - cpu_before) * 1000 / count:.1f} ms server CPU per request"
           if cpu_before is not None and cpu_after is not None and count else "CPU n/a")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    workers = args.workers or 'default'
    print(f"{args.clients} concurrent clients · {workers} server process(es) · "
          f"query slots {args.query_slots or 'default'} · "
          f"{count:,} requests in {wall:.1f} s ({count / wall:.0f}/s) · {cpu} · "
          f"load average {load:.1f} · server query cache: {cached}\n")
    print(f"{'endpoint':<14}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}{'max ms':>9}  target p95 < 150 ms")
    rows_by_run = [(f"{args.clients} clients", results)]
    if baseline:
        rows_by_run.insert(0, ("1 client", baseline))
    for run, table in rows_by_run:
        print(f"-- {run}")
        print_table(table)
    if renders:
        print(f"\narticle page render (DOMContentLoaded → highlights drawn), {len(renders)} "
              f"loads of {REFERENCE_ID}: median {statistics.median(renders):.0f} ms, "
              f"max {max(renders):.0f} ms  (target < 1000 ms: "
              f"{'ok' if max(renders) < 1000 else 'MISSED'})")


def print_table(results: dict[str, list[tuple[float, int]]]) -> None:
    for path, rows in sorted(results.items()):
        ms = [r[0] for r in rows]
        errors = sum(1 for r in rows if r[1] != 200)
        p95 = percentile(ms, 95)
        verdict = "ok" if p95 < 150 and not errors else "MISSED"
        print(f"{path:<14}{len(rows):>9}{errors:>8}{statistics.median(ms):>9.1f}{p95:>9.1f}"
              f"{percentile(ms, 99):>9.1f}{max(ms):>9.1f}  {verdict}")


if __name__ == "__main__":
    main()
