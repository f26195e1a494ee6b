"""Terminal output: markdown rendered by rich (the `cli` extra), plain text otherwise.

A streamed answer arrives in small deltas. :class:`RichMarkdownStream` redraws the
markdown block still arriving (up to a blank line outside a code fence) in a
`rich.live.Live` area and leaves each finished block on screen. Without rich, or on a
pipe, :class:`PlainStream` writes the text unchanged.
"""

from __future__ import annotations

import importlib.util
import os
import re
import time
from typing import Any, Protocol, TextIO

DIM, DIM_OFF = "\033[2m", "\033[22m"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INDENTED_CODE = re.compile(r"^(?: {4}|\t)")
_REFRESH_SECONDS = 1 / 15
COLOR_CHOICES = ("auto", "always", "never")


def wants_color(choice: str, stream: TextIO) -> bool:
    """Decide whether to style a stream.

    Args:
        choice: `always`, `never` or `auto` (a terminal, unless `NO_COLOR` is set or `TERM=dumb`).
        stream: The stream to style.

    Returns:
        Whether to write ANSI codes to it.
    """
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


class TextSink(Protocol):
    """Where a streamed answer goes: fed deltas, closed at the end."""

    def feed(self, text: str) -> None:
        """Write a delta of the answer."""

    def close(self) -> None:
        """Finish the answer, ending its last line."""


def rich_available() -> bool:
    """Tell whether rich is installed (`pip install "langchain-openrouter-responses[cli]"`).

    Returns:
        True when `import rich` would work.
    """
    try:
        return importlib.util.find_spec("rich") is not None
    except (ImportError, ValueError):  # a module set to None in sys.modules
        return False


class PlainStream:
    """Write the answer unchanged (pipes, files, no rich), ending it with one newline."""

    def __init__(self, out: TextIO) -> None:
        """Wrap an output stream.

        Args:
            out: Where the text goes.
        """
        self._out = out
        self._line_open = False

    def feed(self, text: str) -> None:
        """Write a delta as it arrived.

        Args:
            text: The delta.
        """
        if text:
            self._out.write(text)
            self._out.flush()
            self._line_open = not text.endswith("\n")

    def close(self) -> None:
        """End the last line if the answer did not."""
        if self._line_open:
            self._out.write("\n")
            self._out.flush()
        self._line_open = False


class RichMarkdownStream:
    """Render a streamed answer's markdown with rich, block by block.

    Each block gets its own `rich.live.Live` area, redrawn as deltas arrive; once the
    block is finished, its final rendering stays on screen and the next block starts below.
    """

    def __init__(self, out: TextIO) -> None:
        """Wrap an output stream (rich must be installed).

        Args:
            out: Where the rendered answer goes.
        """
        from rich.console import Console  # noqa: PLC0415 - rich is optional and slow to import

        self._console = Console(file=out, force_terminal=True, highlight=False)
        self._live: Any = None
        self._pending = ""
        self._blocks = 0
        self._last_refresh = 0.0

    def feed(self, text: str) -> None:
        """Take a delta: finish the blocks it completes, redraw the one still open.

        Args:
            text: The delta.
        """
        self._pending += text
        done, self._pending = split_blocks(self._pending)
        if done.strip():
            self._finish(done)
        now = time.monotonic()
        if self._pending.strip() and now - self._last_refresh >= _REFRESH_SECONDS:
            self._show(self._pending)
            self._last_refresh = now

    def close(self) -> None:
        """Finish the last block."""
        if self._pending.strip() or self._live is not None:
            self._finish(self._pending)
        self._pending = ""

    def _show(self, text: str) -> None:
        if self._live is None:
            from rich.live import Live  # noqa: PLC0415

            if self._blocks:
                self._console.line()
            self._live = Live(console=self._console, auto_refresh=False)
            self._live.start()
        self._live.update(markdown(text), refresh=True)

    def _finish(self, text: str) -> None:
        self._show(text)
        self._live.stop()
        self._live = None
        self._blocks += 1
        self._last_refresh = 0.0


def markdown(text: str) -> Any:
    """Build rich's rendering of an answer's markdown (rich must be installed).

    Args:
        text: The answer's markdown, as the model wrote it.

    Returns:
        A `rich.markdown.Markdown` that shows control characters and keeps line breaks.
    """
    from rich.markdown import Markdown  # noqa: PLC0415

    return Markdown(keep_line_breaks(visible(text)))


def keep_line_breaks(text: str) -> str:
    """Turn markdown's soft line breaks into hard ones, so a terminal shows lines as written.

    CommonMark joins the lines of a paragraph into one (a soft break); a model's poem,
    address or unmarked list means its line breaks. Two trailing spaces make each break
    hard. Lines in fenced or indented code blocks, blank lines, a block's last line and
    lines that already end in a hard break are left alone (a hard break at the end of a
    block, a list item or a table row renders as nothing).

    Args:
        text: Markdown.

    Returns:
        The same markdown with a hard break at the end of every line inside a paragraph.
    """
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines[:-1]):
        match = _FENCE.match(line)
        if fence is not None:
            if match and _closes(match[1], fence, line):
                fence = None
            continue
        if match:
            fence = match[1]
            continue
        following = lines[index + 1]
        if not line.strip() or not following.strip() or _INDENTED_CODE.match(line) or line.endswith(("  ", "\\")):
            continue
        lines[index] = line + "  "
    return "\n".join(lines)


def _closes(marker: str, fence: str, line: str) -> bool:
    return marker[0] == fence[0] and len(marker) >= len(fence) and not line.strip()[len(marker) :]


def split_blocks(text: str) -> tuple[str, str]:
    """Split markdown into finished blocks and the block still arriving.

    A block is finished at a blank line outside a fenced code block, or when its
    closing fence has arrived.

    Args:
        text: The markdown so far.

    Returns:
        `(finished, rest)`; `finished + rest == text`.
    """
    cut = 0
    fence: str | None = None
    position = 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        if not line.endswith("\n"):
            break
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match[1]
        elif fence is not None:
            if match and _closes(match[1], fence, line):
                fence = None
                cut = position
        elif not line.strip():
            cut = position
    return text[:cut], text[cut:]


def answer_sink(out: TextIO, *, render: bool) -> TextSink:
    """Choose how to write an answer.

    Args:
        out: The answer's stream.
        render: Whether to render markdown (a styled terminal).

    Returns:
        rich's rendering when asked for and installed, else plain text.
    """
    if render and rich_available():
        return RichMarkdownStream(out)
    return PlainStream(out)


def dim(text: str) -> str:
    """Wrap text in the dim ANSI style.

    Args:
        text: The text.

    Returns:
        The styled text.
    """
    return f"{DIM}{text}{DIM_OFF}"


def visible(text: str) -> str:
    """Show control characters (escape sequences included) instead of obeying them.

    Args:
        text: Text from the model.

    Returns:
        The text with each control character but tab and newline written in caret notation.
    """
    return _CONTROL.sub(_caret, text)


def _caret(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:  # noqa: PLR2004 - the C0 control range
        return "^" + chr(code + 0x40)
    return "^?" if code == 0x7F else f"\\x{code:02x}"  # noqa: PLR2004 - DEL
