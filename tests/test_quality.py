"""ruff and mypy are part of the test suite, so the one test command checks them too."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("tool,args", [
    ("ruff", ["check", "src", "tests", "benchmarks", "scripts"]),
    ("mypy", ["src/khabar"]),
])
def test_static_checks(tool: str, args: list[str]) -> None:
    if shutil.which(tool) is None and tool != "mypy":
        pytest.fail(f"{tool} is not installed: pip install -e '.[test]'")
    cmd = [sys.executable, "-m", tool, *args]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{tool} failed:\n{result.stdout}\n{result.stderr}"
