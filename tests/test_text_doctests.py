"""The examples in the text layers' docstrings are tested too."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["khabar.text.normalize", "khabar.text.sentences", "khabar.text.tokens",
           "khabar.text.clitics", "khabar.report"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
