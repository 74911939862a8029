#!/usr/bin/env python3
"""The timeline trace opens in a browser: runs PROGRAM [ARGS...] with ASYNCIO_TRACE, embeds the
file in tools/trace_viewer.html and loads the page in headless Chromium, which parses the JSON
and checks it against the Trace Event Format (the fields each event needs, balanced slices,
flows, time never going back on a track); the page's verdict is read from the DOM. A truncated
copy of the same file must be refused, so that the check is seen to bite. Chromium missing is
a failure (scripts/install-deps.sh installs it), never a skip.

    trace_in_chromium.py PROGRAM [ARGS...]
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import trace_page  # noqa: E402


def verdict_in_chromium(chromium: str, page: pathlib.Path, profile: pathlib.Path) -> str:
    dom = subprocess.run(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
         f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True).stdout
    match = re.search(r'<div id="verdict"[^>]*>([^<]*)</div>', dom)
    if not match:
        raise SystemExit(f"FAIL: no verdict in the page Chromium rendered:\n{dom[:2000]}")
    return match.group(1)


def main() -> int:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("FAIL: chromium is not installed (scripts/install-deps.sh installs Debian's)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        trace = tmp / "trace.json"
        env = dict(os.environ, ASYNCIO_TRACE=str(trace))
        subprocess.run(sys.argv[1:], env=env, check=True, timeout=120,
                       stdout=subprocess.DEVNULL)
        text = trace.read_text(encoding="utf-8")

        page = tmp / "page.html"
        page.write_text(trace_page.page(text), encoding="utf-8")
        verdict = verdict_in_chromium(chromium, page, tmp / "profile")
        print(f"Chromium on the trace of {pathlib.Path(sys.argv[1]).name}: {verdict}")
        events = re.match(r"OK: (\d+) events, (\d+) slices, (\d+) tasks", verdict)
        if not events or int(events.group(2)) == 0 or int(events.group(3)) < 2:
            print("FAIL: the trace was not accepted, or holds no task steps")
            return 1

        truncated = tmp / "truncated.html"
        truncated.write_text(trace_page.page(text[: len(text) // 2]), encoding="utf-8")
        verdict = verdict_in_chromium(chromium, truncated, tmp / "profile")
        print(f"Chromium on half of it: {verdict}")
        if not verdict.startswith("FAIL"):
            print("FAIL: a truncated trace was accepted")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
