"""The interactive chat: a `you> ` prompt, streamed answers and a history replayed every turn.

OpenRouter's Responses API is stateless, so each turn sends the whole history; the
model's own `AIMessage` goes back into it unchanged, reasoning items included. Each
exchange is logged (see `cli/store.py`), so `-c` continues the chat later. Prompts
go to stderr, so stdout carries only answers.
"""

from __future__ import annotations

import difflib
import sys
import time
from collections.abc import Callable
from typing import Any

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterError
from langchain_openrouter_responses.cli.budget import CostCap
from langchain_openrouter_responses.cli.conversation import Conversation
from langchain_openrouter_responses.cli.models import catalogue
from langchain_openrouter_responses.cli.options import describe
from langchain_openrouter_responses.cli.probe import checked_model
from langchain_openrouter_responses.cli.store import INTERRUPTED
from langchain_openrouter_responses.cli.turn import AnswerInterrupted, Console, error_text, stream_answer, summary

PROMPT = "you> "
MORE = "...> "
BLOCK = '"""'
HELP = f"""commands:
  /help          show this help
  /model [SLUG]  show the model, or switch to SLUG (the conversation is kept)
  /reset         start a new conversation (the system prompt stays)
  /exit          leave (also /quit or Ctrl-D)
  //text         send a message that starts with "/"
  {BLOCK}            start a multi-line message; a line ending with {BLOCK} sends it
  Ctrl-C         stop an answer; at the prompt, leave"""
EXIT_INTERRUPTED = 130


def unknown_model_warning(slug: str) -> str | None:
    """Warn about a model id the catalogue does not know (it may be newer than the catalogue).

    Args:
        slug: The model id, possibly with a `:variant`.

    Returns:
        A notice naming the closest known ids, or None for a known id.
    """
    known = [row["id"] for row in catalogue()]
    base = slug.split(":", 1)[0]
    if base in known or slug in known or base.startswith(("@", "~", "openrouter/")):
        return None
    close = difflib.get_close_matches(base, known, n=3, cutoff=0.6)
    suggestion = f"; did you mean {', '.join(close)}?" if close else ""
    return (
        f"[warning: {slug} is not in the model catalogue{suggestion} "
        "(`openrouter-responses models --refresh` updates it; a newer id works if OpenRouter knows it)]"
    )


def read_line(prompt: str) -> str:
    """Read one line, showing the prompt on stderr (on a terminal, with line editing).

    Args:
        prompt: The prompt.

    Returns:
        The line, without its newline.
    """
    if sys.stdin.isatty() and sys.stdout.isatty():
        return input(prompt)  # readline needs the prompt to redraw the line; both are the terminal
    sys.stderr.write(prompt)
    sys.stderr.flush()
    return input()


class ChatSession:
    """A multi-turn conversation on a terminal.

    Attributes:
        llm: The chat model (replaced by `/model`).
        conversation: The history and its log.
    """

    def __init__(
        self,
        llm: ChatOpenRouterResponses,
        console: Console,
        conversation: Conversation,
        *,
        read_line: Callable[[str], str] = read_line,
        cost_cap: CostCap | None = None,
        tools: list[dict[str, Any]] | None = None,
    ) -> None:
        """Prepare a session.

        Args:
            llm: The chat model.
            console: Where answers, notices and reasoning go.
            conversation: The conversation to continue (its history may be empty).
            read_line: Reads one line after showing the prompt (raises `EOFError` at the end).
            cost_cap: `--max-cost`: once reached, messages are refused without being sent.
            tools: `--tool`: server tools sent with every message.
        """
        self.llm = llm
        self.console = console
        self.conversation = conversation
        self._read_line = read_line
        self._cost_cap = cost_cap
        self._call: dict[str, Any] = {"tools": list(tools)} if tools else {}
        self._commands: dict[str, Callable[[str], bool]] = {
            "/help": self._help,
            "/model": self._model,
            "/reset": self._reset,
            "/exit": self._exit,
            "/quit": self._exit,
        }

    def run(self, first_prompt: str | None = None) -> int:
        """Chat until `/exit`, end of input or Ctrl-C at the prompt.

        Args:
            first_prompt: A message to send before the first prompt.

        Returns:
            The exit status: 0, or 130 after Ctrl-C at the prompt.
        """
        turns = len(self.conversation.history) // 2
        resumed = f", continuing conversation {self.conversation.id} ({turns} turns)" if turns else ""
        tools = f" and {', '.join(str(tool['type']) for tool in self._call['tools'])}" if self._call else ""
        self.console.note(
            f"[chatting with {self.llm.model_name}{tools}{resumed}: /help for commands, /exit or Ctrl-D to leave]"
        )
        if first_prompt:
            self.ask(first_prompt)
        while True:
            try:
                line = self._read_message()
            except EOFError:
                self._end_prompt_line()
                return 0
            except KeyboardInterrupt:
                self._end_prompt_line()
                return EXIT_INTERRUPTED
            if not self.handle(line):
                return 0

    def _read_message(self) -> str:
        line = self._read_line(PROMPT)
        if not line.lstrip().startswith(BLOCK):
            return line
        text = line.lstrip()[len(BLOCK) :]
        lines: list[str] = []
        while not text.rstrip().endswith(BLOCK):
            lines.append(text)
            text = self._read_line(MORE)
        lines.append(text.rstrip()[: -len(BLOCK)])
        return "\n".join(lines).strip("\n") or " "

    def handle(self, line: str) -> bool:
        """Run a command or send a message.

        Args:
            line: What the user typed.

        Returns:
            False when the session should end.
        """
        text = line.strip()
        if "\n" in text:
            self.ask(text)
        elif text.startswith("//"):
            self.ask(text[1:])
        elif text.startswith("/"):
            name, _, argument = text.partition(" ")
            command = self._commands.get(name.lower())
            if command is None:
                self.console.note(f"unknown command {name}: /help lists them")
                return True
            return command(argument.strip())
        elif text:
            self.ask(text)
        return True

    def ask(self, prompt: str) -> None:
        """Send a message with the history, stream the answer and keep both.

        A failed turn leaves the history as it was; an interrupted one is logged as
        interrupted and left out of the history.

        Args:
            prompt: The user's message.
        """
        if self._cost_cap is not None and (refusal := self._cost_cap.refusal()) is not None:
            self.console.error(refusal)
            return
        started = time.monotonic()
        model = self.llm.model_name
        try:
            reply = stream_answer(self.llm.stream(self.conversation.messages(prompt), **self._call), self.console)
        except AnswerInterrupted as interrupted:
            self.conversation.record(
                prompt=prompt, content=prompt, model=model, message=interrupted.partial, status=INTERRUPTED,
                started=started,
            )  # fmt: skip
            self.console.note("[interrupted]")
            return
        except KeyboardInterrupt:
            self.console.note("[interrupted]")
            return
        except OpenRouterError as error:
            self.console.error(error_text(error))
            return
        self.conversation.record(prompt=prompt, content=prompt, model=model, message=reply, started=started)
        self.console.note(summary(reply))

    def _end_prompt_line(self) -> None:
        self.console.err.write("\n")
        self.console.err.flush()

    def _help(self, _argument: str) -> bool:
        self.console.note(HELP)
        return True

    def _model(self, slug: str) -> bool:
        if not slug:
            self.console.note(f"[model: {self.llm.model_name}]")
            return True
        try:
            checked_model({"model": slug})  # the id's form, checked as -m checks it
        except ValueError as error:
            self.console.note(f"[{describe(error)}; still {self.llm.model_name}]")
            return True
        self.llm = self.llm.model_copy(update={"model_name": slug})
        self.console.note(f"[model: {slug}]")
        if warning := unknown_model_warning(slug):
            self.console.note(warning)
        return True

    def _reset(self, _argument: str) -> bool:
        self.conversation.reset()
        self.console.note("[conversation cleared]")
        return True

    def _exit(self, _argument: str) -> bool:
        return False
