"""Command line: `python -m langchain_openrouter_responses.emulator`."""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
from typing import TYPE_CHECKING, cast

from langchain_openrouter_responses._net import is_loopback
from langchain_openrouter_responses.emulator.app import DEFAULT_API_KEY, Emulator, Responder
from langchain_openrouter_responses.emulator.server.recording import DEFAULT_UPSTREAM

if TYPE_CHECKING:
    from types import FrameType


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m langchain_openrouter_responses.emulator",
        description="Serve an emulated OpenRouter Responses API on a loopback address.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=0, help="port (0 picks a free one)")
    parser.add_argument(
        "--api-key",
        default=DEFAULT_API_KEY,
        help="bearer to accept (default: %(default)s); pass an empty string to accept any",
    )
    parser.add_argument(
        "--responder",
        metavar="MODULE:FUNCTION",
        help="answer unscripted requests with this function (body, model) -> Reply | None, "
        "e.g. benchmarks.bench_responder:bench_reply",
    )
    parser.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="ID",
        help="accept this model id besides the bundled catalogue (repeatable; any input is accepted for it)",
    )
    parser.add_argument(
        "--record",
        metavar="DIR",
        help="act as a recording proxy: relay each /responses request to --upstream and write it into DIR",
    )
    parser.add_argument("--upstream", default=DEFAULT_UPSTREAM, help="API base URL to relay to (default: %(default)s)")
    parser.add_argument("--replay", metavar="DIR", help="answer each request with the matching recording in DIR")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    if not is_loopback(args.host):
        parser.error(f"refusing to bind non-loopback host {args.host!r}")
    if args.record and args.replay:
        parser.error("use either --record DIR or --replay DIR, not both")
    try:
        args.responder = load_responder(args.responder) if args.responder else None
    except (ImportError, AttributeError, TypeError, ValueError) as exc:
        parser.error(f"--responder {args.responder}: {exc}")
    return args


def load_responder(spec: str) -> Responder:
    """Import the responder named `MODULE:FUNCTION` (the current folder is importable).

    Raises:
        ValueError: `spec` is not `MODULE:FUNCTION`.
        TypeError: It names something that is not callable.
    """
    module_name, _, function_name = spec.partition(":")
    if not module_name or not function_name:
        raise ValueError("expected MODULE:FUNCTION, e.g. benchmarks.bench_responder:bench_reply")
    function = getattr(importlib.import_module(module_name), function_name)
    if not callable(function):
        raise TypeError(f"{function_name} in {module_name} is not callable")
    return cast("Responder", function)


def main(argv: list[str] | None = None) -> int:
    """Run the emulator until SIGINT or SIGTERM.

    Returns:
        The exit status.
    """
    args = parse_args(argv)
    level = logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(stream=sys.stderr, level=level, format="%(asctime)s %(message)s")
    responder = args.responder
    stop = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        emulator = Emulator(
            args.api_key or None,
            host=args.host,
            port=args.port,
            responder=responder,
            models=args.model,
            record_to=args.record,
            upstream=args.upstream,
            replay=args.replay,
        )
        with emulator as emu:
            print(f"OpenRouter emulator listening on {emu.base_url}", flush=True)
            while not stop.wait(0.5):
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
