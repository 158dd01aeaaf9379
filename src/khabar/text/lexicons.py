"""Reading the lexicon files shipped in ``khabar/resources`` (one entry per line, # comments)."""

from __future__ import annotations

from importlib import resources

from khabar.errors import ModelError


def resource_text(name: str) -> str:
    """The text of ``khabar/resources/<name>``."""
    try:
        return resources.files("khabar.resources").joinpath(name).read_text("utf-8")
    except OSError as exc:
        raise ModelError(f"resource {name!r} is missing from the khabar package: {exc}") from None


def load_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a resource file, stripped."""
    return [line.strip() for line in resource_text(name).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def load_tsv(name: str) -> list[list[str]]:
    """Rows of a tab-separated resource file (comments and blank lines skipped)."""
    return [line.split("\t") for line in resource_text(name).splitlines()
            if line.strip() and not line.startswith("#")]


def resource_bytes(name: str) -> bytes:
    """The raw bytes of ``khabar/resources/<name>`` (for compressed tables)."""
    try:
        return resources.files("khabar.resources").joinpath(name).read_bytes()
    except OSError as exc:
        raise ModelError(f"resource {name!r} is missing from the khabar package: {exc}") from None
