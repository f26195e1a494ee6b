"""The prompt: arguments and piped stdin, decoded as UTF-8 without ever raising.

Python hands undecodable argument bytes over as lone surrogates (`surrogateescape`),
which would fail much later when the request is encoded. They are decoded here with
U+FFFD replacement instead, and one warning goes to stderr.
"""

from __future__ import annotations

import sys
from contextlib import suppress
from typing import TextIO

_WARNING = "warning: the input is not valid UTF-8; undecodable bytes were replaced with U+FFFD"


class Decoder:
    """Decodes arguments and stdin, warning once on stderr about bytes that are not UTF-8."""

    def __init__(self, err: TextIO) -> None:
        """Prepare a decoder.

        Args:
            err: Where the one warning goes.
        """
        self._err = err
        self.warned = False

    def text(self, value: str) -> str:
        """Clean an argument that may carry undecodable bytes as surrogates.

        Args:
            value: The argument as Python received it.

        Returns:
            Valid text (bad bytes replaced).
        """
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            try:
                raw = value.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
                raw = value.encode("utf-8", "replace")
                self._warn()
            return self.decode(raw)
        return value

    def decode(self, raw: bytes) -> str:
        """Decode bytes as UTF-8, replacing what is not.

        Args:
            raw: The bytes.

        Returns:
            The text.
        """
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self._warn()
            return raw.decode("utf-8", errors="replace")

    def _warn(self) -> None:
        if not self.warned:
            self.warned = True
            self._err.write(_WARNING + "\n")
            self._err.flush()


def read_stdin(stdin: TextIO, decoder: Decoder) -> str:
    """Read everything piped on stdin (nothing from a terminal).

    Args:
        stdin: The standard input.
        decoder: Decodes the bytes.

    Returns:
        The text, or "" for a terminal or an input that cannot be read.
    """
    try:
        if stdin.isatty():
            return ""
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            return decoder.decode(buffer.read())
        return decoder.text(stdin.read())
    except (OSError, ValueError):  # closed, or a test harness's placeholder
        return ""


def combine(piped: str, prompt: str) -> str:
    """Join piped input and the prompt argument, stdin first (as `llm` does).

    Args:
        piped: What came on stdin.
        prompt: The prompt arguments, joined.

    Returns:
        The prompt to send.
    """
    piped, prompt = piped.strip(), prompt.strip()
    if piped and prompt:
        return f"{piped}\n\n{prompt}"
    return piped or prompt


def safe_streams() -> None:
    """Never fail on writing text the terminal's encoding cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(ValueError, OSError):  # a closed or exotic stream
                reconfigure(errors="replace")
