"""``khabar serve``: the HTTP API and the right-to-left web page over a store."""

from __future__ import annotations

import errno
import ipaddress
import json
import logging
import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from khabar.cli.common import console, console_err
from khabar.errors import KhabarError

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_port(host: str, port: int) -> None:
    """Fail with one clear line when the address is taken, before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise KhabarError(f"port {port} on {host} is in use; choose another with "
                                  "--port") from None
            raise KhabarError(f"cannot listen on {host}:{port}: {exc.strerror}; check --host "
                              "and --port") from None


def serve_command(
    db: Annotated[Path, typer.Option("--db", help="The store file (created when missing, "
                                     "unless --read-only).")] = Path("khabar.db"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on. The default "
                                      "serves this machine only; the API has no login, so "
                                      "think before opening it to a network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only", help="Never write to the store: "
                         "POST /api/ingest is refused.")] = False,
    no_store: Annotated[bool, typer.Option("--no-store", help="Serve only the analysis box "
                        "and POST /api/analyze, without a store.")] = False,
    cors_origin: Annotated[list[str] | None, typer.Option("--cors-origin", help="Allow "
                           "browser pages from this origin to call the API (repeatable); "
                           "CORS is off by default.")] = None,
    max_body_mb: Annotated[float, typer.Option("--max-body-mb", min=0.001, help="Largest "
                           "request body accepted, in MB.")] = 10.0,
    cache_size: Annotated[int, typer.Option("--cache-size", min=0, help="Answers to "
                          "repeated queries kept in memory until the store changes (0: "
                          "none).")] = 2048,
    query_slots: Annotated[int, typer.Option("--query-slots", min=0, help="Store "
                           "connections per server process, and so store queries at once; "
                           "the others wait their turn while answers from the cache go "
                           "straight out (0: the default, 4).")] = 0,
    workers: Annotated[int, typer.Option("--workers", min=0, max=64, help="Server "
                       "processes (use more cores); more than 1 needs --read-only, since "
                       "ingest jobs live in one process. 0: one per core (up to 4) with "
                       "--read-only, else 1.")] = 0,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level: "
                         "critical, error, warning, info, debug.")] = "info",
) -> None:
    """Serve the HTTP API (reference at /docs) and the web page (at /) over a store.

    Example: khabar serve --db khabar.db --read-only   then open http://127.0.0.1:8000/
    """
    import uvicorn

    from khabar.api.app import CONFIG_VARIABLE, create_app

    allowed = None
    if is_loopback(host):
        # Only Host headers naming this machine: a web page elsewhere cannot reach the
        # API through DNS rebinding.
        allowed = ["127.0.0.1", "localhost", "::1", "[::1]"]
    else:
        console_err.print(f"[yellow]warning:[/] listening on {host}: anyone who can reach "
                          "this address can read the store" +
                          ("" if read_only else " and add to it (use --read-only)"))
    if workers == 0:
        workers = min(os.cpu_count() or 1, 4) if read_only else 1
    if workers > 1 and not read_only:
        raise KhabarError("--workers above 1 needs --read-only (ingest jobs and their "
                          "progress live in one process); or serve with one worker")
    config = {"store_path": None if no_store else str(db), "read_only": read_only,
              "max_body": int(max_body_mb * 1_000_000), "cors_origins": cors_origin or [],
              "allowed_hosts": allowed, "cache_size": cache_size,
              "query_slots": query_slots}
    app = create_app(**config)  # type: ignore[arg-type]
    if not no_store:
        app.state.gateway.check()
    check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"khabar serving {'(read-only) ' if read_only else ''}"
                  f"{f'with {workers} processes ' if workers > 1 else ''}"
                  f"{'without a store' if no_store else db} on http://{shown}:{port}/ "
                  f"— API reference at http://{shown}:{port}/docs; Ctrl-C to stop")
    if workers > 1:
        os.environ[CONFIG_VARIABLE] = json.dumps(config)
        uvicorn.run("khabar.api.app:create_app_from_environment", factory=True,
                    workers=workers, host=host.strip("[]"), port=port,
                    log_level=log_level.lower(), server_header=False)
    else:
        uvicorn.run(app, host=host.strip("[]"), port=port, log_level=log_level.lower(),
                    server_header=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
