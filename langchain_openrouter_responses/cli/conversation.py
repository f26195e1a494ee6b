"""A conversation on the command line: its history, resent whole each turn, and its log.

OpenRouter's Responses API is stateless, so every turn sends the whole history. The
model's own `AIMessage` goes back into it unchanged: its content blocks keep the raw
output items (reasoning with its signature or encrypted content, tool calls), and the
log stores the message with `message_to_dict`, so a conversation continued in another
process (`-c`, `--cid`) replays byte-exact. Interrupted answers are logged as such and
never replayed.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any, TextIO

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, messages_from_dict
from langchain_core.messages.base import message_to_dict

from langchain_openrouter_responses.cli.store import COMPLETE, Exchange, LogStore, new_conversation_id
from langchain_openrouter_responses.cli.turn import reasoning_text


class Conversation:
    """The history sent with the next turn, and where each exchange is logged.

    Attributes:
        id: The conversation id (a new one after `reset`).
        system: The system prompt, kept at the head of the history.
        history: The user and assistant messages so far (complete exchanges only).
    """

    def __init__(
        self,
        store: LogStore | None,
        err: TextIO,
        *,
        conversation_id: str | None = None,
        system: str | None = None,
        options: dict[str, Any] | None = None,
        history: list[BaseMessage] | None = None,
    ) -> None:
        """Start or resume a conversation.

        Args:
            store: Where exchanges are logged (None: not logged).
            err: Where a failure to log is reported.
            conversation_id: The id to continue; a new one when None.
            system: The system prompt.
            options: The model settings, logged with each exchange (never the key).
            history: The messages of the exchanges so far.
        """
        self.store = store
        self._err = err
        self.id = conversation_id or new_conversation_id()
        self.system = system
        self.options = dict(options or {})
        self.history: list[BaseMessage] = list(history or [])

    def messages(self, content: str | list[Any]) -> list[BaseMessage]:
        """Return what the next turn sends.

        Args:
            content: The new user message's content (text, or text and attachment blocks).

        Returns:
            The system prompt, the history and the new message.
        """
        head: list[BaseMessage] = [SystemMessage(self.system)] if self.system else []
        return [*head, *self.history, HumanMessage(content)]

    def record(
        self,
        *,
        prompt: str,
        content: str | list[Any],
        model: str,
        message: AIMessage,
        status: str = COMPLETE,
        started: float,
        attachments: list[str] | None = None,
    ) -> None:
        """Keep an exchange in the history (when complete) and log it.

        Args:
            prompt: The prompt text.
            content: The user message's content as sent.
            model: The requested model.
            message: The answer (or what arrived before an interruption).
            status: `complete` or `interrupted`.
            started: `time.monotonic()` when the request started.
            attachments: The attachments' paths or URLs.
        """
        if status == COMPLETE:
            self.history += [HumanMessage(content), message]
        if self.store is None:
            return
        metadata = message.response_metadata
        cost = metadata.get("cost")
        exchange = Exchange(
            conversation_id=self.id,
            requested_model=model,
            served_model=metadata.get("model_name"),
            system=self.system,
            prompt=prompt,
            prompt_content=content,
            attachments=list(attachments or []),
            options=self.options,
            message=message_to_dict(message),
            text=message.text,
            reasoning=reasoning_text(message),
            usage=dict(message.usage_metadata) if message.usage_metadata else None,
            cost=float(cost) if isinstance(cost, int | float) else None,
            finish_reason=metadata.get("finish_reason"),
            status=status,
            duration_ms=round((time.monotonic() - started) * 1000),
        )
        try:
            self.store.add(exchange)
        except (sqlite3.Error, OSError) as error:
            self._err.write(f"warning: the exchange was not logged ({self.store.path}): {error}\n")
            self._err.flush()

    def reset(self) -> None:
        """Forget the history and start a new conversation id (the system prompt stays)."""
        self.history = []
        self.id = new_conversation_id()


def history_of(exchanges: list[Exchange]) -> list[BaseMessage]:
    """Rebuild the messages of logged exchanges, skipping interrupted ones.

    Args:
        exchanges: A conversation's exchanges, oldest first.

    Returns:
        User message, then the model's message exactly as returned, for each complete exchange.
    """
    history: list[BaseMessage] = []
    for exchange in exchanges:
        if exchange.status != COMPLETE or exchange.message is None:
            continue
        history += [HumanMessage(exchange.prompt_content), *messages_from_dict([exchange.message])]
    return history
