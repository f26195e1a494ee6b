"""The interactive chat: a `you> ` prompt, streamed answers and a history replayed every turn.

OpenRouter's Responses API is stateless, so each turn sends the whole history; the
model's own `AIMessage` goes back into it unchanged, reasoning items included.
"""

from __future__ import annotations

from collections.abc import Callable

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from langchain_openrouter_responses import OpenRouterError
from langchain_openrouter_responses.chat_models import ChatOpenRouterResponses
from langchain_openrouter_responses.cli.turn import Console, stream_answer, summary

PROMPT = "you> "
HELP = """commands:
  /help          show this help
  /model [SLUG]  show the model, or switch to SLUG (the conversation is kept)
  /reset         forget the conversation (the system prompt stays)
  /exit          leave (also /quit or Ctrl-D)
  //text         send a message that starts with "/"
  Ctrl-C         stop an answer; at the prompt, leave"""
EXIT_INTERRUPTED = 130


class ChatSession:
    """A multi-turn conversation on a terminal.

    Attributes:
        llm: The chat model (replaced by `/model`).
        history: The messages sent with the next turn.
    """

    def __init__(
        self,
        llm: ChatOpenRouterResponses,
        console: Console,
        *,
        system: str | None = None,
        read_line: Callable[[str], str] = input,
    ) -> None:
        """Prepare a session.

        Args:
            llm: The chat model.
            console: Where answers, notices and reasoning go.
            system: A system prompt kept at the head of the history, across `/reset`.
            read_line: Reads one line after showing the prompt (raises `EOFError` at the end).
        """
        self.llm = llm
        self.console = console
        self._system = system
        self._read_line = read_line
        self.history: list[BaseMessage] = self._fresh_history()
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
        self.console.note(f"[chatting with {self.llm.model_name}: /help for commands, /exit or Ctrl-D to leave]")
        if first_prompt:
            self.ask(first_prompt)
        while True:
            try:
                line = self._read_line(PROMPT)
            except EOFError:
                self._end_prompt_line()
                return 0
            except KeyboardInterrupt:
                self._end_prompt_line()
                return EXIT_INTERRUPTED
            if not self.handle(line):
                return 0

    def handle(self, line: str) -> bool:
        """Run a command or send a message.

        Args:
            line: What the user typed.

        Returns:
            False when the session should end.
        """
        text = line.strip()
        if text.startswith("//"):
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

        A failed or interrupted turn leaves the history as it was before it.

        Args:
            prompt: The user's message.
        """
        self.history.append(HumanMessage(prompt))
        try:
            reply = stream_answer(self.llm.stream(self.history), self.console)
        except KeyboardInterrupt:
            self.history.pop()
            self.console.note("[interrupted]")
            return
        except OpenRouterError as error:
            self.history.pop()
            self.console.error(str(error))
            return
        self.history.append(reply)
        self.console.note(summary(reply))

    def _fresh_history(self) -> list[BaseMessage]:
        return [SystemMessage(self._system)] if self._system else []

    def _end_prompt_line(self) -> None:
        self.console.out.write("\n")
        self.console.out.flush()

    def _help(self, _argument: str) -> bool:
        self.console.note(HELP)
        return True

    def _model(self, slug: str) -> bool:
        if slug:
            self.llm = self.llm.model_copy(update={"model_name": slug})
            self.console.note(f"[model: {slug}]")
        else:
            self.console.note(f"[model: {self.llm.model_name}]")
        return True

    def _reset(self, _argument: str) -> bool:
        self.history = self._fresh_history()
        self.console.note("[conversation cleared]")
        return True

    def _exit(self, _argument: str) -> bool:
        return False
