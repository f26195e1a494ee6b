"""Answer a prompt (or open the chat): endpoint, model settings, conversation, log.

Imported only once there is something to answer: it loads langchain-core and the
`openai` SDK through the public package.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import sys
import time
from contextlib import ExitStack, suppress
from typing import Any
from urllib.parse import urlsplit

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterError
from langchain_openrouter_responses.cli.attach import AttachmentError, check_model, content_block
from langchain_openrouter_responses.cli.attach import collect as collect_attachments
from langchain_openrouter_responses.cli.budget import CostCap
from langchain_openrouter_responses.cli.chat import ChatSession
from langchain_openrouter_responses.cli.conversation import Conversation, history_of
from langchain_openrouter_responses.cli.options import OptionError, apply_model_flags, describe
from langchain_openrouter_responses.cli.probe import checked_model
from langchain_openrouter_responses.cli.render import wants_color
from langchain_openrouter_responses.cli.schema import SchemaError, schema_from_flags
from langchain_openrouter_responses.cli.store import INTERRUPTED, LogError, LogStore, logging_disabled
from langchain_openrouter_responses.cli.tools import ToolError, parse_tools
from langchain_openrouter_responses.cli.turn import (
    AnswerInterrupted,
    Console,
    as_json,
    collect,
    error_text,
    first_code_block,
    note_encrypted_reasoning,
    show_whole,
    stream_answer,
    summary,
)
from langchain_openrouter_responses.data import model_profile

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
DEFAULT_MODEL = "openai/gpt-oss-20b"


class UsageError(Exception):
    """A problem with the command line itself (exit status 2)."""


def run(args: argparse.Namespace, prompt: str, *, interactive: bool) -> int:
    """Answer `prompt`, or open the interactive chat.

    Args:
        args: The parsed command line.
        prompt: The prompt (stdin and arguments combined; may be empty when interactive).
        interactive: Open the chat.

    Returns:
        The exit status.
    """
    console = Console(
        out=sys.stdout,
        err=sys.stderr,
        render=wants_color(args.color, sys.stdout),
        dim=wants_color(args.color, sys.stderr),
        show_reasoning=args.show_reasoning,
    )
    store = LogStore()
    with ExitStack() as stack:
        try:
            conversation = _conversation(args, store, console)
            settings = _settings(args, conversation)
            schema = schema_from_flags(args.schema, args.schema_multi)
            tools = parse_tools(args.tool)
            if tools:
                conversation.options["tools"] = tools  # logged with each exchange
            attachments = collect_attachments(args.attach, args.attach_type)
            check_model(attachments, settings["model"], model_profile(settings["model"]))
            blocks = [content_block(attachment) for attachment in attachments]
            checked_model(settings)  # before the emulator starts
            settings.update(endpoint(args, stack, console))
            llm = ChatOpenRouterResponses(**settings)
        except (UsageError, OptionError, SchemaError, ToolError, AttachmentError, LogError, ValueError) as error:
            return _setup_failed(console, error)
        cost_cap = _cost_cap(args, store, conversation)
        if cost_cap is not None:
            cost_cap.enter(stack)
        if interactive:
            _enable_line_editing(store)
            return ChatSession(llm, console, conversation, cost_cap=cost_cap, tools=tools).run(prompt or None)
        if cost_cap is not None and (refusal := cost_cap.refusal()) is not None:
            console.error(refusal)
            return EXIT_ERROR
        content: str | list[Any] = [{"type": "text", "text": prompt}, *blocks] if blocks else prompt
        sources = [attachment.source for attachment in attachments]
        if schema is not None:
            return _answer_structured(llm, schema, conversation, console, prompt=prompt, content=content, tools=tools)
        return _answer_once(
            llm, args, conversation, console, prompt=prompt, content=content, attachments=sources, tools=tools
        )


def _conversation(args: argparse.Namespace, store: LogStore, console: Console) -> Conversation:
    log = None if args.no_log or logging_disabled() else store
    if not (args.continue_ or args.cid):
        return Conversation(log, console.err, system=args.system)
    conversation_id = args.cid or store.latest_conversation()
    if conversation_id is None:
        raise UsageError(f"there is no conversation to continue yet (the log {store.path} is empty)")
    exchanges = store.conversation(conversation_id)
    if not exchanges:
        raise UsageError(f"no conversation {conversation_id!r} in the log; `openrouter-responses logs` lists them")
    last = exchanges[-1]
    conversation = Conversation(
        log,
        console.err,
        conversation_id=conversation_id,
        system=args.system or last.system,
        history=history_of(exchanges),
    )
    conversation.options["model"] = last.requested_model
    return conversation


def _setup_failed(console: Console, error: ValueError | UsageError | LogError) -> int:
    """Report what stopped the run before anything was sent, and return the exit status."""
    if isinstance(error, LogError):  # -c or --cid with a log that cannot be read
        console.error(str(error))
        return EXIT_ERROR
    if isinstance(error, UsageError | OptionError | SchemaError | ToolError | AttachmentError):
        console.error(str(error))
        return EXIT_USAGE
    console.error(describe(error))  # an invalid setting, e.g. -o temperature hot or a malformed model id
    return EXIT_USAGE


def _cost_cap(args: argparse.Namespace, store: LogStore, conversation: Conversation) -> CostCap | None:
    """`--max-cost`, counting what a continued conversation cost before."""
    if args.max_cost is None:
        return None
    continued = args.continue_ or args.cid
    earlier = sum(exchange.cost or 0.0 for exchange in store.conversation(conversation.id)) if continued else 0.0
    return CostCap(args.max_cost, earlier)


def _settings(args: argparse.Namespace, conversation: Conversation) -> dict[str, Any]:
    model = args.model if args.model is not None else conversation.options.pop("model", None)
    settings: dict[str, Any] = {"model": DEFAULT_MODEL if model is None else model}
    apply_model_flags(settings, args.fallback, args.reasoning_effort, args.option)
    if args.no_stream:
        settings["streaming"] = False
    conversation.options = {key: value for key, value in settings.items() if key != "streaming"}
    return settings


def endpoint(args: argparse.Namespace, stack: ExitStack, console: Console) -> dict[str, Any]:
    """Where to send requests, and with which key (never silently the emulator for an explicit URL).

    Args:
        args: The parsed command line (`key`, `base_url`, `offline`, `allow_insecure_base_url`).
        stack: Holds the bundled emulator, when it answers, until the command ends.
        console: Where the offline notice goes.

    Returns:
        `base_url`, `api_key` (and `allow_insecure_base_url`) settings for the model.

    Raises:
        UsageError: A base URL that is not http(s), plain http to a remote host, or no key for one.
    """
    key = args.key or os.environ.get("OPENROUTER_API_KEY") or None
    base_url = args.base_url or os.environ.get("OPENROUTER_BASE_URL") or None
    source = "--base-url" if args.base_url else "OPENROUTER_BASE_URL"
    if args.offline or not (key or base_url):
        from langchain_openrouter_responses.emulator import Emulator  # noqa: PLC0415

        emulator = stack.enter_context(Emulator())
        reason = "--offline" if args.offline else "OPENROUTER_API_KEY is not set"
        console.note(f"[offline: {reason}; answering from the bundled emulator at {emulator.base_url}]")
        return {"base_url": emulator.base_url, "api_key": emulator.api_key or "offline"}
    if base_url is None:
        return {"api_key": key}
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UsageError(f"{source} {base_url!r} is not an http(s) URL")
    loopback = _is_loopback(parts.hostname)
    if parts.scheme == "http" and not loopback and not args.allow_insecure_base_url:
        raise UsageError(
            f"{source} {base_url} uses plain http on a remote host, so the API key would travel unencrypted; "
            "use https:// or pass --allow-insecure-base-url"
        )
    if key is None:
        if not loopback:
            raise UsageError(f"{source} is {base_url} but no API key is set: pass --key or set OPENROUTER_API_KEY")
        from langchain_openrouter_responses.emulator import DEFAULT_API_KEY  # noqa: PLC0415

        key = DEFAULT_API_KEY
    return {"base_url": base_url, "api_key": key, "allow_insecure_base_url": args.allow_insecure_base_url}


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _answer_once(
    llm: ChatOpenRouterResponses,
    args: argparse.Namespace,
    conversation: Conversation,
    console: Console,
    *,
    prompt: str,
    content: str | list[Any],
    attachments: list[str],
    tools: list[dict[str, Any]],
) -> int:
    messages = conversation.messages(content)
    started = time.monotonic()
    record: dict[str, Any] = {"prompt": prompt, "content": content, "model": llm.model_name, "attachments": attachments}
    call: dict[str, Any] = {"tools": tools} if tools else {}
    try:
        if args.json:
            message = llm.invoke(messages, **call) if args.no_stream else collect(llm.stream(messages, **call))
            payload = {**as_json(message), "conversation_id": conversation.id}
            console.out.write(json.dumps(payload, indent=2, default=str) + "\n")
        elif args.extract:
            message = llm.invoke(messages, **call) if args.no_stream else collect(llm.stream(messages, **call))
            console.out.write(first_code_block(message.text) + "\n")
        elif args.no_stream:
            message = llm.invoke(messages, **call)
            show_whole(message, console)
        else:
            message = stream_answer(llm.stream(messages, **call), console)
    except AnswerInterrupted as interrupted:
        conversation.record(**record, message=interrupted.partial, status=INTERRUPTED, started=started)
        console.note("[interrupted]")
        return EXIT_INTERRUPTED
    except OpenRouterError as error:
        console.error(error_text(error))
        return EXIT_ERROR
    conversation.record(**record, message=message, started=started)
    if args.json:
        note_encrypted_reasoning(message, console)
    else:
        console.note(summary(message))
    return 0


def _answer_structured(
    llm: ChatOpenRouterResponses,
    schema: dict[str, Any],
    conversation: Conversation,
    console: Console,
    *,
    prompt: str,
    content: str | list[Any],
    tools: list[dict[str, Any]],
) -> int:
    started = time.monotonic()
    structured = llm.with_structured_output(schema, include_raw=True, tools=tools or None)
    try:
        result = structured.invoke(conversation.messages(content))
    except OpenRouterError as error:
        console.error(error_text(error))
        return EXIT_ERROR
    message = result["raw"]
    conversation.record(prompt=prompt, content=content, model=llm.model_name, message=message, started=started)
    if result.get("parsing_error") is not None:
        console.error(f"the answer does not match the schema: {result['parsing_error']}")
        console.out.write(message.text + "\n")
        return EXIT_ERROR
    console.out.write(json.dumps(result["parsed"], indent=2, ensure_ascii=False) + "\n")
    console.note(summary(message))
    return 0


def _enable_line_editing(store: LogStore) -> None:
    """Give `input()` line editing, with earlier sessions' prompts as its history."""
    if not sys.stdin.isatty():
        return
    with suppress(ImportError):  # Windows has no readline
        import readline  # noqa: PLC0415

        with suppress(Exception):  # a damaged log must not stop the chat
            for line in store.recent_prompts(500):
                if "\n" not in line:
                    readline.add_history(line)
