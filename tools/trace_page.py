#!/usr/bin/env python3
"""Makes a page that shows a timeline trace offline: tools/trace_viewer.html with the trace
embedded, for a browser with no network (or headless Chromium: the page checks the file
against the Trace Event Format and prints its verdict in #verdict).

    python3 tools/trace_page.py TRACE.json PAGE.html
"""
import pathlib
import sys

VIEWER = pathlib.Path(__file__).with_name("trace_viewer.html")
SLOT = '<script id="trace" type="application/json"></script>'


def page(trace_text: str) -> str:
    viewer = VIEWER.read_text(encoding="utf-8")
    if SLOT not in viewer:
        raise SystemExit(f"{VIEWER}: no trace slot")
    # Inside a script element only "</" could end it early; "<\/" is the same JSON string.
    embedded = trace_text.replace("</", "<\\/")
    return viewer.replace(SLOT, SLOT.replace("></", ">" + embedded + "</"), 1)


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    trace_text = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
    pathlib.Path(sys.argv[2]).write_text(page(trace_text), encoding="utf-8")


if __name__ == "__main__":
    main()
