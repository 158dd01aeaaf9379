"""Helpers shared by the CLI commands: reading input, printing errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

from rich.console import Console

from khabar.errors import InputError, InputTooLargeError, KhabarError
from khabar.text.decode import decode_bytes

console = Console(highlight=False, soft_wrap=True)
console_err = Console(stderr=True, highlight=False, soft_wrap=True)

#: Bytes read from one input at most (about 10 MB of text; UTF-16 doubles the bytes).
DEFAULT_MAX_BYTES = 40_000_000


def fail(exc: KhabarError | str, code: int | None = None) -> NoReturn:
    """Print one line on stderr and exit non-zero."""
    message = str(exc)
    console_err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    sys.exit(code if code is not None else getattr(exc, "exit_code", 1))


def read_input(path: str, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               *, max_chars: int | None = None) -> str:
    """Read and decode a file, or standard input for ``-``.

    At most ``max_bytes + 1`` bytes are read, so a huge file or an endless pipe is refused
    quickly; ``max_chars`` (the character limit behind ``max_bytes``) is named in the error.
    """
    if path == "-":
        if sys.stdin.isatty():
            console_err.print("reading the article from the keyboard; end it with Ctrl-D "
                              "(Ctrl-Z then Enter on Windows)", style="dim")
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "standard input"
    else:
        p = Path(path)
        name = path
        if not p.exists():
            raise InputError(f"no such file: {path} (give a text file, or - for standard input)")
        if p.is_dir():
            raise InputError(f"{path} is a folder; give a file (or use 'khabar ingest' for folders)")
        try:
            with p.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > max_bytes:
        limit = f"{max_chars:,} characters" if max_chars else f"{max_bytes:,} bytes"
        raise InputTooLargeError(f"{name} is larger than the limit of {limit} (more than "
                                 f"{max_bytes:,} bytes); split it or raise the limit with "
                                 "--max-chars")
    return decode_bytes(data, encoding, name=name)


__all__ = ["console", "console_err", "fail", "read_input", "KhabarError"]
