"""MkDocs hooks (registered in mkdocs.yml): publish repository files that docs pages link to.

Also: link the API reference's mentions of `openai` exception classes (e.g. in "Bases:") to their
entries on the errors page, which mkdocstrings cannot do by itself (the SDK has no inventory, and
rendering the SDK's own docstrings would make every build load the whole SDK).

A page may link a file outside docs/ by its relative path, e.g. the benchmark chart
``../benchmarks/results/chart.png``, so the link also works when the Markdown is read on a
code host. MkDocs only publishes files under docs/, so this hook copies each such file into the
site under ``repo/`` and points the link there. Markdown pages outside docs/ are not published
this way (their own links would break); mention them as plain paths instead.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

LINK = re.compile(r"(\]\()([^)\s]+)(\))")
PREFIX = "repo"
_published: dict[str, str] = {}  # absolute path -> src_uri in the site


def _outside_target(page_uri: str, target: str, docs_dir: Path) -> Path | None:
    """The repository file a relative link points to, if it lies outside docs/ (else None)."""
    if "://" in target or target.startswith(("#", "/", "mailto:")):
        return None
    path = target.split("#", 1)[0]
    resolved = (docs_dir / posixpath.dirname(page_uri) / path).resolve()
    root = docs_dir.parent.resolve()
    if resolved.is_relative_to(docs_dir.resolve()) or not resolved.is_relative_to(root):
        return None
    if not resolved.is_file() or resolved.suffix == ".md":
        return None
    return resolved


def on_files(files: Files, config: Any) -> Files:
    """Add every non-Markdown repository file that a docs page links to."""
    docs_dir = Path(config["docs_dir"])
    root = docs_dir.parent.resolve()
    for page in list(files.documentation_pages()):
        for match in LINK.finditer(Path(page.abs_src_path).read_text(encoding="utf-8")):
            target = _outside_target(page.src_uri, match.group(2), docs_dir)
            if target is None or str(target) in _published:
                continue
            src_uri = f"{PREFIX}/{target.relative_to(root).as_posix()}"
            _published[str(target)] = src_uri
            files.append(File.generated(config, src_uri, abs_src_path=str(target)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:  # noqa: ARG001 - hook signature
    """Point links at the published copies."""
    docs_dir = Path(config["docs_dir"])

    def replace(match: re.Match[str]) -> str:
        target = _outside_target(page.file.src_uri, match.group(2), docs_dir)
        if target is None or str(target) not in _published:
            return match.group(0)
        relative = posixpath.relpath(_published[str(target)], posixpath.dirname(page.file.src_uri) or ".")
        return f"{match.group(1)}{relative}{match.group(3)}"

    return LINK.sub(replace, markdown)


ERRORS_PAGE = "api/errors.md"
UNRESOLVED = re.compile(r'<span title="(?P<identifier>openai\.\w+)">(?P<title>.*?)</span>')
HEADING_ID = re.compile(r"\{#(openai\.\w+)\}")


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Turn the unresolved `openai.X` references in a page into links to the errors page's `openai.X` entries."""
    errors = Path(config["docs_dir"]) / ERRORS_PAGE
    if not errors.is_file():
        return output
    known = set(HEADING_ID.findall(errors.read_text(encoding="utf-8")))
    if page.file.src_uri == ERRORS_PAGE:
        target = ""
    else:
        there = ERRORS_PAGE.removesuffix(".md") + ("/" if config["use_directory_urls"] else ".html")
        target = posixpath.relpath(there, posixpath.dirname(page.url) or ".")
        target += "/" if there.endswith("/") else ""

    def link(match: re.Match[str]) -> str:
        if match["identifier"] not in known:
            return match.group(0)
        return f'<a class="autorefs autorefs-internal" href="{target}#{match["identifier"]}">{match["title"]}</a>'

    return UNRESOLVED.sub(link, output)


# Line breaking in headings and inline code (checked at 390 and 1280 px by scripts/docs_browser.py).
# CSS alone cannot do this: Chromium breaks "--offline" after its first hyphen whatever `word-break`
# or `line-break` says (only `white-space: nowrap` stops it, which long inline code must not have),
# and it has no rule for where an identifier may break. So the page marks the places:
# docs/stylesheets/extra.css keeps `.md-flag` spans on one line.
INLINE_CODE = re.compile(r"(?<!<pre>)(?<!</span>)<code>([^<]*)</code>")
FLAG = re.compile(r"(?<!\S)(--?[A-Za-z][\w.-]*)")
FLAG_SPAN = r'<span class="md-flag">\1</span>'
HEADING = re.compile(r"(<h([1-6])\b[^>]*>)(.*?)(</h\2>)", re.DOTALL)
TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")
LONG_WORD = re.compile(r"\S{16,}")
IDENTIFIER_JOINT = re.compile(r"(?<=[._/])(?=\w)|(?<=[a-z0-9])(?=[A-Z])")


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:  # noqa: ARG001 - hook signature
    """Keep command-line flags whole in inline code; let long identifiers in headings break where they read well."""
    html = INLINE_CODE.sub(lambda match: "<code>" + FLAG.sub(FLAG_SPAN, match[1]) + "</code>", html)
    return HEADING.sub(lambda match: match[1] + _breakable(match[3]) + match[4], html)


def _breakable(inner: str) -> str:
    """Put `<wbr>` into a heading's long words after `.`, `_` and `/`, and before an inner capital.

    Only words of 16 characters or more: a shorter one moves to the next line whole, as usual.
    Tags and character references are left alone.
    """
    parts = TAG_OR_ENTITY.split(inner)
    for index in range(0, len(parts), 2):  # the text between tags
        parts[index] = LONG_WORD.sub(lambda word: IDENTIFIER_JOINT.sub("<wbr>", word[0]), parts[index])
    return "".join(parts)
