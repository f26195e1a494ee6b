"""Batch input lines → prompts, and answers or failures → result records (one JSON object each)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, convert_to_messages

PromptId = str | int
"""A prompt's id: the line's `id` (a string or an integer), else its line number (from 1)."""
_LINE_KEYS = frozenset({"id", "prompt", "messages", "model", "options", "system"})


class BatchInputError(ValueError):
    """An input line that is not a prompt (the message names the file and line)."""


@dataclass(frozen=True)
class BatchPrompt:
    """One prompt of a batch.

    Attributes:
        id: Its id, unique in the batch; results carry it.
        messages: The conversation to send (the system prompt first, when any).
        model: A model for this prompt only (None: the runner's model).
        options: Model settings for this prompt only (`temperature`, `reasoning`, ...).
        line: Its line in the input file (None when it did not come from a file).
    """

    id: PromptId
    messages: list[BaseMessage]
    model: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    line: int | None = field(default=None, compare=False)

    @classmethod
    def from_obj(cls, obj: Any, *, default_id: PromptId, system: str | None = None) -> BatchPrompt:
        """Read one input object.

        Args:
            obj: `{"id"?, "prompt" | "messages", "model"?, "options"?, "system"?}`; `messages` is a
                LangChain/OpenAI-style list of `{"role", "content"}` objects.
            default_id: The id when the object has none (its line number).
            system: The system prompt when the object has none.

        Returns:
            The prompt.

        Raises:
            BatchInputError: The object is not a prompt.
        """
        if not isinstance(obj, dict):
            raise BatchInputError("a line must be a JSON object with 'prompt' or 'messages'")
        unknown = sorted(set(obj) - _LINE_KEYS)
        if unknown:
            raise BatchInputError(f"unknown keys {unknown}; a line has {sorted(_LINE_KEYS)}")
        prompt_id = obj.get("id", default_id)
        if isinstance(prompt_id, bool) or not isinstance(prompt_id, str | int):
            raise BatchInputError(f"'id' must be a string or an integer, not {prompt_id!r}")
        if ("prompt" in obj) == ("messages" in obj):
            raise BatchInputError("give either 'prompt' (a string) or 'messages' (a list), not both or neither")
        model, options, system = obj.get("model"), obj.get("options", {}), obj.get("system", system)
        if model is not None and not isinstance(model, str):
            raise BatchInputError("'model' must be a string")
        if not isinstance(options, dict):
            raise BatchInputError("'options' must be an object of model settings")
        if system is not None and not isinstance(system, str):
            raise BatchInputError("'system' must be a string")
        messages = _messages(obj)
        if system:
            messages.insert(0, SystemMessage(system))
        return cls(prompt_id, messages, model, options)


def _messages(obj: dict[str, Any]) -> list[BaseMessage]:
    if "prompt" in obj:
        if not isinstance(obj["prompt"], str):
            raise BatchInputError("'prompt' must be a string")
        return [HumanMessage(obj["prompt"])]
    if not isinstance(obj["messages"], list) or not obj["messages"]:
        raise BatchInputError("'messages' must be a non-empty list of {'role', 'content'} objects")
    try:
        return list(convert_to_messages(obj["messages"]))
    except (ValueError, TypeError, KeyError, NotImplementedError) as error:
        raise BatchInputError(f"'messages' cannot be read: {error}") from None


def read_prompts(source: str | Path | Iterable[str], *, system: str | None = None) -> list[BatchPrompt]:
    """Read a JSONL batch: one prompt per line; blank lines are skipped but counted.

    Args:
        source: A file path, or the lines themselves.
        system: The system prompt of lines that have no `system`.

    Returns:
        The prompts in input order.

    Raises:
        BatchInputError: A line that is not a prompt, or an id used twice (the message says where).
    """
    name = str(source) if isinstance(source, str | Path) else "<input>"
    prompts: list[BatchPrompt] = []
    seen: dict[PromptId, int] = {}
    with ExitStack() as stack:
        lines = stack.enter_context(Path(source).open(encoding="utf-8")) if isinstance(source, str | Path) else source
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                prompt = BatchPrompt.from_obj(json.loads(line), default_id=number, system=system)
            except ValueError as error:  # json.JSONDecodeError and BatchInputError
                raise BatchInputError(f"{name}:{number}: {error}") from None
            if prompt.id in seen:
                raise BatchInputError(f"{name}:{number}: id {prompt.id!r} is already used on line {seen[prompt.id]}")
            seen[prompt.id] = number
            prompts.append(replace(prompt, line=number))
    return prompts


def reasoning_of(message: AIMessage) -> str:
    """Return a reply's readable reasoning (raw text or summaries), joined by blank lines."""
    texts = [block.get("reasoning") for block in message.content_blocks if block["type"] == "reasoning"]
    return "\n\n".join(text for text in texts if isinstance(text, str) and text)


def answer_record(prompt_id: PromptId, message: AIMessage, attempts: int, output: Any = None) -> dict[str, Any]:
    """Describe an answer as a result line.

    Args:
        prompt_id: The prompt's id.
        message: The reply.
        attempts: Requests sent for this prompt.
        output: The parsed structured output (None without a schema).

    Returns:
        `id`, `model` (served), `text`, `reasoning` (when readable), `output` (with a schema),
        `usage`, `cost`, `finish_reason`, `attempts`.
    """
    metadata = message.response_metadata
    record: dict[str, Any] = {"id": prompt_id, "model": metadata.get("model_name"), "text": message.text}
    if reasoning := reasoning_of(message):
        record["reasoning"] = reasoning
    if output is not None:
        record["output"] = output.model_dump(mode="json") if hasattr(output, "model_dump") else output
    record["usage"] = dict(message.usage_metadata) if message.usage_metadata else None
    record["cost"] = metadata.get("cost")
    record["finish_reason"] = metadata.get("finish_reason")
    record["attempts"] = attempts
    return record


def error_record(
    prompt_id: PromptId, error: BaseException, attempts: int, message: AIMessage | None = None
) -> dict[str, Any]:
    """Describe a failure as a result line.

    Args:
        prompt_id: The prompt's id.
        error: What failed (after the retries).
        attempts: Requests sent for this prompt.
        message: The reply, when one arrived but could not be used (structured output that does not
            parse): its usage and cost are kept, since they were paid for.

    Returns:
        `id`, `error` (`type`, `message`, and `status` for HTTP errors), `attempts`, and `model`,
        `text`, `usage`, `cost` when a reply arrived.
    """
    described: dict[str, Any] = {"type": type(error).__name__, "message": str(error)}
    status = getattr(error, "http_status", None)
    if isinstance(status, int):
        described["status"] = status
    record: dict[str, Any] = {"id": prompt_id}
    if message is not None:
        answer = answer_record(prompt_id, message, attempts)
        record.update({key: answer[key] for key in ("model", "text", "usage", "cost", "finish_reason")})
    record["error"] = described
    record["attempts"] = attempts
    return record


def tokens_of(record: dict[str, Any]) -> tuple[int, int, int]:
    """Return a record's input, output and reasoning tokens (zeros when it has no usage)."""
    usage = record.get("usage") or {}
    details = usage.get("output_token_details") or {}
    return int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0), int(details.get("reasoning") or 0)
