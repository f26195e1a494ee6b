"""`openrouter-responses logs`: recent exchanges from the log, with a token and cost total."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from langchain_openrouter_responses.cli.sources import cited_sources, sources_text
from langchain_openrouter_responses.cli.store import INTERRUPTED, Exchange, LogError, LogStore

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """Describe `logs`.

    Returns:
        The argument parser.
    """
    parser = argparse.ArgumentParser(
        prog="openrouter-responses logs",
        description="Show logged exchanges, oldest first, then a total of tokens and cost.",
        epilog="The log is $XDG_DATA_HOME/openrouter-responses/logs.db on Linux (see --path); "
        "--no-log or OPENROUTER_RESPONSES_NO_LOG=1 keeps an exchange out of it.",
    )
    parser.add_argument("-n", "--count", type=int, default=3, metavar="N", help="how many (default 3; 0 for all)")
    parser.add_argument("-q", "--query", metavar="TEXT", help="only exchanges whose prompt or answer contains TEXT")
    parser.add_argument("--cid", metavar="ID", help="only this conversation")
    parser.add_argument(
        "--since",
        type=since_time,
        metavar="WHEN",
        help="only exchanges from WHEN on: a UTC date or time (2026-05-01, 2026-05-01T12:00) or an age (30m, 2h, 7d)",
    )
    parser.add_argument("-m", "--model", metavar="MODEL", help="only exchanges that asked for or were served by MODEL")
    parser.add_argument("-c", "--current", action="store_true", help="only the latest conversation")
    parser.add_argument("--json", action="store_true", help="print a JSON array, one object per exchange")
    parser.add_argument("--path", action="store_true", help="print where the log is and exit")
    return parser


def main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Run `logs`.

    Args:
        argv: The arguments after `logs`.
        out: Where to write (stdout by default).

    Returns:
        The exit status.
    """
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    store = LogStore()
    if args.path:
        out.write(f"{store.path}\n")
        return 0
    try:
        conversation_id = args.cid or (store.latest_conversation() if args.current else None)
        where = {"query": args.query, "conversation_id": conversation_id, "model": args.model, "since": args.since}
        exchanges = store.recent(args.count, **where)
        totals = store.totals(**where)
    except LogError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    if args.cid and not exchanges:
        sys.stderr.write(f"error: no conversation {args.cid!r} in the log; `openrouter-responses logs` lists them\n")
        return EXIT_USAGE
    if args.json:
        out.write(json.dumps([exchange.as_dict() for exchange in exchanges], indent=2, ensure_ascii=False) + "\n")
        return 0
    for exchange in exchanges:
        out.write(describe(exchange) + "\n")
    for line in per_conversation(exchanges):
        out.write(line + "\n")
    out.write(total(totals, shown=len(exchanges)) + "\n")
    return 0


def since_time(text: str) -> str:
    """Read `--since`: an ISO UTC date or time, or an age such as `30m`, `2h` or `7d`.

    Args:
        text: The value as typed.

    Returns:
        The earliest time, as the log writes times (`2026-05-01T12:00:00Z`).

    Raises:
        argparse.ArgumentTypeError: Neither form.
    """
    age = re.fullmatch(r"(\d+)([mhd])", text.strip())
    if age:
        seconds = int(age[1]) * {"m": 60, "h": 3600, "d": 86400}[age[2]]
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - seconds))
    try:
        moment = dt.datetime.fromisoformat(text.strip().removesuffix("Z"))
    except ValueError:
        message = f"{text!r} is neither a UTC date or time (2026-05-01, 2026-05-01T12:00) nor an age (30m, 2h, 7d)"
        raise argparse.ArgumentTypeError(message) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(exchange: Exchange) -> str:
    """Show one exchange for reading.

    Args:
        exchange: The exchange.

    Returns:
        A header line (time, conversation, model), the prompt, the answer, its cited sources and a
        usage line.
    """
    model = exchange.requested_model
    if exchange.served_model and exchange.served_model != model:
        model += f" (served by {exchange.served_model})"
    flag = " [interrupted]" if exchange.status == INTERRUPTED else ""
    lines = [f"## {exchange.datetime_utc}  conversation {exchange.conversation_id}  {model}{flag}"]
    if exchange.system:
        lines.append(f"system: {exchange.system}")
    lines += ["> " + line for line in exchange.prompt.splitlines() or [""]]
    lines += [f"attachment: {source}" for source in exchange.attachments]
    lines.append(exchange.text)
    if sources := sources_text(cited_sources(exchange.message)):
        lines.append(sources)
    usage = exchange.usage or {}
    cost = f", cost ${exchange.cost:.6f}" if exchange.cost is not None else ""
    finish = exchange.finish_reason or ("interrupted" if exchange.status == INTERRUPTED else "unknown")
    lines.append(
        f"[{usage.get('input_tokens', 0)} in, {usage.get('output_tokens', 0)} out{cost}, "
        f"finish {finish}, {exchange.duration_ms / 1000:.1f} s]\n"
    )
    return "\n".join(lines)


def per_conversation(exchanges: list[Exchange]) -> list[str]:
    """Sum the cost of each conversation shown, in the order they first appear.

    Args:
        exchanges: The exchanges shown.

    Returns:
        E.g. `conversation 3f2a...: 2 exchanges, cost $0.000055`, one line per conversation.
    """
    counts: dict[str, int] = {}
    costs: dict[str, float] = {}
    for exchange in exchanges:
        key = exchange.conversation_id
        counts[key] = counts.get(key, 0) + 1
        costs[key] = costs.get(key, 0.0) + (exchange.cost or 0.0)
    return [
        f"conversation {key}: {count} exchange{'' if count == 1 else 's'}, cost ${costs[key]:.6f}"
        for key, count in counts.items()
    ]


def total(totals: tuple[int, int, int, float, int], *, shown: int) -> str:
    """Describe the sums of every matching exchange.

    Args:
        totals: `(exchanges, input tokens, output tokens, cost, exchanges without a cost)` of every match.
        shown: How many of them are shown.

    Returns:
        E.g. `total: 12 exchanges (3 shown; -n 0 shows all), 120 in, 340 out, cost $0.001200`.
    """
    count, tokens_in, tokens_out, cost, unpriced = totals
    plural = "" if count == 1 else "s"
    hidden = f" ({shown} shown; -n 0 shows all)" if shown < count else ""
    missing = f" ({unpriced} without a reported cost, not counted)" if unpriced else ""
    return f"total: {count} exchange{plural}{hidden}, {tokens_in} in, {tokens_out} out, cost ${cost:.6f}{missing}"
