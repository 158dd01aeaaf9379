"""The readable report: right-to-left display in terminals with and without bidi."""

from __future__ import annotations

import pytest
from rich.console import Console

import khabar
from khabar.report import display, has_rtl, layout, render_report, terminal_reorders


@pytest.mark.parametrize("environ,reorders", [
    ({}, False),
    ({"KONSOLE_VERSION": "230804"}, True),
    ({"MLTERM": "3.9.3"}, True),
    ({"VTE_VERSION": "7600"}, True),
    ({"VTE_VERSION": "5202"}, False),  # VTE before 0.58 has no bidi
    ({"TERM": "xterm-256color"}, False),
    ({"KONSOLE_VERSION": "230804", "KHABAR_BIDI": "visual"}, False),
    ({"KHABAR_BIDI": "logical"}, True),
])
def test_terminal_reorders(environ: dict[str, str], reorders: bool) -> None:
    assert terminal_reorders(environ) is reorders


def test_display_is_logical_by_default() -> None:
    assert display("قال «نعم» (كيم)") == "قال «نعم» (كيم)"


def test_visual_display_reverses_and_mirrors() -> None:
    with layout(True, 80):
        shown = display("قال «نعم» (كيم)")
        assert display("Kim Jong Un") == "Kim Jong Un"  # nothing right-to-left: unchanged
    assert shown == "(ميك) «معن» لاق"


def test_visual_display_wraps_before_reordering() -> None:
    text = "قال الرئيس الروسي فلاديمير بوتين إن بلاده مستعدة للتعاون مع كوريا الشمالية"
    with layout(True, 30):
        lines = display(text).split("\n")
    assert len(lines) > 2 and all(len(line) <= 30 for line in lines)
    # The first visual line holds the logical beginning, read from the right.
    assert lines[0].endswith("لاق")


def test_has_rtl() -> None:
    assert has_rtl("abc قال") and has_rtl("\ufefb") and not has_rtl("Kim 2023")


def test_report_renders_in_both_orders(example_text: str) -> None:
    doc = khabar.analyze(example_text, published="2023-09-15")
    for visual in (False, True):
        console = Console(width=100, record=True, file=None, force_terminal=False)
        with console.capture() as capture:
            console.print(render_report(doc, visual=visual, width=90))
        out = capture.get()
        assert "2023-09-15" in out and "36 sentences" in out
        if doc.quotes:  # cues such as «وقال» appear reversed only in visual order
            assert ("cue: لاقو" in out) is visual
            assert ("cue: وقال" in out) is not visual
