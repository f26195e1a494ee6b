"""`openrouter-responses`: chat with any OpenRouter model (or the bundled offline emulator).

One prompt (arguments, piped stdin, or both) streams one answer; with no prompt on a
terminal the command opens an interactive chat. `logs`, `models` and `batch` are subcommands
when they come first; `openrouter-responses -- models` or `openrouter-responses prompt
models` sends the word as a prompt.

This module imports only the standard library, so `--help` and `--version` are quick;
langchain-core and the `openai` SDK are imported once a prompt is to be answered.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress

from langchain_openrouter_responses._version import __version__
from langchain_openrouter_responses.cli.inputs import Decoder, combine, read_stdin, safe_streams
from langchain_openrouter_responses.cli.options import add_endpoint_flags, positive_usd
from langchain_openrouter_responses.cli.render import COLOR_CHOICES

DEFAULT_MODEL = "openai/gpt-oss-20b"  # the same as chat_models.DEFAULT_MODEL (a test checks)
EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
SUBCOMMANDS = ("prompt", "logs", "models", "batch", "key")
_ONE_SHOT = (("--json", "json"), ("--schema", "schema"), ("--schema-multi", "schema_multi"))  # not in a chat
_EPILOG = """\
modes:
  openrouter-responses 'Hello'                   stream one answer (markdown rendered on a terminal)
  cat notes.txt | openrouter-responses 'Sum up'  stdin first, then the prompt, in one message
  openrouter-responses -c 'And then?'            continue the latest conversation (--cid ID: a given one)
  openrouter-responses                           on a terminal: an interactive chat
  openrouter-responses logs                      recent exchanges, tokens and cost (logs --help)
  openrouter-responses models -q claude          the model catalogue (models --help)
  openrouter-responses batch in.jsonl -o out.jsonl  many prompts, resumable (batch --help)
  openrouter-responses key                       the key's credit limit, usage and rate limit
  openrouter-responses -- models                 a prompt that is a subcommand's name (or: prompt models)

interactive commands: /help, /model [SLUG], /reset, /exit; a line starting with \"\"\" begins a
multi-line message, a line ending with \"\"\" sends it.

environment:
  OPENROUTER_API_KEY              your key (--key); without a key or base URL the offline emulator answers
  OPENROUTER_BASE_URL             another API base URL (--base-url; default https://openrouter.ai/api/v1)
  OPENROUTER_RESPONSES_NO_LOG=1   do not log exchanges (--no-log)
  XDG_DATA_HOME                   where the log lives: $XDG_DATA_HOME/openrouter-responses/logs.db
  NO_COLOR                        plain text even on a terminal (like --color never)

exit status: 0 done, 1 OpenRouter error, 2 usage error, 130 interrupted (Ctrl-C)."""


def build_parser() -> argparse.ArgumentParser:
    """Describe the prompt command line.

    Returns:
        The argument parser.
    """
    parser = argparse.ArgumentParser(
        prog="openrouter-responses",
        description="Chat with any OpenRouter model through the Responses API.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("prompt", nargs="*", help="what to ask; piped stdin comes first when both are given")
    add("-m", "--model", help=f"model id (default {DEFAULT_MODEL}, or the continued conversation's)")
    add("-f", "--fallback", action="append", default=[], metavar="MODEL", help="fallback model, repeatable")
    add("-r", "--reasoning-effort", choices=EFFORTS, metavar="EFFORT", help=f"reasoning: {', '.join(EFFORTS)}")
    add("--show-reasoning", action="store_true", help="print readable reasoning (dimmed, to stderr)")
    add("-s", "--system", help="system prompt")
    add(
        "-o",
        "--option",
        nargs=2,
        action="append",
        default=[],
        metavar=("KEY", "VALUE"),
        help="a model setting, repeatable: temperature 0.2, max_output_tokens 500, verbosity low, "
        "provider.sort price... (VALUE is JSON when it parses)",
    )
    add(
        "-a",
        "--attach",
        action="append",
        default=[],
        metavar="PATH_OR_URL",
        help="attach an image, PDF or audio file (type sniffed), repeatable",
    )
    add(
        "--attach-type",
        nargs=2,
        action="append",
        default=[],
        metavar=("PATH_OR_URL", "MIME"),
        help="attach with a given MIME type, e.g. --attach-type clip.bin audio/wav",
    )
    add("-c", "--continue", dest="continue_", action="store_true", help="continue the latest conversation")
    add("--cid", metavar="ID", help="continue the conversation with this id (see `logs`)")
    add("--no-log", action="store_true", help="do not log this exchange")
    add(
        "--max-cost",
        type=positive_usd,
        metavar="USD",
        help="send nothing more once the conversation has cost USD (its logged exchanges included with -c/--cid)",
    )
    add("--no-stream", action="store_true", help="send a non-streaming request; print the answer when complete")
    add("--json", action="store_true", help="print one JSON object (text, reasoning, model, usage, cost...)")
    add(
        "--schema",
        metavar="FILE|JSON",
        help="structured output: a JSON schema (file or inline); prints the parsed JSON object (as llm --schema)",
    )
    add(
        "--schema-multi",
        metavar="FILE|JSON",
        help='structured output: a list of objects matching this JSON schema, printed as {"items": [...]} '
        "(as llm --schema-multi)",
    )
    add(
        "-T",
        "--tool",
        action="append",
        default=[],
        metavar="NAME[=JSON]",
        help="bind an OpenRouter server tool, repeatable (as llm -T): openrouter:web_search, openrouter:datetime, "
        "...; its parameters as JSON after '=', e.g. 'openrouter:web_search={\"max_results\": 3}'; "
        "any other tool as a whole JSON object",
    )
    add("-x", "--extract", action="store_true", help="print only the answer's first fenced code block (as llm -x)")
    add("-i", "--interactive", action="store_true", help="chat even when stdin is not a terminal")
    add(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="render markdown (needs the [cli] extra) and dim reasoning: auto (a terminal without NO_COLOR), "
        "always or never",
    )
    add_endpoint_flags(parser)
    add("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command.

    Args:
        argv: Arguments (defaults to `sys.argv[1:]`).

    Returns:
        The process exit status.
    """
    safe_streams()
    decoder = Decoder(sys.stderr)
    arguments = [decoder.text(argument) for argument in (sys.argv[1:] if argv is None else argv)]
    if arguments and (command := _mistyped_command(arguments)):
        sys.stderr.write(
            f"openrouter-responses: {arguments[0]!r} is not a command. The most similar command is\n"
            f"\t{command}\n(to send it as a prompt: openrouter-responses -- {' '.join(arguments)})\n"
        )
        return EXIT_USAGE
    if arguments and arguments[0] in SUBCOMMANDS:
        name, arguments = arguments[0], arguments[1:]
        if name != "prompt":
            return _guarded(lambda: _subcommand(name, arguments))
    parser = build_parser()
    args = parser.parse_args(arguments)
    interactive = args.interactive or (not args.prompt and sys.stdin.isatty())
    if interactive and (wants_one := next((f for f, on in _ONE_SHOT if getattr(args, on)), None)):
        parser.error(f"{wants_one} needs a prompt, as arguments or on stdin")
    if args.cid and args.continue_:
        parser.error("give -c (the latest conversation) or --cid ID, not both")
    prompt = " ".join(args.prompt)
    if not interactive:
        prompt = combine(read_stdin(sys.stdin, decoder), prompt)
        if not prompt:
            sys.stderr.write("openrouter-responses: give a prompt, e.g. openrouter-responses 'Hello'\n")
            return EXIT_USAGE
    return _guarded(lambda: _answer(args, prompt.strip(), interactive=interactive))


def _subcommand(name: str, arguments: list[str]) -> int:
    """Run `logs`, `models`, `batch` or `key`, importing its module only now (batch loads langchain-core)."""
    module = importlib.import_module(f"langchain_openrouter_responses.cli.{name}")
    return int(module.main(arguments))


def _mistyped_command(arguments: Sequence[str]) -> str | None:
    """Return the subcommand the first argument was probably meant to be, as git suggests.

    Only a bare lowercase word very close to a command's name counts (`log`, `model`, `bach`),
    alone or followed by options (`log -n 5`); `--` before it sends it as a prompt.
    """
    word, rest = arguments[0], arguments[1:]
    if word in SUBCOMMANDS or not word.isalpha() or not word.islower() or (rest and not rest[0].startswith("-")):
        return None
    matches = difflib.get_close_matches(word, ("logs", "models", "batch", "key"), n=1, cutoff=0.8)
    return matches[0] if matches else None


def _answer(args: argparse.Namespace, prompt: str, *, interactive: bool) -> int:
    from langchain_openrouter_responses.cli.run import run  # noqa: PLC0415 - langchain-core and openai

    return run(args, prompt, interactive=interactive)


def _guarded(action: Callable[[], int]) -> int:
    try:
        return action()
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:  # the reader left, e.g. `openrouter-responses ... | head -1`
        _silence_stdout()
        return 1
    except Exception as error:
        if _caused_by_ctrl_c(error):
            return _interrupted()
        raise


def _interrupted() -> int:
    sys.stdout.flush()
    sys.stderr.write("[interrupted]\n")
    return EXIT_INTERRUPTED


def _caused_by_ctrl_c(error: BaseException) -> bool:
    """Tell whether an error only wraps a Ctrl-C.

    A library may turn a KeyboardInterrupt raised inside it into its own error: pydantic-core,
    building a schema while langchain-core is imported, raises a `SchemaError` whose message
    names the KeyboardInterrupt.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt) or "KeyboardInterrupt" in str(current):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's final flush does not fail again."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    raise SystemExit(main())
