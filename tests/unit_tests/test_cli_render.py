"""The command line's terminal output: rich markdown block by block, plain text without rich."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from langchain_openrouter_responses.cli.render import (
    PlainStream,
    RichMarkdownStream,
    answer_sink,
    rich_available,
    split_blocks,
    visible,
)

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
ANSWER = """# Plan
Use **bold**, *italic* and `code`.

- first
- second

```python
x = "**not bold**"

y = 2
```
> quoted
"""


def test_split_blocks_cuts_at_blank_lines_outside_fences() -> None:
    done, rest = split_blocks("para one\n\npara two")
    assert (done, rest) == ("para one\n\n", "para two")
    done, rest = split_blocks("```\ncode\n\nmore code\n")
    assert done == "", "a blank line inside an open fence does not end the block"
    done, rest = split_blocks("```\ncode\n\nmore\n```\nafter")
    assert (done, rest) == ("```\ncode\n\nmore\n```\n", "after")
    assert split_blocks("no newline yet") == ("", "no newline yet")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab `~\n#*-", max_size=80))
def test_split_blocks_keeps_every_character(text: str) -> None:
    done, rest = split_blocks(text)
    assert done + rest == text


def test_rich_renders_markdown_as_it_streams() -> None:
    out = io.StringIO()
    stream = RichMarkdownStream(out)
    for start in range(0, len(ANSWER), 5):
        stream.feed(ANSWER[start : start + 5])
    stream.close()
    raw = out.getvalue()
    assert "\x1b[1mbold\x1b[0m" in raw
    text = ANSI.sub("", raw)
    assert "Plan" in text
    assert "**bold**" not in text
    assert '"**not bold**"' in text, "code stays as written"
    assert "• first" in text
    assert "quoted" in text


def test_plain_stream_writes_the_text_unchanged_and_ends_the_line() -> None:
    out = io.StringIO()
    stream = PlainStream(out)
    stream.feed("# Title\n**bold**")
    stream.close()
    assert out.getvalue() == "# Title\n**bold**\n"


def test_without_rich_the_sink_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    assert rich_available()
    assert isinstance(answer_sink(io.StringIO(), render=True), RichMarkdownStream)
    assert isinstance(answer_sink(io.StringIO(), render=False), PlainStream)
    monkeypatch.setitem(__import__("sys").modules, "rich", None)
    assert not rich_available()
    assert isinstance(answer_sink(io.StringIO(), render=True), PlainStream)


def test_control_characters_from_the_model_are_shown_not_obeyed() -> None:
    assert visible("a\x1b[31mb\tc\n") == "a^[[31mb\tc\n"
    out = io.StringIO()
    stream = RichMarkdownStream(out)
    stream.feed("evil \x1b]0;title\x07 text\n")
    stream.close()
    assert "\x1b]0;" not in out.getvalue()
