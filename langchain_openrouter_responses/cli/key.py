"""`openrouter-responses key`: the key's credit limit, usage and rate limit (`GET /key`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TextIO

from langchain_openrouter_responses import OpenRouterError
from langchain_openrouter_responses.cli.options import add_endpoint_flags
from langchain_openrouter_responses.cli.run import UsageError, endpoint
from langchain_openrouter_responses.cli.turn import Console, error_text
from langchain_openrouter_responses.openrouter_api import KeyInfo, get_key_info

EXIT_ERROR = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """Describe `key`.

    Returns:
        The argument parser.
    """
    parser = argparse.ArgumentParser(
        prog="openrouter-responses key",
        description="Show the API key's label, credit limit and what is left, usage and rate limit.",
    )
    add = parser.add_argument
    add("--json", action="store_true", help="print OpenRouter's answer as JSON")
    add_endpoint_flags(parser)
    return parser


def main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Run `key`.

    Args:
        argv: The arguments after `key`.
        out: Where to write (stdout by default).

    Returns:
        The exit status.
    """
    args = build_parser().parse_args(argv)
    console = Console(out=out or sys.stdout, err=sys.stderr)
    with ExitStack() as stack:
        try:
            where = endpoint(args, stack, console)
        except UsageError as error:
            console.error(str(error))
            return EXIT_USAGE
        try:
            info = get_key_info(api_key=where["api_key"], base_url=where.get("base_url"))
        except OpenRouterError as error:
            console.error(error_text(error))
            return EXIT_ERROR
    if args.json:
        console.out.write(json.dumps(info.model_dump(exclude_none=True), indent=2) + "\n")
    else:
        console.out.write(describe(info) + "\n")
    return 0


def describe(info: KeyInfo) -> str:
    """Show a key's information for reading.

    Args:
        info: OpenRouter's answer.

    Returns:
        One line per fact: label, limit and remaining credit, usage, rate limit, free tier.
    """

    def usd(value: float | None) -> str:
        return "-" if value is None else f"${value:,.6f}"

    limit = "none (unlimited)" if info.limit is None else f"{usd(info.limit)}, {usd(info.limit_remaining)} left"
    if info.limit_reset:
        limit += f", resets {info.limit_reset}"
    lines = [
        f"label:      {info.label or '-'}",
        f"limit:      {limit}",
        f"usage:      {usd(info.usage)} in all"
        + "".join(
            f", {usd(value)} {period}"
            for period, value in (("today", info.usage_daily), ("this week", info.usage_weekly))
            if value is not None
        ),
    ]
    if info.rate_limit and info.rate_limit.requests is not None:
        requests = info.rate_limit.requests
        rate = "none" if requests < 0 else f"{requests} requests per {info.rate_limit.interval}"
        lines.append(f"rate limit: {rate}")
    if info.is_free_tier is not None:
        lines.append(f"free tier:  {'yes (no credits bought yet)' if info.is_free_tier else 'no'}")
    return "\n".join(lines)
