"""Background jobs (ingest) with progress, polled at ``GET /api/jobs/{id}``.

One worker thread per job; at most ``max_running`` jobs at once so a client cannot
start unbounded work. Finished jobs are kept (the last ``keep`` of them) for polling.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from khabar.errors import KhabarError

log = logging.getLogger(__name__)

#: Errors kept per job; later ones are only counted.
MAX_ERRORS = 100


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    """One background job and its progress."""

    id: str
    kind: str
    state: str = "queued"  # queued, running, done, failed
    total: int | None = None
    done: int = 0
    added: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    message: str | None = None
    created: str = field(default_factory=_now)
    started: str | None = None
    finished: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "state": self.state, "total": self.total,
            "done": self.done, "added": self.added, "skipped": self.skipped,
            "failed": self.failed, "errors": list(self.errors), "message": self.message,
            "created": self.created, "started": self.started, "finished": self.finished,
            "progress": (round(min(1.0, self.done / self.total), 4) if self.total else None),
        }


class Progress:
    """Given to a job's function: it reports each item as it goes."""

    def __init__(self, job: Job, lock: threading.Lock) -> None:
        self._job = job
        self._lock = lock

    def set_total(self, total: int | None) -> None:
        with self._lock:
            self._job.total = total

    def item(self, *, added: bool = True, error: tuple[str, str] | None = None) -> None:
        """One item handled: added to the store, skipped (a duplicate), or failed."""
        with self._lock:
            self._job.done += 1
            if error is not None:
                self._job.failed += 1
                if len(self._job.errors) < MAX_ERRORS:
                    self._job.errors.append({"item": error[0], "reason": error[1]})
            elif added:
                self._job.added += 1
            else:
                self._job.skipped += 1


    def set(self, *, done: int, added: int, skipped: int, failed: int) -> None:
        """Counts reported by a runner that keeps its own."""
        with self._lock:
            self._job.done, self._job.added = done, added
            self._job.skipped, self._job.failed = skipped, failed

    def error(self, item: str, reason: str) -> None:
        """Record why an item failed (already counted)."""
        with self._lock:
            if len(self._job.errors) < MAX_ERRORS:
                self._job.errors.append({"item": item, "reason": reason})

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return {"done": self._job.done, "added": self._job.added,
                    "skipped": self._job.skipped, "failed": self._job.failed}


JobFunction = Callable[[Progress], None]


class JobRegistry:
    """Jobs by id; thread-safe."""

    def __init__(self, max_running: int = 2, keep: int = 200) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._max_running = max_running
        self._keep = keep

    def running(self) -> int:
        with self._lock:
            return sum(1 for job in self._jobs.values() if job.state in ("queued", "running"))

    def start(self, kind: str, function: JobFunction, total: int | None = None) -> Job:
        """Start ``function`` in a thread; raises KhabarError when too many jobs run."""
        with self._lock:
            busy = sum(1 for job in self._jobs.values() if job.state in ("queued", "running"))
            if busy >= self._max_running:
                raise KhabarError(f"{busy} jobs are already running; wait for one to finish "
                                  "(GET /api/jobs) and try again")
            job = Job(id=uuid.uuid4().hex[:12], kind=kind, total=total)
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)
        thread = threading.Thread(target=self._run, args=(job, function),
                                  name=f"khabar-job-{job.id}", daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, function: JobFunction) -> None:
        with self._lock:
            job.state, job.started = "running", _now()
        try:
            function(Progress(job, self._lock))
        except KhabarError as exc:
            with self._lock:
                job.state, job.message = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - a job must end in a state, never vanish
            log.exception("job %s failed", job.id)
            with self._lock:
                job.state, job.message = "failed", f"internal error: {type(exc).__name__}"
        else:
            with self._lock:
                job.state = "done"
        finally:
            with self._lock:
                job.finished = _now()

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else job.to_json()

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            return [job.to_json() for job in reversed(self._jobs.values())]
