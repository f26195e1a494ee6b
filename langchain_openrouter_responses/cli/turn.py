"""One answer on the command line: stream it, summarise it, or describe it as JSON."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from langchain_core.messages import AIMessage, AIMessageChunk, message_chunk_to_message

from langchain_openrouter_responses.cli.render import TextSink, answer_sink, dim, visible
from langchain_openrouter_responses.cli.sources import cited_sources, sources_text

_FENCE_OPEN = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass
class Console:
    """Where and how the command writes.

    Attributes:
        out: The answer's stream.
        err: Notices, reasoning and summaries.
        render: Render the answer's markdown with ANSI codes (otherwise write it unchanged).
        dim: Style what goes to `err` (dimmed reasoning and summaries).
        show_reasoning: Print the reasoning to `err` as it streams.
    """

    out: TextIO
    err: TextIO
    render: bool = False
    dim: bool = False
    show_reasoning: bool = False

    def answer_sink(self) -> TextSink:
        """Return a fresh sink for one answer.

        Returns:
            rich's markdown rendering for a styled terminal (when installed), else a plain pass-through.
        """
        return answer_sink(self.out, render=self.render)

    def note(self, text: str) -> None:
        """Write a line to `err`, dimmed when styled.

        Args:
            text: The line, without its newline.
        """
        self.out.flush()
        self.err.write((dim(text) if self.dim else text) + "\n")
        self.err.flush()

    def error(self, text: str) -> None:
        """Write `error: <text>` to `err`.

        Args:
            text: What went wrong.
        """
        self.out.flush()
        self.err.write(f"error: {text}\n")
        self.err.flush()

    def reasoning(self, text: str) -> None:
        """Write a piece of reasoning to `err`, dimmed when styled.

        Args:
            text: The reasoning delta.
        """
        self.err.write(dim(visible(text)) if self.dim else text)
        self.err.flush()


def first_code_block(text: str) -> str:
    """Return the content of the first fenced code block in markdown (for `-x`).

    Args:
        text: The answer.

    Returns:
        The block's lines without its fences; the whole text when it has no fenced block.
    """
    lines = text.splitlines()
    for start, line in enumerate(lines):
        opening = _FENCE_OPEN.match(line)
        if opening is None:
            continue
        fence = opening[1]
        body = []
        for inner in lines[start + 1 :]:
            if inner.strip().startswith(fence[0] * len(fence)) and not inner.strip().strip(fence[0]):
                break
            body.append(inner)
        return "\n".join(body)
    return text


def error_text(error: Exception) -> str:
    """Word a library error for the command line, where the key is `--key`, not `api_key=`.

    Args:
        error: The error (usually an `OpenRouterError`).

    Returns:
        Its message, with the library's setting names replaced by the command's flags.
    """
    return str(error).replace("(or api_key=)", "(or --key)")


class AnswerInterrupted(KeyboardInterrupt):
    """Ctrl-C during an answer; `partial` is what had arrived (logged as interrupted, never replayed)."""

    def __init__(self, partial: AIMessage) -> None:
        """Keep what arrived.

        Args:
            partial: The answer so far.
        """
        super().__init__()
        self.partial = partial


def stream_answer(chunks: Iterator[AIMessageChunk], console: Console) -> AIMessage:
    """Print an answer as it streams and return the whole message.

    The answer goes to `console.out` (rendered line by line on a styled terminal);
    reasoning goes to `console.err` when `console.show_reasoning` is set. Whatever
    arrived is flushed even if the stream fails or is interrupted.

    Args:
        chunks: The model's stream.
        console: Where to write.

    Returns:
        The sum of the chunks as an `AIMessage`, ready to go back into the history.

    Raises:
        AnswerInterrupted: Ctrl-C; it carries what had arrived.
    """
    sink = console.answer_sink()
    parts: list[AIMessageChunk] = []
    in_reasoning = False
    try:
        for chunk in chunks:
            in_reasoning = _show(chunk, sink, console, in_reasoning=in_reasoning)
            parts.append(chunk)
    except KeyboardInterrupt:
        raise AnswerInterrupted(_join(parts)) from None
    finally:
        sink.close()
        if in_reasoning:
            console.err.write("\n")
        _close(chunks)
    message = _join(parts)
    show_sources(message, console)
    note_encrypted_reasoning(message, console)
    return message


def show_whole(message: AIMessage, console: Console) -> None:
    """Print a whole (non-streamed) answer: its reasoning, when asked for, then its text.

    Args:
        message: The answer.
        console: Where to write.
    """
    reasoning = reasoning_text(message)
    if console.show_reasoning and reasoning:
        console.reasoning(reasoning)
        console.err.write("\n\n")
        console.err.flush()
    sink = console.answer_sink()
    sink.feed(message.text)
    sink.close()
    show_sources(message, console)
    note_encrypted_reasoning(message, console)


def show_sources(message: AIMessage, console: Console) -> None:
    """List the web pages the answer cites after it, numbered as the answer's `[1]`, `[2]`.

    Args:
        message: The answer.
        console: Where to write (the answer's stream: the sources belong to the answer).
    """
    if text := sources_text(cited_sources(message.content)):
        console.out.write(f"\n{visible(text)}\n")
        console.out.flush()


def encrypted_reasoning(message: AIMessage) -> int | None:
    """Tell whether a reply's reasoning came back encrypted only.

    Args:
        message: The reply.

    Returns:
        Its reasoning token count when it has encrypted reasoning and no readable
        reasoning text; None otherwise.
    """
    if reasoning_text(message):
        return None
    for block in message.content_blocks:
        extras: dict[str, Any] = dict(block.get("extras") or {}) if block["type"] == "reasoning" else {}
        item = extras.get("item")
        if isinstance(item, dict) and item.get("encrypted_content"):
            usage: dict[str, Any] = dict(message.usage_metadata or {})
            details: dict[str, Any] = dict(usage.get("output_token_details") or {})
            return int(details.get("reasoning") or 0)
    return None


def note_encrypted_reasoning(message: AIMessage, console: Console) -> None:
    """With `--show-reasoning`, say in one line that the reasoning cannot be shown.

    Args:
        message: The reply.
        console: Where to write.
    """
    if console.show_reasoning and (tokens := encrypted_reasoning(message)) is not None:
        console.note(f"reasoning: encrypted by the provider, {tokens} tokens")


def _show(chunk: AIMessageChunk, sink: TextSink, console: Console, *, in_reasoning: bool) -> bool:
    for block in chunk.content_blocks:
        if block["type"] == "text" and block.get("text"):
            if in_reasoning:
                console.err.write("\n\n")
                console.err.flush()
                in_reasoning = False
            sink.feed(str(block["text"]))
        elif block["type"] == "reasoning" and console.show_reasoning and block.get("reasoning"):
            console.reasoning(str(block["reasoning"]))
            in_reasoning = True
    return in_reasoning


def collect(chunks: Iterator[AIMessageChunk]) -> AIMessage:
    """Read a whole stream without printing it.

    Args:
        chunks: The model's stream.

    Returns:
        The sum of the chunks as an `AIMessage`.
    """
    try:
        return _join(list(chunks))
    finally:
        _close(chunks)


def _join(parts: list[AIMessageChunk]) -> AIMessage:
    if not parts:
        return AIMessage("")
    total = parts[0]
    for part in parts[1:]:
        total += part
    message = message_chunk_to_message(total)
    return message if isinstance(message, AIMessage) else AIMessage(content=message.content)


def _close(chunks: Iterator[AIMessageChunk]) -> None:
    if isinstance(chunks, Generator):
        chunks.close()


def summary(message: AIMessage) -> str:
    """Describe a reply in one line: model, tokens, cost and finish reason.

    Args:
        message: The reply.

    Returns:
        E.g. `[openai/gpt-oss-20b: 12 in, 30 out, cost $0.000042, finish stop]`.
    """
    metadata = message.response_metadata
    usage: dict[str, Any] = dict(message.usage_metadata or {})
    cost = metadata.get("cost")
    cost_text = f", cost ${cost:.6f}" if isinstance(cost, int | float) else ""
    return (
        f"[{metadata.get('model_name')}: {usage.get('input_tokens', 0)} in, "
        f"{usage.get('output_tokens', 0)} out{cost_text}, finish {metadata.get('finish_reason')}]"
    )


def reasoning_text(message: AIMessage) -> str:
    """Return the readable reasoning of a reply (raw text or summaries).

    Args:
        message: The reply.

    Returns:
        The reasoning blocks' text joined by blank lines; empty when the model gave
        none or only encrypted reasoning.
    """
    texts = [block.get("reasoning") for block in message.content_blocks if block["type"] == "reasoning"]
    return "\n\n".join(text for text in texts if isinstance(text, str) and text)


def as_json(message: AIMessage) -> dict[str, Any]:
    """Describe a reply for `--json`.

    Args:
        message: The reply.

    Returns:
        `text`, `reasoning`, `model`, `finish_reason`, `usage_metadata`, `cost`, `tool_calls`,
        `sources` (cited URLs and titles), `id` and the whole `response_metadata`.
    """
    metadata = message.response_metadata
    return {
        "text": message.text,
        "reasoning": reasoning_text(message),
        "model": metadata.get("model_name"),
        "finish_reason": metadata.get("finish_reason"),
        "usage_metadata": message.usage_metadata,
        "cost": metadata.get("cost"),
        "tool_calls": message.tool_calls,
        "sources": cited_sources(message.content),
        "id": message.id,
        "response_metadata": metadata,
    }
