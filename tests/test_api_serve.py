"""``khabar serve``: the command starts the API on 127.0.0.1 and fails clearly on bad options."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.cli.serve import is_loopback

COMMAND = [sys.executable, "-c", "from khabar.cli import main; main()", "serve"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_help_explains_the_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--read-only", "--cors-origin", "--max-body-mb"):
        assert option in result.output


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_read_only_without_a_store_fails_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run([*COMMAND, "--db", str(tmp_path / "none.db"), "--read-only",
                           "--port", str(free_port())], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    assert "no store at" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "none.db").exists()


def test_a_file_that_is_not_a_store_fails_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"not a database at all " * 100)
    done = subprocess.run([*COMMAND, "--db", str(junk), "--port", str(free_port())],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "khabar store" in done.stderr and "Traceback" not in done.stderr


def test_several_workers_need_read_only(tmp_path: Path) -> None:
    done = subprocess.run([*COMMAND, "--db", str(tmp_path / "k.db"), "--workers", "2",
                           "--port", str(free_port())], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0 and "--read-only" in done.stderr


def test_port_in_use_fails_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([*COMMAND, "--db", str(tmp_path / "k.db"), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "in use" in done.stderr and "Traceback" not in done.stderr


def test_serves_on_loopback_and_refuses_other_hosts(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen([*COMMAND, "--db", str(tmp_path / "k.db"), "--port", str(port),
                               "--log-level", "warning"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert health.json()["stats"]["articles"] == 0
        assert (tmp_path / "k.db").exists()
        page = httpx.get(f"{base}/")
        assert 'dir="rtl"' in page.text and "content-security-policy" in page.headers
        rebound = httpx.get(f"{base}/api/health", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400
    finally:
        server.terminate()
        server.wait(timeout=30)
