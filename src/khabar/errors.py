"""Typed errors. Each message says what was wrong and what to do; the CLI prints it as one line."""

from __future__ import annotations


class KhabarError(Exception):
    """Base of every error khabar raises on purpose."""

    exit_code = 1


class InputError(KhabarError):
    """The input cannot be analysed as it is."""

    exit_code = 2


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input looks like a binary file, not text."""


class DecodingError(InputError):
    """The bytes cannot be decoded as text in the given or guessed encoding."""


class InputTooLargeError(InputError):
    """The input is above the configured size limit."""


class InvalidDateError(InputError):
    """A date is not in the expected form."""


class DocumentError(KhabarError):
    """A serialised document is malformed or its spans do not fit its text."""


class PipelineError(KhabarError):
    """Pipeline stages do not fit together (a stage needs a layer no earlier stage provides)."""


class ModelError(KhabarError):
    """A shipped model or lexicon is missing or unreadable."""


class StoreError(KhabarError):
    """The store cannot be opened, read or written."""


class OldStoreError(StoreError):
    """A store made by an older khabar was opened read-only: it must be opened once for
    writing, which upgrades it."""


class IngestError(KhabarError):
    """An article, page or feed cannot be read."""
