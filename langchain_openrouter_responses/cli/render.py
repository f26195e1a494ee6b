"""Terminal output for the command line: markdown rendered with ANSI codes, line by line.

A streamed answer arrives in small deltas. :class:`MarkdownStream` keeps only the
current incomplete line, renders every line as soon as its newline arrives and
never holds the whole answer. :class:`PlainStream` writes the text unchanged, for
pipes and files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Protocol, TextIO

_CODES = {
    "b": "\033[1m",  # bold
    "/b": "\033[22m",
    "d": "\033[2m",  # dim (shares its "off" code with bold)
    "/d": "\033[22m",
    "i": "\033[3m",  # italic
    "/i": "\033[23m",
    "u": "\033[4m",  # underline
    "/u": "\033[24m",
    "s": "\033[9m",  # strike-through
    "/s": "\033[29m",
    "c": "\033[36m",  # code: cyan
    "/c": "\033[39m",
}
DIM, BOLD, RESET = _CODES["d"], _CODES["b"], "\033[0m"

# Styles are first written as private markers (shift-out, name, shift-in) so the
# markdown patterns never see ANSI codes; control characters in the model's text are
# made visible beforehand, so a marker cannot come from the text itself.
_MARKER = re.compile(r"\x0e(/?\w)\x0f")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_PLACEHOLDER = re.compile(r"\x0e(\d+)\x0f")
_EMPHASIS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*"), ("b", "i")),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), ("b",)),
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), ("b",)),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), ("s",)),
    (re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])"), ("i",)),
    (re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), ("i",)),
)
_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
_HEADING = re.compile(r"^\s{0,3}(?P<level>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)[-*+]\s+(?P<text>.*)$")
_NUMBERED = re.compile(r"^(?P<indent>\s*)(?P<number>\d{1,9}[.)])\s+(?P<text>.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(?P<text>.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*$")
_BULLETS = "•◦▪"
_RULE_WIDTH = 40
_INLINE_LIMIT = 4000  # longer lines are written unstyled: the emphasis patterns are quadratic at worst


class TextSink(Protocol):
    """Where a streamed answer goes: fed deltas, closed at the end."""

    def feed(self, text: str) -> None:
        """Write a delta of the answer."""

    def close(self) -> None:
        """Finish the answer, ending its last line."""


class PlainStream:
    """Write the answer unchanged (pipes and files), ending it with one newline."""

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


class MarkdownStream:
    r"""Render markdown to ANSI one complete line at a time.

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> stream = MarkdownStream(out)
        >>> stream.feed("Some **bo")
        >>> out.getvalue()  # nothing until the line is complete
        ''
        >>> stream.feed("ld** text\n")
        >>> out.getvalue()
        'Some \x1b[1mbold\x1b[22m text\n'
    """

    def __init__(self, out: TextIO) -> None:
        """Wrap an output stream.

        Args:
            out: Where the rendered lines go (a terminal).
        """
        self._out = out
        self._pending: list[str] = []
        self._fence: str | None = None

    def feed(self, text: str) -> None:
        """Buffer a delta and write every line it completes.

        Args:
            text: The delta.
        """
        *complete, rest = text.split("\n")
        if complete:
            complete[0] = "".join(self._pending) + complete[0]
            self._pending.clear()
            for line in complete:
                self._out.write(self.render_line(line) + "\n")
            self._out.flush()
        if rest:
            self._pending.append(rest)

    def close(self) -> None:
        """Render the incomplete last line, if any, and forget any open code block."""
        if self._pending:
            self._out.write(self.render_line("".join(self._pending)) + "\n")
            self._out.flush()
        self._pending.clear()
        self._fence = None

    def render_line(self, raw: str) -> str:
        """Render one complete line, tracking fenced code blocks across lines.

        Args:
            raw: The line without its newline.

        Returns:
            The line with ANSI codes; every style it opens is closed on the same line.
        """
        line = visible(raw.rstrip("\r"))
        fence = _FENCE.match(line)
        if self._fence is not None:
            if fence and _closes(fence, self._fence):
                self._fence = None
                return style("d", "  " + line.strip())
            return "    " + style("c", line)
        if fence:
            self._fence = fence["marker"]
            return style("d", "  " + line.strip())
        return render_block(line)


def _closes(fence: re.Match[str], opening: str) -> bool:
    marker = fence["marker"]
    return marker[0] == opening[0] and len(marker) >= len(opening) and not fence["info"].strip()


def render_block(line: str) -> str:
    """Render one line outside a code block: heading, rule, list item, quote, table or text.

    Args:
        line: The line, control characters already made visible.

    Returns:
        The rendered line.
    """
    for pattern, render in _BLOCKS:
        if match := pattern.match(line):
            return render(match)
    return inline(line)


def _heading(match: re.Match[str]) -> str:
    text = inline(match["text"]).replace(_CODES["/b"], "")
    styles = ("b", "u") if len(match["level"]) == 1 else ("b",)
    return style_all(styles, text)


def _rule(_match: re.Match[str]) -> str:
    return style("d", "─" * _RULE_WIDTH)


def _level(indent: str) -> int:
    return len(indent.expandtabs(4)) // 2


def _bullet(match: re.Match[str]) -> str:
    level = _level(match["indent"])
    marker = _BULLETS[min(level, len(_BULLETS) - 1)]
    return f"{'  ' * (level + 1)}{marker} {inline(match['text'])}"


def _numbered(match: re.Match[str]) -> str:
    return f"{'  ' * _level(match['indent'])}{match['number']:>4} {inline(match['text'])}"


def _quote(match: re.Match[str]) -> str:
    return f"{style('d', '│')} {style('i', inline(match['text']))}"


def _table_rule(match: re.Match[str]) -> str:
    return style("d", match[0])


def _table_row(match: re.Match[str]) -> str:
    return inline(match[0]).replace("|", style("d", "|"))


_BLOCKS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_HEADING, _heading),
    (_RULE, _rule),
    (_BULLET, _bullet),
    (_NUMBERED, _numbered),
    (_QUOTE, _quote),
    (_TABLE_RULE, _table_rule),
    (_TABLE_ROW, _table_row),
)


def inline(text: str) -> str:
    """Render inline markdown: code spans, links, bold, italic and strike-through.

    Args:
        text: One line of text, control characters already made visible.

    Returns:
        The text with ANSI codes (unchanged when longer than 4,000 characters).
    """
    if len(text) > _INLINE_LIMIT:
        return text
    held: list[str] = []

    def hold(rendered: str) -> str:
        held.append(rendered)
        return f"\x0e{len(held) - 1}\x0f"

    marked = _CODE_SPAN.sub(lambda match: hold(_mark(("c",), _trim(match[2]))), text)
    marked = _LINK.sub(lambda match: _link(match[1], match[2], hold), marked)
    for pattern, names in _EMPHASIS:
        marked = pattern.sub(partial(_wrap, names), marked)
    marked = _PLACEHOLDER.sub(lambda match: held[int(match[1])], marked)
    return _MARKER.sub(lambda match: _CODES[match[1]], marked)


def _trim(code: str) -> str:
    both_sides = len(code) > 2 and code[0] == code[-1] == " "  # noqa: PLR2004 - two spaces and content
    return code[1:-1] if both_sides and code.strip() else code


def _link(label: str, url: str, hold: Callable[[str], str]) -> str:
    shown = _mark(("u",), label)
    return shown if label == url else f"{shown} {hold(_mark(('d',), f'({url})'))}"


def _wrap(names: tuple[str, ...], match: re.Match[str]) -> str:
    return _mark(names, match[1])


def _mark(names: tuple[str, ...], text: str) -> str:
    opening = "".join(f"\x0e{name}\x0f" for name in names)
    closing = "".join(f"\x0e/{name}\x0f" for name in reversed(names))
    return f"{opening}{text}{closing}"


def style(name: str, text: str) -> str:
    """Wrap text in one ANSI style.

    Args:
        name: A style: `b` bold, `d` dim, `i` italic, `u` underline, `s` strike, `c` code.
        text: The text.

    Returns:
        The styled text.
    """
    return f"{_CODES[name]}{text}{_CODES['/' + name]}"


def style_all(names: tuple[str, ...], text: str) -> str:
    """Wrap text in several ANSI styles.

    Args:
        names: Style names, as for :func:`style`.
        text: The text.

    Returns:
        The styled text.
    """
    for name in reversed(names):
        text = style(name, text)
    return text


def visible(text: str) -> str:
    """Show control characters (escape sequences included) instead of obeying them.

    Args:
        text: Text from the model.

    Returns:
        The text with each control character but tab written in caret notation.
    """
    return _CONTROL.sub(_caret, text)


def _caret(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:  # noqa: PLR2004 - the C0 control range
        return "^" + chr(code + 0x40)
    return "^?" if code == 0x7F else f"\\x{code:02x}"  # noqa: PLR2004 - DEL
