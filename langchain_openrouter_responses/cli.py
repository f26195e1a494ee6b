"""`openrouter-responses`: stream a reply from OpenRouter (or the bundled offline emulator).

With `OPENROUTER_API_KEY` set the command talks to OpenRouter; without it (or
with `--offline`) it starts the loopback emulator and says so on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import Any, TextIO

from langchain_core.messages import AIMessageChunk, BaseMessage, HumanMessage, SystemMessage

from langchain_openrouter_responses._errors import OpenRouterError
from langchain_openrouter_responses.chat_models import DEFAULT_MODEL, ChatOpenRouterResponses

_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
_DIM, _RESET = "\033[2m", "\033[0m"


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line.

    Returns:
        The argument parser.
    """
    parser = argparse.ArgumentParser(
        prog="openrouter-responses",
        description="Stream a reply from any OpenRouter model through the Responses API.",
    )
    parser.add_argument("prompt", nargs="*", help="what to ask (read from stdin when omitted)")
    parser.add_argument("-m", "--model", default=DEFAULT_MODEL, help=f"model slug (default {DEFAULT_MODEL})")
    parser.add_argument(
        "-f", "--fallback", action="append", default=[], metavar="MODEL", help="fallback model, repeatable"
    )
    parser.add_argument("-r", "--reasoning-effort", choices=_EFFORTS, help="ask the model to reason")
    parser.add_argument("--show-reasoning", action="store_true", help="print reasoning (dimmed, to stderr)")
    parser.add_argument("-s", "--system", help="system prompt")
    parser.add_argument("--offline", action="store_true", help="use the bundled emulator even with a key")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command.

    Args:
        argv: Arguments (defaults to `sys.argv[1:]`).

    Returns:
        The process exit status.
    """
    args = build_parser().parse_args(argv)
    prompt = " ".join(args.prompt).strip() or (sys.stdin.read().strip() if not sys.stdin.isatty() else "")
    if not prompt:
        print("openrouter-responses: give a prompt, e.g. openrouter-responses 'Hello'", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        llm = _model(args, stack)
        messages: list[BaseMessage] = [SystemMessage(args.system)] if args.system else []
        messages.append(HumanMessage(prompt))
        try:
            _print_stream(llm.stream(messages), show_reasoning=args.show_reasoning)
        except OpenRouterError as error:
            print(f"\nerror: {error}", file=sys.stderr)
            return 1
    return 0


def _model(args: argparse.Namespace, stack: ExitStack) -> ChatOpenRouterResponses:
    settings: dict[str, Any] = {"model": args.model}
    if args.fallback:
        settings["models"] = args.fallback
    if args.reasoning_effort:
        settings["reasoning"] = {"effort": args.reasoning_effort}
    if args.offline or not os.environ.get("OPENROUTER_API_KEY"):
        from langchain_openrouter_responses.emulator import Emulator  # noqa: PLC0415

        emulator = stack.enter_context(Emulator())
        reason = "--offline" if args.offline else "OPENROUTER_API_KEY is not set"
        print(f"[offline: {reason}; answering from the bundled emulator at {emulator.base_url}]", file=sys.stderr)
        settings.update(base_url=emulator.base_url, api_key=emulator.api_key or "offline")
    return ChatOpenRouterResponses(**settings)


def _print_stream(chunks: Iterator[AIMessageChunk], *, show_reasoning: bool) -> None:
    final: AIMessageChunk | None = None
    out, err = sys.stdout, sys.stderr
    in_reasoning = False
    for chunk in chunks:
        for block in chunk.content_blocks:
            if block["type"] == "text" and block.get("text"):
                if in_reasoning:
                    err.write("\n\n")
                    in_reasoning = False
                out.write(block["text"])
                out.flush()
            elif block["type"] == "reasoning" and show_reasoning and block.get("reasoning"):
                _write_dim(err, str(block["reasoning"]))
                in_reasoning = True
        final = chunk if final is None else final + chunk
    out.write("\n")
    if final is not None:
        _print_summary(final, err)


def _write_dim(stream: TextIO, text: str) -> None:
    stream.write(f"{_DIM}{text}{_RESET}" if stream.isatty() else text)
    stream.flush()


def _print_summary(message: AIMessageChunk, stream: TextIO) -> None:
    metadata = message.response_metadata
    usage: dict[str, Any] = dict(message.usage_metadata or {})
    cost = metadata.get("cost")
    cost_text = f", cost ${cost:.6f}" if isinstance(cost, int | float) else ""
    stream.write(
        f"[{metadata.get('model_name')}: {usage.get('input_tokens', 0)} in, "
        f"{usage.get('output_tokens', 0)} out{cost_text}, finish {metadata.get('finish_reason')}]\n"
    )


if __name__ == "__main__":
    raise SystemExit(main())
