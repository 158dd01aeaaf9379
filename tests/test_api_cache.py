"""The API's query cache: answers kept until the store file changes, one computation for
many simultaneous identical requests, and a failed computation never blocks the others."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from khabar.api.cache import QueryCache


def test_answers_are_kept_until_the_file_changes(tmp_path: Path) -> None:
    store = tmp_path / "k.db"
    store.write_bytes(b"one")
    cache = QueryCache(store, size=8)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("q", compute) == 1 and cache.get("q", compute) == 1
    (tmp_path / "k.db-wal").write_bytes(b"a write")  # a commit touches the WAL
    assert cache.get("q", compute) == 2
    assert cache.stats()["hits"] == 1 and cache.stats()["misses"] == 2


def test_least_recently_used_go_first(tmp_path: Path) -> None:
    store = tmp_path / "k.db"
    store.write_bytes(b"x")
    cache = QueryCache(store, size=2)
    for key in ("a", "b", "a", "c"):
        cache.get(key, lambda key=key: key.upper())
    assert cache.stats()["entries"] == 2
    computed: list[str] = []
    cache.get("a", lambda: computed.append("a") or "A")  # kept: used after "b"
    cache.get("b", lambda: computed.append("b") or "B")  # evicted by "c"
    assert computed == ["b"]


def test_simultaneous_misses_compute_once(tmp_path: Path) -> None:
    store = tmp_path / "k.db"
    store.write_bytes(b"x")
    cache = QueryCache(store, size=8)
    calls = 0
    lock = threading.Lock()

    def slow() -> str:
        nonlocal calls
        with lock:
            calls += 1
        time.sleep(0.2)
        return "answer"

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: cache.get("q", slow), range(8)))
    assert answers == ["answer"] * 8 and calls == 1


def test_a_failure_does_not_block_the_others(tmp_path: Path) -> None:
    store = tmp_path / "k.db"
    store.write_bytes(b"x")
    cache = QueryCache(store, size=8)

    def failing() -> str:
        time.sleep(0.1)
        raise ValueError("bad query")

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(cache.get, "q", failing) for _ in range(4)]
        for future in futures:
            with pytest.raises(ValueError):
                future.result(timeout=30)
    assert cache.get("q", lambda: "fine") == "fine"


def test_size_zero_or_no_store_computes_every_time(tmp_path: Path) -> None:
    for cache in (QueryCache(tmp_path / "k.db", size=0), QueryCache(None)):
        values = iter(range(10))
        assert cache.get("q", lambda values=values: next(values)) == 0
        assert cache.get("q", lambda values=values: next(values)) == 1


def test_query_slots_bound_the_store_connections(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.api.store import StoreGateway
    from khabar.store import Store

    path = tmp_path / "k.db"
    Store.open(path).close()
    gateway = StoreGateway(path, read_only=True, cache_size=0, query_slots=2)
    running = peak = 0
    lock = threading.Lock()
    real_search = Store.search

    def slow_search(self: Store, *args: object, **kwargs: object) -> object:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return real_search(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "search", slow_search)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: gateway.search(f"كلمة{n}", None, None, None, 20, 0), range(8)))
    assert peak == 2
    assert gateway._idle.qsize() == 2  # two connections opened, and reused
