"""Tools > TLS Diagnosis in the real Wireshark (Qt) under Xvfb: the window
opens with the text `tshark -z tlsdiag,report` prints, Copy copies that text,
Save JSON… writes what `-z tlsdiag,json` prints next to the capture, Text /
JSON shows that JSON, Refresh drops the line about the last button, Filter…
offers the main window's filter, gives the report `-z tlsdiag,report,FILTER`
prints and says when a filter is not valid, and "Show its frames" and "Show
its connections" apply the display filters of the report's frames and
connections.

Skipped only when wireshark (Debian wireshark-qt), Xvfb (xvfb), xdotool or
xclip is not installed; tools/install-deps installs them.
"""
import time

import pytest

from conftest import PLUGIN, TESTDATA
from gui_session import GuiSession, missing_tools

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"not installed: {', '.join(missing_tools())}")

CAPTURE = TESTDATA / "rst_after_client_hello.pcapng"
TITLE = "TLS Diagnosis"
# A point in the report window's text (Wireshark sets the window's size).
REPORT_TEXT = (300, 150)
# Keyboard focus order of the report window, from its text: the "Highlight"
# field, then the buttons left to right.
BUTTONS = ["Refresh", "Filter", "Show its frames", "Show its connections", "Copy", "Text / JSON",
           "Save JSON"]


def press(gui, window, button):
    gui.click(window, *REPORT_TEXT)
    gui.keys(*["Tab"] * (2 + BUTTONS.index(button)), "space")


@pytest.fixture(scope="module")
def gui():
    assert PLUGIN.exists(), f"build the plugin first (tests/run): {PLUGIN} is missing"
    session = GuiSession(PLUGIN, CAPTURE)
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(scope="module")
def report_window(gui):
    main = gui.wait_window(CAPTURE.name)
    assert gui.windows(TITLE) == []
    gui.focus(main)
    # Tools, then its last item: the funnel menus come after Wireshark's own.
    gui.keys("alt+t", "Up", "Return")
    window = gui.wait_window(TITLE, timeout=30)
    assert gui.title(window) == "Wireshark \u00b7 TLS Diagnosis"
    return window


def test_the_menu_opens_one_window_with_tsharks_report(gui, tshark, report_window):
    assert gui.windows(TITLE) == [report_window]
    expected = tshark.run("-q", "-z", "tlsdiag,report", capture=CAPTURE).stdout
    assert "tcp.rst_after_client_hello (frame 6)" in expected
    assert gui.copy_all(report_window, *REPORT_TEXT) == expected


def test_save_json_writes_tsharks_json_next_to_the_capture(gui, tshark, report_window):
    saved = gui.capture.with_name("rst_after_client_hello.tlsdiag.json")
    assert not saved.exists()
    press(gui, report_window, "Save JSON")
    dialog = gui.wait_window("save the JSON report", timeout=20)
    gui.focus(dialog)
    gui.keys("Return")  # the path offered: next to the capture
    gui.wait_gone(dialog)
    expected = tshark.run("-q", "-z", "tlsdiag,json", capture=CAPTURE).stdout
    assert saved.read_text() == expected
    report = tshark.run("-q", "-z", "tlsdiag,report", capture=CAPTURE).stdout
    assert gui.copy_all(report_window, *REPORT_TEXT) == f"Saved the JSON report to {saved}\n\n{report}"
    press(gui, report_window, "Refresh")
    assert gui.copy_all(report_window, *REPORT_TEXT) == report


def test_copy_copies_the_report_without_the_status_line(gui, tshark, report_window):
    press(gui, report_window, "Copy")
    assert gui.clipboard() == tshark.run("-q", "-z", "tlsdiag,report", capture=CAPTURE).stdout


def test_text_json_switches_to_tsharks_json_and_back(gui, tshark, report_window):
    press(gui, report_window, "Text / JSON")
    expected = tshark.run("-q", "-z", "tlsdiag,json", capture=CAPTURE).stdout
    assert gui.copy_all(report_window, *REPORT_TEXT) == expected
    press(gui, report_window, "Text / JSON")
    expected = tshark.run("-q", "-z", "tlsdiag,report", capture=CAPTURE).stdout
    assert gui.copy_all(report_window, *REPORT_TEXT) == expected


def enter_filter(gui, report_window, text):
    press(gui, report_window, "Filter")
    dialog = gui.wait_window("connections with a frame matching", timeout=20)
    # Its one field, right of its label, ends near the dialog's right edge.
    width, _ = gui.size(dialog)
    gui.click(dialog, width - 60, 20)
    gui.keys("ctrl+a", "BackSpace")
    if text:
        gui.type(text)
    gui.keys("Return")
    gui.wait_gone(dialog)
    time.sleep(1)


def test_filter_reports_the_matching_connections(gui, tshark, report_window):
    enter_filter(gui, report_window, "tcp.port == 9")
    expected = tshark.run("-q", "-z", "tlsdiag,report,tcp.port == 9", capture=CAPTURE).stdout
    assert "0 TLS connections" in expected
    assert gui.copy_all(report_window, *REPORT_TEXT) == (
        "Connections with a frame matching the display filter: tcp.port == 9\n\n" + expected)


def test_a_filter_that_is_not_valid_is_said_and_the_previous_stays(gui, tshark, report_window):
    enter_filter(gui, report_window, "tcp.port ==== 9")
    time.sleep(4)  # past the GUI's tap update timer, which redraws a new listener
    kept = tshark.run("-q", "-z", "tlsdiag,report,tcp.port == 9", capture=CAPTURE).stdout
    text = gui.copy_all(report_window, *REPORT_TEXT)
    first, rest = text.split("\n", 1)
    assert first.startswith('The display filter "tcp.port ==== 9" is not valid: ')
    assert rest == "\nConnections with a frame matching the display filter: tcp.port == 9\n\n" + kept
    enter_filter(gui, report_window, "")
    expected = tshark.run("-q", "-z", "tlsdiag,report", capture=CAPTURE).stdout
    assert gui.copy_all(report_window, *REPORT_TEXT) == expected


def main_display_filter(gui):
    main = gui.windows(CAPTURE.name)[0]
    gui.focus(main)
    gui.keys("ctrl+slash", "ctrl+a", "ctrl+c")  # the display filter bar's own shortcut
    time.sleep(0.5)
    return gui.clipboard()


def test_show_its_frames_applies_the_filter_of_the_reports_frames(gui, report_window):
    press(gui, report_window, "Show its frames")
    assert main_display_filter(gui) == "frame.number in {4, 6}"


def test_filter_offers_the_main_windows_filter(gui, report_window):
    press(gui, report_window, "Filter")
    dialog = gui.wait_window("connections with a frame matching", timeout=20)
    width, _ = gui.size(dialog)
    assert gui.copy_all(dialog, width - 60, 20) == "frame.number in {4, 6}"
    gui.keys("Escape")
    gui.wait_gone(dialog)


def test_show_its_connections_applies_the_filter_of_the_reports_connections(gui, report_window):
    press(gui, report_window, "Show its connections")
    assert main_display_filter(gui) == "tcp.stream in {0}"
