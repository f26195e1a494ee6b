"""The docs' code blocks run against the emulator and their shown outputs match a fresh run."""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "scripts" / "docs_exec.py"


def load_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_exec", RUNNER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["docs_exec"] = module
    spec.loader.exec_module(module)
    return module


docs_exec = load_runner()


def test_every_docs_block_runs_and_its_output_is_current() -> None:
    """CI's guard: fails when a block raises or a shown output differs from a fresh run."""
    result = subprocess.run(
        [sys.executable, str(RUNNER), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, (
        "docs are out of date or a block raised; run `uv run python scripts/docs_exec.py --write` "
        f"and review the diff\n{result.stdout}\n{result.stderr}"
    )
    assert "0 pages failed" in result.stdout


SITE_URL = "https://docs.example.invalid/langchain-openrouter-responses/"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documented build command, in a throwaway environment, with a site URL from the environment."""
    if shutil.which("uv") is None:
        pytest.skip("uv is not on PATH")
    tmp_path = tmp_path_factory.mktemp("docs")
    env = {key: value for key, value in os.environ.items() if key not in {"VIRTUAL_ENV", "DOCS_REPO_URL"}}
    env |= {"UV_PROJECT_ENVIRONMENT": str(tmp_path / "venv"), "NO_MKDOCS_2_WARNING": "1", "DOCS_SITE_URL": SITE_URL}
    command = ["uv", "run", "--locked", "--no-default-groups", "--group", "docs", "mkdocs", "build", "--strict"]
    result = subprocess.run(
        [*command, "--site-dir", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "site"


def test_the_site_builds_in_strict_mode(built_site: Path) -> None:
    """No broken link, reference or page; the sitemap lists every page under DOCS_SITE_URL."""
    assert (built_site / "guide" / "index.html").is_file()
    assert (built_site / "api" / "chat-model" / "index.html").is_file()
    pages = sorted(path.parent for path in built_site.rglob("index.html") if "assets" not in path.parts)
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert len(locations) == len(pages) >= 15
    assert all(location.startswith(SITE_URL) for location in locations)


SECTION = re.compile(
    r'<span class="doc-section-title">(?P<title>[^<:]+):</span>.*?(?P<table><table>.*?</table>)', re.DOTALL
)
ROW = re.compile(r'<tr class="doc-section-item">(.*?)</tr>', re.DOTALL)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.DOTALL)
ANCHOR = re.compile(r'id="(langchain_openrouter_responses[\w.]*)"')
# Sentences written to the author, not the reader, and words the reader is never told the meaning of.
PLACEHOLDERS = re.compile(
    r"\b(TODO|FIXME|TBD|XXX|lorem ipsum|placeholder|family-[AB])\b"
    r"|(^|[.:]\s+)(Explain|Describe|Document|Say|Write|Fill in|Add)\s+(where|what|how|why|which|here|the|this)\b",
    re.IGNORECASE,
)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").split())


def reference_problems(page: str) -> list[str]:
    """Split Returns/Raises tables, untyped parameters and attributes, placeholder sentences in one page."""
    problems = []
    for section in SECTION.finditer(page):
        title = section["title"]
        anchors = ANCHOR.findall(page, 0, section.start())
        where = f"{anchors[-1] if anchors else '?'} {title}"
        header = re.findall(r"<th>(.*?)</th>", section["table"])
        rows = [[_text(cell) for cell in CELL.findall(row)] for row in ROW.findall(section["table"])]
        type_column = header.index("Type") if "Type" in header else None
        for cells in rows:
            if type_column is not None and not cells[type_column]:
                problems.append(f"{where}: {cells[0]!r} has no type")
        if title not in {"Returns", "Raises", "Yields"}:
            continue
        description = len(header) - 1
        for previous, cells in itertools.pairwise(rows):
            before, text = previous[description], cells[description]
            if not re.search(r"[.!?:][)`\"']*$", before) or (text[:1].islower()):
                problems.append(f"{where}: a row continues the one before it ({before!r} / {text!r})")
    for identifier in re.findall(r'<span title="((?:openai|langchain_core\.exceptions)\.\w+)">', page):
        problems.append(f"an unlinked base class: {identifier}")
    article = page[page.find("<article") : page.rfind("</article>")]
    for match in PLACEHOLDERS.finditer(_text(re.sub(r"<script.*?</script>", " ", article, flags=re.DOTALL))):
        problems.append(f"placeholder or unexplained jargon: {match.group(0).strip()!r}")
    return problems


def test_the_api_reference_renders_whole_tables_and_no_placeholders(built_site: Path) -> None:
    """Docstring sections render as one row per item, every item is typed, no sentence is a note to the author."""
    problems = []
    for page in sorted((built_site / "api").rglob("index.html")):
        problems += [f"{page.parent.name}: {problem}" for problem in reference_problems(page.read_text("utf-8"))]
    assert problems == []


def test_reference_problems_catches_each_fault() -> None:
    """The checker itself, on rendered snippets shaped like mkdocstrings' output."""

    def table(title: str, rows: list[list[str]], header: tuple[str, ...] = ("Type", "Description")) -> str:
        head = "".join(f"<th>{name}</th>" for name in header)
        body = "".join(
            '<tr class="doc-section-item">' + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
        )
        section = f'<p><span class="doc-section-title">{title}:</span></p>'
        return f"{section}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    runnable = "<code>Runnable</code>"
    split = table("Returns", [[runnable, "The runnable; a refusal"], [runnable, "raises."]])
    assert "continues" in reference_problems(split)[0]
    whole = table("Returns", [[runnable, "The runnable; a refusal raises."]])
    assert reference_problems(whole) == []
    untyped = table("Attributes", [["api_key", "", "The bearer."]], ("Name", "Type", "Description"))
    assert "no type" in reference_problems(untyped)[0]
    assert "unlinked" in reference_problems('Bases: <code><span title="openai.RateLimitError">R</span></code>')[0]
    assert reference_problems("<article><p>Explain where the key comes from.</p></article>")
    assert reference_problems("<article><p>Build a family-B error.</p></article>")
    assert reference_problems("<article><p>No key is configured. Set OPENROUTER_API_KEY.</p></article>") == []


def page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_outputs_are_regenerated_and_stable(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """
        # Page

        ```python
        from langchain_openrouter_responses import ChatOpenRouterResponses

        print(ChatOpenRouterResponses().invoke("Write a haiku").text.splitlines()[0])
        ```

        <!-- output -->
        ```text
        a hand-written output
        ```

        ```python
        x = 1  # prints nothing: no output block
        ```

        ```bash
        echo shell blocks are never run
        ```
        """,
    )
    result = docs_exec.run_page(path)
    assert result.error is None
    assert result.ran == 2
    assert "a hand-written output" not in result.new
    assert "<!-- output -->\n```text\nRequests drift inward\n```" in result.new
    assert result.new.count("<!-- output -->") == 1
    path.write_text(result.new, encoding="utf-8")
    again = docs_exec.run_page(path)
    assert again.new == again.old


def test_setup_blocks_are_hidden_and_feed_the_next_block(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """
        <!-- setup
        from langchain_openrouter_responses.emulator import Reply, text_item
        emulator.queue(Reply([text_item("Scripted.")]))
        -->

        - In a list:

          ```python
          from langchain_openrouter_responses import ChatOpenRouterResponses

          print((await ChatOpenRouterResponses().ainvoke("Hi")).text)
          ```
        """,
    )
    result = docs_exec.run_page(path)
    assert result.error is None
    assert result.setups == 1
    assert "  <!-- output -->\n  ```text\n  Scripted.\n  ```" in result.new


def test_a_scripted_reply_must_be_used_by_the_next_block(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """
        <!-- setup
        from langchain_openrouter_responses.emulator import Reply, text_item
        emulator.queue(Reply([text_item("never asked for")]))
        -->

        ```python
        print("no request")
        ```
        """,
    )
    result = docs_exec.run_page(path)
    assert result.error is not None
    assert "not used" in result.error


def test_skip_needs_a_reason(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """
        <!-- skip -->
        ```python
        import not_installed
        ```
        """,
    )
    with pytest.raises(docs_exec.DocsError, match="reason"):
        docs_exec.parse(path.read_text(encoding="utf-8"), "page.md")
    path.write_text("<!-- skip: needs a package we do not ship -->\n```python\nimport not_installed\n```\n")
    result = docs_exec.run_page(path)
    assert result.error is None
    assert result.skipped == [(2, "needs a package we do not ship")]


def test_a_raising_block_names_its_page_line(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """
        Text.

        ```python
        x = 1
        raise RuntimeError("boom")
        ```
        """,
    )
    result = docs_exec.run_page(path)
    assert result.error is not None
    assert "page.md:3: the block raised" in result.error
    assert f'File "{path}", line 5' in result.error
    assert "RuntimeError: boom" in result.error


def test_orphan_output_marker_is_an_error() -> None:
    with pytest.raises(docs_exec.DocsError, match="must follow a code block"):
        docs_exec.parse("Text.\n\n<!-- output -->\n```text\nmade up\n```\n", "page.md")


def test_table_from_copies_the_first_table(tmp_path: Path) -> None:
    (tmp_path / "results.md").write_text("# R\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nmore\n", encoding="utf-8")
    path = page(tmp_path, "<!-- table-from: results.md -->\n| a | b |\n|---|---|\n| 0 | 0 |\n\nAfter.\n")
    result = docs_exec.run_page(path)
    assert result.error is None
    assert result.new == "<!-- table-from: results.md -->\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.\n"


def test_a_run_marked_shell_block_shows_what_the_command_printed(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """
        <!-- run -->
        ```bash
        echo "to stdout"
        echo "to stderr" >&2
        openrouter-responses "Write a haiku about routers" 2>/dev/null
        ```

        ```bash
        echo "an unmarked shell block never runs"
        ```
        """,
    )
    result = docs_exec.run_page(path)
    assert result.error is None
    assert result.ran == 1
    assert "<!-- output -->\n```text\nto stdout\nto stderr\nRequests drift inward\n" in result.new
    assert result.new.count("<!-- output -->") == 1


def test_a_failing_shell_block_fails_the_page(tmp_path: Path) -> None:
    path = page(tmp_path, "<!-- run -->\n```bash\necho partial\nfalse\necho never\n```\n")
    result = docs_exec.run_page(path)
    assert result.error is not None
    assert "page.md:2: the shell block exited with status 1" in result.error
    assert "partial" in result.error


def test_run_marks_only_shell_blocks() -> None:
    with pytest.raises(docs_exec.DocsError, match="only marks shell blocks"):
        docs_exec.parse("<!-- run -->\n```python\nprint(1)\n```\n", "page.md")
