"""The command line's terminal rendering: markdown to ANSI, one complete line at a time."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from langchain_openrouter_responses.cli.render import MarkdownStream, PlainStream, inline, render_block

BOLD, BOLD_OFF = "\x1b[1m", "\x1b[22m"
ITALIC, ITALIC_OFF = "\x1b[3m", "\x1b[23m"
CODE, CODE_OFF = "\x1b[36m", "\x1b[39m"
DIM = "\x1b[2m"

ANSWER = """# Plan
Use **bold**, *italic* and `code`.

- first
- second **item**
  - nested
1. one
10. ten

```python
x = "**not bold**"
```
> quoted
"""


def render(text: str, pieces: list[int] | None = None) -> str:
    out = io.StringIO()
    stream = MarkdownStream(out)
    if pieces is None:
        stream.feed(text)
    else:
        start = 0
        for size in pieces:
            stream.feed(text[start : start + size])
            start += size
        stream.feed(text[start:])
    stream.close()
    return out.getvalue()


def test_inline_styles() -> None:
    assert inline("a **bold** word") == f"a {BOLD}bold{BOLD_OFF} word"
    assert inline("an *italic* and _also_") == f"an {ITALIC}italic{ITALIC_OFF} and {ITALIC}also{ITALIC_OFF}"
    assert inline("run `ls -la` now") == f"run {CODE}ls -la{CODE_OFF} now"
    assert inline("`a **b** c`") == f"{CODE}a **b** c{CODE_OFF}", "no emphasis inside code spans"
    assert inline("**see `x` here**") == f"{BOLD}see {CODE}x{CODE_OFF} here{BOLD_OFF}"
    assert inline("snake_case_name and 2*3*4") == "snake_case_name and 2*3*4"
    assert inline("[docs](https://example.com/a_b_)") == f"\x1b[4mdocs\x1b[24m {DIM}(https://example.com/a_b_)\x1b[22m"


def test_blocks() -> None:
    assert render_block("## Setup") == f"{BOLD}Setup{BOLD_OFF}"
    assert render_block("# Title **x**") == f"{BOLD}\x1b[4mTitle {BOLD}x\x1b[24m{BOLD_OFF}"
    assert render_block("- item") == "  • item"
    assert render_block("  * nested") == "    ◦ nested"
    assert render_block("1. one") == "  1. one"
    assert render_block("10. ten") == " 10. ten", "numbers are right-aligned so the items line up"
    assert render_block("---") == f"{DIM}{'─' * 40}\x1b[22m"
    assert render_block("plain text") == "plain text"


def test_fenced_code_block_is_indented_and_coloured() -> None:
    lines = render("text\n```python\nx = '**y**'\n  indented\n```\nafter *it*\n").splitlines()
    assert lines[0] == "text"
    assert lines[1] == f"{DIM}  ```python\x1b[22m"
    assert lines[2] == f"    {CODE}x = '**y**'{CODE_OFF}"
    assert lines[3] == f"    {CODE}  indented{CODE_OFF}"
    assert lines[4] == f"{DIM}  ```\x1b[22m"
    assert lines[5] == f"after {ITALIC}it{ITALIC_OFF}"


def test_lines_are_written_as_soon_as_they_complete() -> None:
    out = io.StringIO()
    stream = MarkdownStream(out)
    stream.feed("Hello **wor")
    assert out.getvalue() == "", "an incomplete line is held back"
    stream.feed("ld**\nnext")
    assert out.getvalue() == f"Hello {BOLD}world{BOLD_OFF}\n"
    stream.close()
    assert out.getvalue().endswith("next\n")


def test_control_characters_from_the_model_are_shown_not_obeyed() -> None:
    assert render("evil \x1b[2Jclear\n") == "evil ^[[2Jclear\n"


def test_plain_stream_keeps_the_text_unchanged() -> None:
    out = io.StringIO()
    stream = PlainStream(out)
    for piece in ("# Ti", "tle\n**bold", "**"):
        stream.feed(piece)
    stream.close()
    assert out.getvalue() == "# Title\n**bold**\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), max_size=40))
def test_rendering_does_not_depend_on_how_the_stream_is_split(pieces: list[int]) -> None:
    assert render(ANSWER, pieces) == render(ANSWER)


def test_very_long_lines_are_left_unstyled() -> None:
    line = "*a " * 2000
    assert inline(line) == line
    assert render(line + "\n") == line + "\n"
