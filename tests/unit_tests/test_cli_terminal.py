"""The interactive chat driven through a pseudo-terminal, keystroke by keystroke, as a user would."""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator

import pytest

from langchain_openrouter_responses.emulator import Emulator, Reply, text_item

# The child makes the pseudo-terminal its controlling terminal, so Ctrl-C (\x03) becomes SIGINT.
BOOT = (
    "import fcntl, runpy, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "runpy.run_module('langchain_openrouter_responses', run_name='__main__', alter_sys=True)"
)
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>])")
UNSET = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "NO_COLOR", "TERM")
DIM = "\x1b[2m"
CTRL_C = "\x03"


class Terminal:
    """A command running on a pseudo-terminal: type into it and read its screen output."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-c", BOOT, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.fd = master
        self.raw = ""
        self.text = ""  # what was written, without escape sequences or carriage returns
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._seen = 0

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def expect(self, needle: str, timeout: float = 20) -> str:
        """Wait for `needle` past the previous match; return the text up to and including it."""
        deadline = time.monotonic() + timeout
        while (found := self.text.find(needle, self._seen)) < 0:
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(f"{needle!r} did not appear; after the last match: {self.text[self._seen :]!r}")
        start, self._seen = self._seen, found + len(needle)
        return self.text[start : self._seen]

    def wait(self, timeout: float = 20) -> int | None:
        """Read until the command closes the terminal; return its exit status (None if it did not)."""
        deadline = time.monotonic() + timeout
        while self._read(deadline - time.monotonic()):
            pass
        try:
            return self.process.wait(timeout=max(deadline - time.monotonic(), 0.5))
        except subprocess.TimeoutExpired:
            return None

    def interrupt_at_prompt(self) -> int | None:
        """Press Ctrl-C at the prompt, at a person's pace, until the command leaves (at most 3 presses).

        CPython checks for signals only when its blocking terminal read is interrupted: a SIGINT
        that lands after the prompt is printed but before that read starts is noticed at the next
        key. A person never presses that fast; a test can, so it pauses and presses again.
        """
        status = None
        for _ in range(3):
            time.sleep(0.2)
            self.send(CTRL_C)
            if (status := self.wait(timeout=3)) is not None:
                break
        return status

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.fd)

    def _read(self, timeout: float) -> bool:
        if timeout <= 0 or not select.select([self.fd], [], [], timeout)[0]:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the command exited and closed the terminal
            data = b""
        if not data:
            return False
        chunk = self._decoder.decode(data)
        self.raw += chunk
        self._pending += chunk
        cut = self._pending.rfind("\x1b")  # keep an escape sequence that may be incomplete
        if cut < 0 or ANSI.match(self._pending, cut):
            cut = len(self._pending)
        self.text += ANSI.sub("", self._pending[:cut]).replace("\r", "")
        self._pending = self._pending[cut:]
        return True


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def environment(**extra: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in UNSET} | {"TERM": "xterm-256color"} | extra


def tokens_in(turn: str) -> int:
    match = re.search(r"\[anthropic/claude-sonnet-4: (\d+) in,", turn)
    assert match, turn
    return int(match[1])


def test_a_chat_keeps_its_history_until_reset(terminals: list[Terminal]) -> None:
    terminal = Terminal("-m", "anthropic/claude-sonnet-4", "-r", "high", "--show-reasoning", env=environment())
    terminals.append(terminal)
    terminal.expect("[offline: OPENROUTER_API_KEY is not set")
    terminal.expect("you> ")

    terminal.send("hi\r")
    first = terminal.expect("you> ")
    assert 'Hello! You said: "hi"' in first
    assert "The user greeted me or asked something short." in first, "--show-reasoning shows the reasoning"
    assert f"{DIM}The " in terminal.raw, "dimmed on a terminal"

    terminal.send("how are you\r")
    second = terminal.expect("you> ")
    assert 'Hello! You said: "how are you"' in second
    assert tokens_in(second) > tokens_in(first) + 5, "the second request carried the first turn"

    terminal.send("/reset\r")
    terminal.expect("[conversation cleared]")
    terminal.expect("you> ")
    terminal.send("hi\r")
    assert tokens_in(terminal.expect("you> ")) == tokens_in(first), "after /reset only the new message is sent"

    terminal.send("/exit\r")
    assert terminal.wait() == 0
    assert "Traceback" not in terminal.text


def test_ctrl_c_stops_an_answer_and_then_leaves(terminals: list[Terminal]) -> None:
    long_answer = "".join(f"Line {number} of a long answer.\n" for number in range(1, 400))
    with Emulator() as emulator:
        emulator.queue(Reply([text_item(long_answer)], delta_size=8, event_delay=0.01))
        env = environment(OPENROUTER_API_KEY=emulator.api_key or "key", OPENROUTER_BASE_URL=emulator.base_url)
        terminal = Terminal(env=env)
        terminals.append(terminal)
        terminal.expect("you> ")
        terminal.send("tell me a long story\r")
        terminal.expect("Line 3 of a long answer.")
        terminal.send(CTRL_C)
        terminal.expect("[interrupted]")
        terminal.expect("you> ")
        assert "Line 399" not in terminal.text

        terminal.send("hi\r")
        assert 'Hello! You said: "hi"' in terminal.expect("you> ")
        replayed = emulator.requests[-1].json["input"]
        assert [item["content"] for item in replayed] == ["hi"], "the interrupted turn is not replayed"

        assert terminal.interrupt_at_prompt() == 130
        assert "Traceback" not in terminal.text


def test_an_answer_keeps_its_line_breaks_on_a_terminal(terminals: list[Terminal]) -> None:
    poem = "Roses are red,\nviolets are blue,\nsugar is sweet.\n"
    with Emulator() as emulator:
        emulator.queue(Reply([text_item(poem)]))
        env = environment(OPENROUTER_API_KEY=emulator.api_key or "key", OPENROUTER_BASE_URL=emulator.base_url)
        terminal = Terminal("a poem", env=env)
        terminals.append(terminal)
        assert terminal.wait() == 0
    lines = [line.strip() for line in terminal.text.splitlines()]  # redrawn frames share a line
    assert "Roses are red, violets" not in terminal.text, "no soft break joins the lines"
    assert "violets are blue," in lines, terminal.text
    assert "sugar is sweet." in lines


def test_web_search_sources_follow_the_answer_on_a_terminal(terminals: list[Terminal]) -> None:
    terminal = Terminal("-m", "openai/gpt-4o:online", "latest python", env=environment())
    terminals.append(terminal)
    assert terminal.wait() == 0
    assert "Sources:\n[1] Emulated search result: https://search.example/results?q=latest+python\n" in terminal.text


def test_model_command_refuses_a_malformed_id_and_warns_about_an_unknown_one(terminals: list[Terminal]) -> None:
    terminal = Terminal(env=environment())
    terminals.append(terminal)
    terminal.expect("you> ")
    terminal.send("/model gpt-4o\r")
    refused = terminal.expect("you> ")
    assert "model='gpt-4o' is not an OpenRouter model id" in refused
    assert "still openai/gpt-oss-20b]" in refused
    terminal.send("/model not/a-model\r")
    warned = terminal.expect("you> ")
    assert "[model: not/a-model]" in warned
    assert "[warning: not/a-model is not in the model catalogue" in warned
    terminal.send("/model openai/gpt-4o:online\r")
    assert "warning" not in terminal.expect("you> "), "a known id with a variant is not warned about"
    terminal.send("/exit\r")
    assert terminal.wait() == 0
    assert "Traceback" not in terminal.text
