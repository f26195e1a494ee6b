"""`openrouter-responses`: chat with any OpenRouter model (or the bundled offline emulator).

One prompt (as arguments or on stdin) streams one answer; with no prompt on a
terminal the command opens an interactive chat. With `OPENROUTER_API_KEY` set
it talks to OpenRouter; without it (or with `--offline`) it starts the loopback
emulator and says so on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from contextlib import ExitStack, suppress
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from langchain_openrouter_responses import OpenRouterError, __version__
from langchain_openrouter_responses.chat_models import DEFAULT_MODEL, ChatOpenRouterResponses
from langchain_openrouter_responses.cli.chat import EXIT_INTERRUPTED, HELP, ChatSession
from langchain_openrouter_responses.cli.turn import (
    COLOR_CHOICES,
    Console,
    as_json,
    collect,
    stream_answer,
    summary,
    wants_color,
)

_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
EXIT_USAGE = 2
_EPILOG = f"""\
modes:
  openrouter-responses 'Hello'          stream one answer (markdown rendered on a terminal)
  echo 'Hello' | openrouter-responses   the prompt can come from stdin
  openrouter-responses                  on a terminal: an interactive chat

interactive {HELP}

environment:
  OPENROUTER_API_KEY   your key; without it the bundled offline emulator answers
  OPENROUTER_BASE_URL  another API base URL (default https://openrouter.ai/api/v1)
  NO_COLOR             set it to write plain text even on a terminal (like --color never)

exit status: 0 done, 1 OpenRouter error, 2 usage error, 130 interrupted (Ctrl-C)."""


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line.

    Returns:
        The argument parser.
    """
    parser = argparse.ArgumentParser(
        prog="openrouter-responses",
        description="Chat with any OpenRouter model through the Responses API.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("prompt", nargs="*", help="what to ask (read from stdin when omitted and piped)")
    parser.add_argument("-m", "--model", default=DEFAULT_MODEL, help=f"model slug (default {DEFAULT_MODEL})")
    parser.add_argument(
        "-f", "--fallback", action="append", default=[], metavar="MODEL", help="fallback model, repeatable"
    )
    parser.add_argument(
        "-r",
        "--reasoning-effort",
        choices=_EFFORTS,
        metavar="EFFORT",
        help=f"ask the model to reason: {', '.join(_EFFORTS)}",
    )
    parser.add_argument("--show-reasoning", action="store_true", help="print reasoning (dimmed, to stderr)")
    parser.add_argument("-s", "--system", help="system prompt")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (text, reasoning, model, finish_reason, usage_metadata, cost, tool_calls, "
        "response_metadata) instead of streaming",
    )
    parser.add_argument(
        "-i",
        "--interactive",
        action="store_true",
        help="chat even when stdin is not a terminal (after PROMPT, if given)",
    )
    parser.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="render markdown and dim reasoning with ANSI codes: auto (on a terminal, unless NO_COLOR is set), "
        "always or never",
    )
    parser.add_argument("--offline", action="store_true", help="use the bundled emulator even with a key")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command.

    Args:
        argv: Arguments (defaults to `sys.argv[1:]`).

    Returns:
        The process exit status.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    interactive = args.interactive or (not args.prompt and sys.stdin.isatty())
    if interactive and args.json:
        parser.error("--json needs a prompt, as arguments or on stdin")
    console = Console(
        out=sys.stdout,
        err=sys.stderr,
        render=wants_color(args.color, sys.stdout),
        dim=wants_color(args.color, sys.stderr),
        show_reasoning=args.show_reasoning,
    )
    try:
        prompt = _read_prompt(args, interactive=interactive)
        if not interactive and not prompt:
            console.err.write("openrouter-responses: give a prompt, e.g. openrouter-responses 'Hello'\n")
            return EXIT_USAGE
        return _run(args, prompt, console, interactive=interactive)
    except KeyboardInterrupt:
        console.note("[interrupted]")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader left, e.g. `openrouter-responses ... | head -1`
        _silence_stdout()
        return 1


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's final flush does not fail again."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _read_prompt(args: argparse.Namespace, *, interactive: bool) -> str:
    prompt = " ".join(args.prompt).strip()
    if prompt or interactive:
        return prompt
    return sys.stdin.read().strip() if not sys.stdin.isatty() else ""


def _run(args: argparse.Namespace, prompt: str, console: Console, *, interactive: bool) -> int:
    with ExitStack() as stack:
        try:
            llm = _model(args, stack, console)
        except ValueError as error:  # an invalid setting, e.g. OPENROUTER_BASE_URL
            console.error(str(error))
            return 1
        if interactive:
            _enable_line_editing()
            return ChatSession(llm, console, system=args.system).run(prompt or None)
        return _answer_once(llm, args, prompt, console)


def _model(args: argparse.Namespace, stack: ExitStack, console: Console) -> ChatOpenRouterResponses:
    settings: dict[str, Any] = {"model": args.model}
    if args.fallback:
        settings["models"] = args.fallback
    if args.reasoning_effort:
        settings["reasoning"] = {"effort": args.reasoning_effort}
    if args.offline or not os.environ.get("OPENROUTER_API_KEY"):
        from langchain_openrouter_responses.emulator import Emulator  # noqa: PLC0415

        emulator = stack.enter_context(Emulator())
        reason = "--offline" if args.offline else "OPENROUTER_API_KEY is not set"
        console.note(f"[offline: {reason}; answering from the bundled emulator at {emulator.base_url}]")
        settings.update(base_url=emulator.base_url, api_key=emulator.api_key or "offline")
    return ChatOpenRouterResponses(**settings)


def _answer_once(llm: ChatOpenRouterResponses, args: argparse.Namespace, prompt: str, console: Console) -> int:
    messages: list[BaseMessage] = [SystemMessage(args.system)] if args.system else []
    messages.append(HumanMessage(prompt))
    try:
        if args.json:
            message = collect(llm.stream(messages))
            console.out.write(json.dumps(as_json(message), indent=2, default=str) + "\n")
            return 0
        message = stream_answer(llm.stream(messages), console)
    except OpenRouterError as error:
        console.error(str(error))
        return 1
    console.note(summary(message))
    return 0


def _enable_line_editing() -> None:
    """Give `input()` line editing and history where the platform has `readline`."""
    if sys.stdin.isatty():
        with suppress(ImportError):  # Windows has no readline
            import readline  # noqa: F401, PLC0415


if __name__ == "__main__":
    raise SystemExit(main())
