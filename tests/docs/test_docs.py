"""The docs' code blocks run against the emulator and their shown outputs match a fresh run."""

from __future__ import annotations

import importlib.util
import os
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


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not on PATH")
def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    """The documented build command, in a throwaway environment: no broken link, reference or page."""
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    env |= {"UV_PROJECT_ENVIRONMENT": str(tmp_path / "venv"), "NO_MKDOCS_2_WARNING": "1"}
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
    assert (tmp_path / "site" / "guide" / "index.html").is_file()
    assert (tmp_path / "site" / "api" / "chat-model" / "index.html").is_file()


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
