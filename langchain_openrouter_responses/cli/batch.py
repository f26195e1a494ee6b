"""`openrouter-responses batch IN.jsonl -o OUT.jsonl`: a thin layer over `langchain_openrouter_responses.batch`.

The flags are parsed with the standard library only; the runner (langchain-core, the `openai`
SDK) is imported once there is a batch to run. Batches are not written to the conversation log:
the output file is their record.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.cli.options import add_endpoint_flags, positive_usd

if TYPE_CHECKING:
    from langchain_openrouter_responses.batch import BatchRunner, BatchSummary
    from langchain_openrouter_responses.cli.turn import Console

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_MAX_COST = 3
DEFAULT_MODEL = "openai/gpt-oss-20b"
EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
_EPILOG = """\
input: one JSON object per line: {"id": ..., "prompt": "..."} or
{"id": ..., "messages": [{"role": ..., "content": ...}]}, optionally with "model", "options" (model settings)
and "system"; without "id" a line's id is its line number.

output: one JSON object per prompt, appended and fsynced as each completes: id, model (served), text, reasoning,
output (with --schema or --schema-multi), usage, cost, finish_reason, attempts; or error {type, message, status}.
Run the same command again to resume: answered ids are skipped, a torn last line is repaired; --retry-failed asks
failed ids again.

signals: Ctrl-C (or SIGTERM) starts nothing new and lets prompts in progress finish; a second one cancels them.

exit status: 0 every prompt answered, 1 some prompt failed (now or in an earlier run), 2 usage error,
3 stopped at --max-cost with prompts left, 130/143 stopped by SIGINT/SIGTERM."""


def build_parser() -> argparse.ArgumentParser:
    """Describe the batch command line.

    Returns:
        The argument parser.
    """
    parser = argparse.ArgumentParser(
        prog="openrouter-responses batch",
        description="Answer a JSONL file of prompts into a JSONL file of results, resumably.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("input", metavar="IN.jsonl", help="the prompts")
    add("-o", "--output", required=True, metavar="OUT.jsonl", help="the results (appended to; resumes a run)")
    add("-m", "--model", default=DEFAULT_MODEL, help=f"model id (default {DEFAULT_MODEL}); a line's 'model' wins")
    add("-f", "--fallback", action="append", default=[], metavar="MODEL", help="fallback model, repeatable")
    add("-r", "--reasoning-effort", choices=EFFORTS, metavar="EFFORT", help=f"reasoning: {', '.join(EFFORTS)}")
    add("-s", "--system", help="system prompt of lines without 'system'")
    add(
        "-O",
        "--option",
        nargs=2,
        action="append",
        default=[],
        metavar=("KEY", "VALUE"),
        help="a model setting, repeatable, as in the main command's -o (here -o is the output file)",
    )
    add("--schema", metavar="FILE|JSON", help="structured output: a JSON schema (file or inline); parsed as 'output'")
    add(
        "--schema-multi",
        metavar="FILE|JSON",
        help="structured output: a list of objects matching this JSON schema; 'output' is {\"items\": [...]}",
    )
    add("--concurrency", type=_positive, default=16, metavar="N", help="prompts in progress at once (default 16)")
    add(
        "--max-cost",
        type=positive_usd,
        metavar="USD",
        help="start no new prompt once this run's reported cost reaches it",
    )
    add("--retry-failed", action="store_true", help="ask again the prompts OUT records as failed")
    add("--json", action="store_true", help="print the summary as JSON on stdout")
    add("--progress", choices=("auto", "bar", "lines", "none"), default="auto", help="progress on stderr")
    add("--status-interval", type=float, default=10.0, metavar="S", help="seconds between status lines (default 10)")
    add_endpoint_flags(parser)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str]) -> int:
    """Run a batch.

    Args:
        argv: The arguments after `batch`.

    Returns:
        The exit status.
    """
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        outputs = sum(1 for argument in argv if argument in {"-o", "--output"} or argument.startswith("--output="))
        hint = "; -o is the output file here: model settings take -O KEY VALUE, e.g. -O temperature 0.2"
        parser.error(f"unrecognized arguments: {' '.join(extra)}{hint if outputs > 1 else ''}")
    from langchain_openrouter_responses.batch import BatchInputError, BatchOutputError  # noqa: PLC0415
    from langchain_openrouter_responses.cli.options import OptionError, describe  # noqa: PLC0415
    from langchain_openrouter_responses.cli.run import UsageError  # noqa: PLC0415
    from langchain_openrouter_responses.cli.schema import SchemaError  # noqa: PLC0415
    from langchain_openrouter_responses.cli.turn import Console  # noqa: PLC0415

    console = Console(out=sys.stdout, err=sys.stderr)
    with ExitStack() as stack:
        try:
            runner = _runner(args, stack, console)
            return asyncio.run(_run(runner, args, console))
        except (UsageError, OptionError, SchemaError, BatchInputError, BatchOutputError, OSError) as error:
            console.error(str(error))
            return EXIT_USAGE
        except ValueError as error:  # an invalid setting, e.g. -O temperature hot
            console.error(describe(error))
            return EXIT_USAGE


def _runner(args: argparse.Namespace, stack: ExitStack, console: Console) -> BatchRunner:
    from langchain_openrouter_responses import ChatOpenRouterResponses  # noqa: PLC0415
    from langchain_openrouter_responses.batch import BatchRunner, read_prompts  # noqa: PLC0415
    from langchain_openrouter_responses.cli.options import apply_model_flags  # noqa: PLC0415
    from langchain_openrouter_responses.cli.probe import checked_model  # noqa: PLC0415
    from langchain_openrouter_responses.cli.run import UsageError, endpoint  # noqa: PLC0415
    from langchain_openrouter_responses.cli.schema import schema_from_flags  # noqa: PLC0415

    if not Path(args.input).is_file():
        raise UsageError(f"no input file {args.input}")
    settings: dict[str, Any] = {"model": args.model}
    apply_model_flags(settings, args.fallback, args.reasoning_effort, args.option)
    schema = schema_from_flags(args.schema, args.schema_multi)
    # Every line's model and options are checked before the emulator starts or anything is sent.
    BatchRunner(checked_model(settings), schema=schema).check(read_prompts(args.input, system=args.system), args.input)
    settings.update(endpoint(args, stack, console))
    llm = ChatOpenRouterResponses(**settings)
    return BatchRunner(llm, concurrency=args.concurrency, max_cost=args.max_cost, schema=schema)


async def _run(runner: BatchRunner, args: argparse.Namespace, console: Console) -> int:
    from langchain_openrouter_responses.batch import arun_batch_file  # noqa: PLC0415
    from langchain_openrouter_responses.cli.progress import ShownProgress  # noqa: PLC0415

    signals: list[int] = []

    def on_signal(number: int) -> None:
        signals.append(number)
        if len(signals) == 1:
            runner.stop("interrupted")
            console.note(
                f"[stopping: {runner.limiter.admitted} prompts in progress finish; signal again to cancel them]"
            )
        else:
            runner.cancel()

    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError, RuntimeError):  # Windows: Ctrl-C raises KeyboardInterrupt instead
            loop.add_signal_handler(number, on_signal, number)
    write_error: OSError | None = None
    async with ShownProgress(runner, console.err, mode=args.progress, interval=args.status_interval):
        try:
            await arun_batch_file(runner, args.input, args.output, system=args.system, retry_failed=args.retry_failed)
        except OSError as error:  # e.g. the disk is full: every line written before it is whole
            write_error = error
    return _outcome(runner.summary, args, console, signals=signals, write_error=write_error)


def _outcome(
    summary: BatchSummary,
    args: argparse.Namespace,
    console: Console,
    *,
    signals: list[int],
    write_error: OSError | None,
) -> int:
    """Print the summary (always, even when the output could not be written) and choose the exit status."""
    if args.json:
        console.out.write(json.dumps(summary.as_dict()) + "\n")
    console.note(summary.line())
    if summary.earlier_failures and not args.retry_failed:
        console.note(f"[{summary.earlier_failures} prompts failed in an earlier run; --retry-failed asks them again]")
    if write_error is not None:
        console.error(
            f"cannot write {args.output}: {write_error.strerror or write_error}; the lines already in it "
            "are whole: free some space and run the same command again to resume"
        )
        return EXIT_FAILED
    if signals:
        return 128 + signals[0]
    if summary.failed or summary.earlier_failures:
        return EXIT_FAILED
    if summary.stopped == "max_cost" and summary.not_started:
        console.note(f"[stopped at --max-cost {args.max_cost}; run again with a higher cap to go on]")
        return EXIT_MAX_COST
    return 0
