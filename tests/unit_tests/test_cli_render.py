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
    keep_line_breaks,
    markdown,
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


POEM = "Roses are red,\nviolets are blue,\nsugar is sweet.\n\nJane Doe\n12 High Street\nSpringfield\n"


def rendered_lines(answer: str) -> list[str]:
    """What a terminal shows for an answer rendered by rich: its non-blank lines, stripped."""
    from rich.console import Console  # noqa: PLC0415 - only these tests need it

    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(markdown(answer))
    return [line.strip() for line in out.getvalue().splitlines() if line.strip()]


def test_a_poem_keeps_its_line_breaks_on_a_terminal() -> None:
    assert rendered_lines(POEM) == [line for line in POEM.splitlines() if line]


def test_hard_breaks_leave_code_lists_and_tables_as_they_were() -> None:
    answer = (
        "```\nx = 1  \ny = 2\n```\n\n    indented code\n    more\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    lines = rendered_lines(answer)
    assert "x = 1" in lines, "a fenced line gets no extra spaces"
    assert "indented code" in lines
    assert [line for line in lines if line.startswith("•")] == ["• one", "• two"]
    assert any(re.fullmatch(r"\W*1\W+2\W*", line) for line in lines), "the table is still a table"
    assert keep_line_breaks("```\nx\ny\n```") == "```\nx\ny\n```"
    assert keep_line_breaks("a\n\nb\n") == "a\n\nb\n"


WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
LINE = st.lists(WORD, min_size=1, max_size=5).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=4).map("\n".join)
LIST = st.lists(LINE, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {item}" for item in items))
CODE = st.lists(LINE, min_size=1, max_size=3).map(lambda lines: "```\n" + "\n".join(lines) + "\n```")


@given(st.lists(st.one_of(PARAGRAPH, LIST, CODE), min_size=1, max_size=4).map("\n\n".join))
def test_rich_shows_the_same_lines_as_the_plain_renderer(answer: str) -> None:
    out = io.StringIO()
    plain = PlainStream(out)
    plain.feed(answer)
    plain.close()
    plain_lines = [
        line.removeprefix("- ").strip()
        for line in out.getvalue().splitlines()
        if line.strip() and not line.startswith("```")
    ]
    assert [line.removeprefix("• ") for line in rendered_lines(answer)] == plain_lines
