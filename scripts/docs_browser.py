"""Check the built docs site in a real browser: headless Chromium, at a phone and a desktop width.

Usage (from the repository root)::

    uv run --group docs --group browser python scripts/docs_browser.py                 # build, then check
    uv run --group docs --group browser python scripts/docs_browser.py --site site     # check a built site
    uv run --group docs --group browser python scripts/docs_browser.py --if-available  # skip without a browser

The site is served by a throwaway HTTP server on 127.0.0.1 and every page is opened at 390 px and
1280 px wide. A page fails when:

* it logs a console error or an uncaught exception, or a request fails or answers 400 or more;
* it requests anything that is not on the loopback server (the docs must work offline; such
  requests are blocked, so a web font or script from the internet is reported, never fetched);
* an image does not load;
* an element sticks out of the page on the right, so the page scrolls sideways;
* a table is wider than the text column (at 390 px a table may instead scroll inside its own box);
* a code block's lines are cut off at its right edge (they must wrap or fit);
* the copy button of a code block covers any of its text;
* a link points at a local development server (``localhost`` or ``127.0.0.1``), which a reader
  cannot open;
* a command-line flag in inline code (``--offline``, ``-o``) breaks across two lines;
* a heading breaks a word in the middle rather than where an identifier reads well split (after
  ``.``, ``_``, ``-``, ``/`` or ``:``, or before a capital: ``ChatOpenRouter`` + ``Responses``);
* two pages share one title (search results and browser tabs could not tell them apart).

A full-page screenshot of every page at both widths is saved under ``build/docs-browser/`` (for
people to look at; CI does not compare them). ``--self-test`` first opens a page built to break
every rule and fails unless each rule reports it, so a check that silently passes everything is
caught.

The browser is Debian's ``chromium`` (``apt-get install chromium``), or the one named by
``--chromium`` / ``DOCS_CHROMIUM``; Playwright drives it and never downloads one. With
``--if-available``, a machine without a browser prints that the check was skipped and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "docs-browser"
WIDTHS = {390: 844, 1280: 900}  # viewport width -> height
PHONE = min(WIDTHS)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
COPY_BUTTON = "button[data-md-type='copy']"  # Material's copy button, in a nav inside the pre
LOOPBACK_LINK = re.compile(r"^https?://(localhost|127\.\d+\.\d+\.\d+|\[::1\])([:/]|$)", re.IGNORECASE)

# Runs in the page after it loaded; returns a list of problems (strings). `phone` relaxes the
# table rule: on a phone a wide table may scroll inside its own box.
LAYOUT_CHECKS = r"""
async (phone) => {
  const problems = [];
  const view = document.documentElement.clientWidth;
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    else if (el.classList.length) text += "." + [...el.classList].slice(0, 2).join(".");
    const words = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 50);
    return words ? `${text} "${words}"` : text;
  };
  const clips = (el) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);

  // Images: make lazy ones load, then every one must have decoded.
  await Promise.all([...document.images].map((img) => {
    img.loading = "eager";
    return img.decode().catch(() => null);
  }));
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) problems.push(`broken image: ${img.getAttribute("src")}`);
  }

  // Horizontal overflow of the page, and the elements that cause it.
  const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  if (scrollWidth > view + 1) problems.push(`the page scrolls sideways: ${scrollWidth}px wide in a ${view}px window`);
  const sticking = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!visible(el)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right <= view + 1) continue;
    let contained = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (clips(up) && up.getBoundingClientRect().right <= view + 1) { contained = true; break; }
    }
    if (contained) continue;
    if (sticking.some((outer) => outer.contains(el))) continue;
    sticking.push(el);
  }
  for (const el of sticking.slice(0, 5)) {
    problems.push(`${describe(el)} sticks out ${Math.round(el.getBoundingClientRect().right - view)}px on the right`);
  }

  // Tables must fit the text column; on a phone they may scroll inside their own box instead.
  for (const table of document.querySelectorAll(".md-content table:not(.highlighttable)")) {
    if (!visible(table)) continue;
    const column = table.closest(".md-content__inner") || document.body;
    const width = table.getBoundingClientRect().width;
    const room = column.getBoundingClientRect().width;
    if (width <= room + 1) continue;
    let box = null;
    for (let up = table.parentElement; up && up !== column; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === "auto" || overflow === "scroll") { box = up; break; }
    }
    const boxRect = box && box.getBoundingClientRect();
    const scrolls = box && boxRect.left >= -1 && boxRect.right <= view + 1;
    if (!(phone && scrolls)) {
      problems.push(`table ${Math.round(width)}px wide in a ${Math.round(room)}px column: ${describe(table)}`);
    }
  }

  // Code blocks: no line cut off at the right edge, and the copy button covers no text.
  for (const code of document.querySelectorAll(".md-content pre > code")) {
    if (!visible(code)) continue;
    if (code.scrollWidth > code.clientWidth + 1) {
      const widths = `${code.scrollWidth}px of text in ${code.clientWidth}px`;
      problems.push(`code block cuts off lines (${widths}): ${describe(code)}`);
    }
    const button = code.parentElement.querySelector(COPY);
    if (!button) { problems.push(`no copy button (has the theme's markup changed?): ${describe(code)}`); continue; }
    if (!visible(button)) continue;
    const b = button.getBoundingClientRect();
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let covered = null;
    for (let node = walker.nextNode(); node && !covered; node = walker.nextNode()) {
      range.selectNodeContents(node);
      if (range.getBoundingClientRect().top > b.bottom) break;
      // Word by word: white space may hang past the line's end (pre-wrap), which covers nothing.
      for (const word of node.textContent.matchAll(/\S+/g)) {
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const hit = [...range.getClientRects()].some((r) =>
          r.width > 0 && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top);
        if (hit) { covered = word[0].slice(0, 40); break; }
      }
    }
    if (covered) problems.push(`the copy button covers the text "${covered}" in ${describe(code)}`);
  }

  // A command-line flag in running text or a table stays whole: "--offline" never shows as "-" at
  // the end of one line and "-offline" on the next.
  const lineCount = (range) =>
    new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  const span = document.createRange();
  for (const code of document.querySelectorAll(".md-content code")) {
    if (code.closest("pre") || !visible(code)) continue;
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const flag of node.textContent.matchAll(/(?<!\S)--?[A-Za-z][\w.-]*/g)) {
        span.setStart(node, flag.index);
        span.setEnd(node, flag.index + flag[0].length);
        if (lineCount(span) > 1) problems.push(`the flag "${flag[0]}" breaks across lines in ${describe(code)}`);
      }
    }
  }

  // A heading breaks a long word only where an identifier reads well split: after ".", "_", "-", "/"
  // or ":", or between a lower-case letter (or digit) and a capital ("ChatOpenRouter" + "Responses"),
  // never in the middle of a word ("ChatOpenRouterRespon" + "ses").
  const sensible = (before, after) => /[._\-\/:]/.test(before) || (/[a-z0-9]/.test(before) && /[A-Z]/.test(after));
  for (const heading of document.querySelectorAll(".md-content :is(h1, h2, h3, h4, h5, h6)")) {
    if (!visible(heading)) continue;
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    let previous = null;
    let previousRect = null;
    let word = "";
    let broken = null;
    for (let node = walker.nextNode(); node && !broken; node = walker.nextNode()) {
      if (node.parentElement.closest(".headerlink")) continue;  // the permalink sign may wrap alone
      const text = node.textContent;
      for (let i = 0; i < text.length && !broken; i++) {
        if (/\s/.test(text[i])) { previous = null; word = ""; continue; }
        span.setStart(node, i);
        span.setEnd(node, i + 1);
        const rect = [...span.getClientRects()].find((r) => r.width > 0);
        if (!rect) continue;
        // A new line: this letter's middle is outside the previous letter's box (inline code has
        // its own font size, so letters on one line need not share a top).
        const middle = (rect.top + rect.bottom) / 2;
        const newLine = previous !== null && (middle > previousRect.bottom || middle < previousRect.top);
        if (newLine && !sensible(previous, text[i])) broken = `${word}/${text.slice(i).split(/\s/)[0]}`;
        previous = text[i];
        previousRect = rect;
        word += text[i];
      }
    }
    if (broken) problems.push(`a heading breaks a word in the middle: "${broken}" in ${describe(heading)}`);
  }

  // A Markdown escape that reached the reader: "\\|" in a table cell (write "a, b or c" instead).
  for (const cell of document.querySelectorAll(".md-content td, .md-content th")) {
    if (cell.textContent.includes("\\|")) problems.push(`a literal "\\|" in a table cell: ${describe(cell)}`);
  }

  // Links a reader cannot open: a local development server.
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (LOOPBACK.test(href)) problems.push(`link to a local server: ${href}`);
  }
  return problems;
}
""".replace("LOOPBACK", "/" + LOOPBACK_LINK.pattern.replace("/", "\\/") + "/i").replace("COPY", json.dumps(COPY_BUTTON))

# The theme adds a copy button to each code block from a script; wait for them (and for fonts).
READY = (
    """() => document.readyState === "complete" && document.fonts.status === "loaded" &&
  document.querySelectorAll(".md-content pre > code").length ===
  document.querySelectorAll(".md-content pre COPY_BUTTON").length"""
).replace("COPY_BUTTON", COPY_BUTTON)

# The page's first heading, without the permalink sign.
HEADING = """() => {
  const h1 = document.querySelector(".md-content h1");
  if (!h1) return "";
  const copy = h1.cloneNode(true);
  copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
  return copy.textContent.trim();
}"""

SELF_TEST_PAGE = """<!doctype html>
<html><head><title>Self-test</title>
<style>body{margin:0;font:16px sans-serif} .md-content__inner{width:300px}
pre{position:relative} pre>code{display:block;overflow:auto;white-space:pre}
.md-code__nav{position:absolute;top:0;right:0} button{width:40px;height:40px}</style></head>
<body><div class="md-content"><div class="md-content__inner">
<img src="missing.png" alt="missing">
<div style="width:3000px">wide</div>
<table><tr><td style="white-space:nowrap">a table cell far wider than the three hundred pixel column</td>
<td><code>--color auto\\|never</code></td></tr></table>
<pre><nav class="md-code__nav"><button data-md-type="copy"></button></nav>
<code>this code line is long enough to run under the copy button and past the edge</code></pre>
<a href="http://127.0.0.1:8000">preview</a>
<h1 style="overflow-wrap:anywhere">Pneumonoultramicroscopicsilicovolcanoconiosis</h1>
<p style="width:9ch">a b c d e <code>--offline</code></p>
</div></div>
<script>console.error("self-test console error")</script>
</body></html>
"""
SELF_TEST_EXPECTED = {
    "console error": "console error",
    "broken image": "broken image",
    "page scrolls sideways": "scrolls sideways",
    "element sticking out": "sticks out",
    "wide table": "table ",
    "cut-off code": "cuts off lines",
    "covered code": "copy button covers",
    "escaped pipe": 'literal "\\|"',
    "local link": "link to a local server",
    "heading broken mid-word": "a heading breaks a word in the middle",
    "flag broken across lines": "breaks across lines",
    "outside request": "outside the loopback server",
}


@dataclass
class PageReport:
    """What one page showed at one width."""

    path: str
    width: int
    title: str = ""
    heading: str = ""
    problems: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    seconds: float = 0.0


def find_browser(explicit: str | None) -> str | None:
    """The Chromium executable: the one asked for, else the first known name on PATH."""
    if explicit:
        return explicit if Path(explicit).is_file() or shutil.which(explicit) else None
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    return None


def build_site(site: Path) -> None:
    """Build the site with the documented command (strict mode) into ``site``."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(command, cwd=ROOT, check=True, env=env)  # noqa: S603 - our own interpreter


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yield its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site: Path) -> list[str]:
    """Every page of the site, as paths relative to its root (``""`` is the home page)."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative.startswith(("assets", "search", "repo")):
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages


def screenshot_name(path: str, width: int) -> str:
    """``guide/`` at 390 px -> ``guide@390.png``; the home page is ``index``."""
    return f"{path.strip('/').replace('/', '-') or 'index'}@{width}.png"


class Checker:
    """One browser, one tab per width, reused for every page."""

    def __init__(self, playwright: Any, browser: str, profile: Path, base: str) -> None:
        """Launch Chromium with a fresh profile; block every request that leaves ``base``'s server."""
        self.base = base
        self.context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=browser, headless=True, args=CHROMIUM_ARGS, viewport=None
        )
        self.context.route("**/*", self._route)
        self.events: list[str] = []
        self.tabs: dict[int, Any] = {}
        for width, height in WIDTHS.items():
            tab = self.context.new_page()
            tab.set_viewport_size({"width": width, "height": height})
            tab.on("console", self._console)
            tab.on("pageerror", lambda error: self.events.append(f"uncaught exception: {error}"))
            tab.on("requestfailed", self._failed)
            tab.on("response", self._response)
            self.tabs[width] = tab

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.events.append(f"console error: {message.text}")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith((self.base, "data:", "blob:")):
            route.continue_()
        else:
            self.events.append(f"request outside the loopback server (blocked): {url}")
            route.abort("blockedbyclient")

    def _failed(self, request: Any) -> None:
        if request.url.startswith(self.base):
            self.events.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400:  # noqa: PLR2004 - HTTP error statuses
            self.events.append(f"HTTP {response.status}: {response.url}")

    def check(self, path: str, width: int, shots: Path | None) -> PageReport:
        """Open one page at one width and report what is wrong with it."""
        started = time.perf_counter()
        report = PageReport(path, width)
        tab = self.tabs[width]
        self.events.clear()
        tab.goto(self.base + path, wait_until="load")
        with contextlib.suppress(Exception):  # a page without a copy button never matches; check it all the same
            tab.wait_for_function(READY, timeout=3000)
        report.title = tab.title()
        report.heading = tab.evaluate(HEADING)
        report.problems = [*tab.evaluate(LAYOUT_CHECKS, width == PHONE)]
        if shots is not None:
            report.screenshot = shots / screenshot_name(path, width)
            tab.screenshot(path=str(report.screenshot), full_page=True, animations="disabled")
        report.problems += self.events
        report.seconds = time.perf_counter() - started
        return report

    def close(self) -> None:
        """Close the browser."""
        self.context.close()


def self_test(checker_factory: Any) -> list[str]:
    """Open a page that breaks every rule; return the rules that failed to notice."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "index.html"
        page.write_text(
            SELF_TEST_PAGE.replace("</body>", '<img src="https://example.invalid/x.png" alt=""></body>'),
            encoding="utf-8",
        )
        with serve(Path(folder)) as base:
            checker = checker_factory(base)
            try:
                problems = checker.check("", PHONE, None).problems + checker.check("", max(WIDTHS), None).problems
            finally:
                checker.close()
    return [rule for rule, words in SELF_TEST_EXPECTED.items() if not any(words in p for p in problems)]


def main(argv: list[str] | None = None) -> int:
    """Build (unless ``--site``), serve and check the site; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"screenshot folder (default {OUT.relative_to(ROOT)})")
    parser.add_argument("--chromium", default=os.environ.get("DOCS_CHROMIUM"), help="the Chromium executable")
    parser.add_argument("--if-available", action="store_true", help="exit 0 with a notice when no browser is found")
    parser.add_argument("--self-test", action="store_true", help="first prove each rule catches a broken page")
    parser.add_argument("pages", nargs="*", help="only these pages (site paths such as guide/)")
    args = parser.parse_args(argv)

    browser = find_browser(args.chromium)
    if browser is None:
        notice = "docs browser check SKIPPED: no Chromium found (install Debian's `chromium` or set DOCS_CHROMIUM)"
        print(notice, file=sys.stderr)
        return 0 if args.if_available else 1
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only needed with a browser

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:

        def checker_for(base: str) -> Checker:
            profile = Path(tempfile.mkdtemp(dir=scratch, prefix="profile-"))
            return Checker(playwright, browser, profile, base)

        if args.self_test:
            print(f"docs browser check: {time.perf_counter() - started:.1f}s to start")
            missed = self_test(checker_for)
            if missed:
                print(f"docs browser check: the self-test page was not caught by: {', '.join(missed)}", file=sys.stderr)
                return 1
            print(f"docs browser check: self-test ok, all {len(SELF_TEST_EXPECTED)} rules fire on a broken page")

        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build_site(site)
        print(f"docs browser check: site ready after {time.perf_counter() - started:.1f}s")
        shots = args.out / "screenshots"
        shutil.rmtree(shots, ignore_errors=True)
        shots.mkdir(parents=True)
        reports: list[PageReport] = []
        with serve(site) as base:
            checker = checker_for(base)
            try:
                for path in args.pages or site_pages(site):
                    reports.extend(checker.check(path, width, shots) for width in WIDTHS)
            finally:
                checker.close()
    return summarise(reports, shots, time.perf_counter() - started)


def summarise(reports: list[PageReport], shots: Path, seconds: float) -> int:
    """Print each page's problems and duplicate titles; return 1 if there were any."""
    failed = 0
    titles: dict[str, set[str]] = {}
    for report in reports:
        titles.setdefault(f"title {report.title!r}", set()).add(report.path or "/")
        titles.setdefault(f"heading {report.heading!r}", set()).add(report.path or "/")
        if report.problems:
            failed += 1
            print(f"FAIL /{report.path} at {report.width}px:", file=sys.stderr)
            for problem in report.problems:
                print(f"    {problem}", file=sys.stderr)
    duplicates = {title: paths for title, paths in titles.items() if len(paths) > 1}
    for title, paths in duplicates.items():
        print(f"FAIL the {title} is shared by {', '.join(sorted(paths))}", file=sys.stderr)
    slowest = sorted(reports, key=lambda report: -report.seconds)[:3]
    print("slowest: " + ", ".join(f"/{report.path} at {report.width}px {report.seconds:.1f}s" for report in slowest))
    pages = len({report.path for report in reports})
    print(
        f"docs browser check: {pages} pages x {len(WIDTHS)} widths ({', '.join(f'{w}px' for w in WIDTHS)}), "
        f"{failed} failed, {len(duplicates)} duplicate titles, {seconds:.1f}s; screenshots in {_display(shots)}"
    )
    return 1 if failed or duplicates else 0


def _display(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(ROOT))
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
