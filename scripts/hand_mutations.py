"""Hand mutations beyond mutmut's operators in `_transport/` and `_wire/` (issue 21).

mutmut swaps operators and constants, but never tries a builtin for its twin (`max`/`min`,
`any`/`all`), a `sorted` dropped, the order of a dict merge (`{**a, **b}`, `dict.update`), a
boundary (`<` for `<=`) or the two branches of a conditional. This script applies each mutation
listed in `MUTATIONS` (file, original snippet, mutated snippet) to a temporary copy of the
package and its tests, runs the test files that cover the module (`pytest -x -q`, one run at a
time), and prints a markdown table: killed, survived, or equivalent (with the reason recorded
next to the mutation). It then lists every occurrence of those operator kinds that no mutation
covers, so a new `max(` or `<=` does not go untested unnoticed.

    python -m uv run python scripts/hand_mutations.py             every mutation
    python -m uv run python scripts/hand_mutations.py retry input only modules whose path contains a word
    python -m uv run python scripts/hand_mutations.py --list      the table of mutations, without running

The working tree is never modified. A mutation whose original snippet is no longer in its file
(the code changed) is reported as `stale`: update its entry. Before any mutation, each set of
test files runs once on the unmutated copy: a test that fails on its own would "kill" every
mutant (it did: a test that failed when run alone made eight translator mutants look killed), so
the script stops there.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "langchain_openrouter_responses"
COPIED = (PACKAGE, "tests", "integration_tests", "conftest.py", "pyproject.toml")
BUILTINS = frozenset({"max", "min", "any", "all", "sorted"})


@dataclass(frozen=True)
class Mutation:
    """One hand mutation: `original` (unique in `module`) replaced by `mutated`."""

    module: str
    """Path under the package, e.g. `_transport/retry.py`."""
    kind: str
    original: str
    mutated: str
    tests: tuple[str, ...]
    equivalent: str = ""
    """Why no test can kill it, when it cannot."""


T_RETRY = ("tests/unit_tests/test_retry.py", "integration_tests/test_retry_hints.py")
T_MAPPING = ("tests/unit_tests/test_error_mapping.py", "integration_tests/test_errors.py", *T_RETRY)
T_CALLS = (
    "tests/unit_tests/test_chat_models.py",
    "integration_tests/test_calls.py",
    "integration_tests/test_errors.py",
)
T_CLIENTS = ("tests/unit_tests/test_client.py",)
T_TEMPLATES = ("tests/unit_tests/test_request_templates.py",)
T_BODY = (
    "tests/unit_tests/test_request.py",
    "tests/unit_tests/test_request_settings.py",
    "tests/unit_tests/test_plugins_and_extras.py",
)
T_INPUT = (
    "tests/unit_tests/test_input_messages.py",
    "tests/unit_tests/test_content.py",
    "integration_tests/test_tool_calls.py",
)
T_PARSERS = ("tests/unit_tests/test_structured_parsers.py", "integration_tests/test_structured_parsing.py")
T_READER = ("tests/unit_tests/test_reader.py", "integration_tests/test_stream_coalesce.py")
T_RESPONSE = (
    "tests/unit_tests/test_response.py",
    "tests/unit_tests/test_response_edges.py",
    "tests/unit_tests/test_hosted.py",
    "tests/unit_tests/test_plugins_and_extras.py",
)
T_STREAM = (
    "tests/unit_tests/test_stream.py",
    "tests/unit_tests/test_stream_events.py",
    "tests/unit_tests/test_stream_positions.py",
    "tests/unit_tests/test_plugins_and_extras.py",
)
T_TOOLS = (
    "tests/unit_tests/test_tools.py",
    "tests/unit_tests/test_tool_shapes.py",
    "integration_tests/test_defer_loading.py",
)
T_TRANSLATOR = ("tests/unit_tests/test_translator.py", "tests/unit_tests/test_translator_blocks.py")
T_AGENT_CALLS = ("tests/unit_tests/test_agent_calls.py", "integration_tests/test_custom_tools.py")
T_SETTLED = ("tests/unit_tests/test_settled_chunks.py", "integration_tests/test_stream_invoke_agreement.py")
T_PROGRESS = ("tests/unit_tests/test_progress_blocks.py", "integration_tests/test_server_tool_progress.py")
T_KEYWORDS = ("tests/unit_tests/test_keywords.py", *T_BODY)
T_REFUSAL = ("tests/unit_tests/test_structured_parsers.py", "integration_tests/test_structured_parsing.py")


PROGRESS_HANDLERS = "    **dict.fromkeys(PROGRESS_EVENTS, StreamState._on_progress),  # noqa: SLF001\n"
STREAM_HANDLERS = (
    "_HANDLERS: dict[str, _Handler] = {\n"
    '    "response.output_item.added": StreamState._on_item_added,  # noqa: SLF001\n'
    '    "response.content_part.added": StreamState._on_part_added,  # noqa: SLF001\n'
    '    "response.output_text.delta": StreamState._on_text_delta,  # noqa: SLF001\n'
    '    "response.refusal.delta": StreamState._on_refusal_delta,  # noqa: SLF001\n'
    '    "response.reasoning_text.delta": StreamState._on_reasoning_delta,  # noqa: SLF001\n'
    '    "response.reasoning_summary_text.delta": StreamState._on_summary_delta,  # noqa: SLF001\n'
    '    "response.function_call_arguments.delta": StreamState._on_arguments_delta,  # noqa: SLF001\n'
    '    "response.custom_tool_call_input.delta": StreamState._on_custom_input_delta,  # noqa: SLF001\n'
    '    "response.code_interpreter_call_code.delta": StreamState._on_code_delta,  # noqa: SLF001\n'
    '    "response.output_item.done": StreamState._on_item_done,  # noqa: SLF001\n' + PROGRESS_HANDLERS
)
STREAM_HANDLERS_PROGRESS_FIRST = STREAM_HANDLERS.removesuffix(PROGRESS_HANDLERS).replace(
    "= {\n", "= {\n" + PROGRESS_HANDLERS, 1
)
"""The handler table of `_wire/stream.py` up to the progress entries, and with those first."""


def _m(  # noqa: PLR0917 - one mutation a line reads best positionally
    module: str, kind: str, original: str, mutated: str, tests: tuple[str, ...], equivalent: str = ""
) -> Mutation:
    return Mutation(module, kind, original, mutated, tests, equivalent)


MUTATIONS: tuple[Mutation, ...] = (
    # -- _transport/retry.py ------------------------------------------------------------------
    _m("_transport/retry.py", "boundary", "and delay >= 0\n", "and delay > 0\n", T_RETRY),
    _m("_transport/retry.py", "max→min", "float(max(delays))", "float(min(delays))", T_RETRY),
    _m("_transport/retry.py", "max→min", "return max(0.0, email.utils", "return min(0.0, email.utils", T_RETRY),
    _m(
        "_transport/retry.py",
        "swapped branches",
        "float(max(delays)) if delays else None",
        "None if delays else float(max(delays))",
        T_RETRY,
    ),
    _m("_transport/retry.py", "max→min", "return max(hints) if hints", "return min(hints) if hints", T_RETRY),
    _m(
        "_transport/retry.py",
        "boundary",
        "delay is not None and delay > MAX_HINTED_WAIT",
        "delay is not None and delay >= MAX_HINTED_WAIT",
        T_RETRY,
    ),
    _m("_transport/retry.py", "max→min", "delay = max(backoff, hint.delay", "delay = min(backoff, hint.delay", T_RETRY),
    _m(
        "_transport/retry.py",
        "min→max",
        "return min(delay, timeout) if timeout",
        "return max(delay, timeout) if timeout",
        T_RETRY,
    ),
    _m(
        "_transport/retry.py",
        "swapped branches",
        "return min(delay, timeout) if timeout is not None else delay",
        "return delay if timeout is not None else min(delay, timeout)",
        T_RETRY,
    ),
    _m(
        "_transport/retry.py",
        "boundary",
        "or status >= _FIRST_SERVER_STATUS",
        "or status > _FIRST_SERVER_STATUS",
        T_RETRY,
    ),
    # -- _transport/mapping.py ----------------------------------------------------------------
    _m(
        "_transport/mapping.py",
        "boundary",
        "if status >= _FIRST_SERVER_STATUS:",
        "if status > _FIRST_SERVER_STATUS:",
        T_MAPPING,
    ),
    _m(
        "_transport/mapping.py",
        "any→all",
        "return any(hint in lowered",
        "return all(hint in lowered",
        T_MAPPING,
    ),
    _m(
        "_transport/mapping.py",
        "boundary",
        "return text if len(text) <= limit else",
        "return text if len(text) < limit else",
        T_MAPPING,
    ),
    _m(
        "_transport/mapping.py",
        "update order",
        'for source in (envelope.get("metadata"), details.get("metadata")):\n        if isinstance(source, dict):\n'
        "            merged.update(source)",
        'for source in (details.get("metadata"), envelope.get("metadata")):\n        if isinstance(source, dict):\n'
        "            merged.update(source)",
        T_MAPPING,
    ),
    _m(
        "_transport/mapping.py",
        "merge order",
        "value = details.get(key, envelope.get(key))",
        "value = envelope.get(key, details.get(key))",
        T_MAPPING,
    ),
    _m(
        "_transport/mapping.py",
        "boundary",
        "'...' if len(raw_text) > 500 else ''",
        "'...' if len(raw_text) >= 500 else ''",
        T_MAPPING,
    ),
    _m(
        "_transport/mapping.py",
        "boundary",
        '("..." if len(text) > limit else "")',
        '("..." if len(text) >= limit else "")',
        T_MAPPING,
    ),
    # -- _transport/calls.py, clients.py, templates.py ----------------------------------------
    _m(
        "_transport/calls.py",
        "sorted removed",
        "headers=tuple(sorted(headers.items())),",
        "headers=tuple(headers.items()),",
        T_CLIENTS + T_CALLS,
    ),
    _m(
        "_transport/calls.py",
        "merge order",
        '{**openai.DEFAULT_TIMEOUT.as_dict(), "read": chunk_timeout}',
        '{"read": chunk_timeout, **openai.DEFAULT_TIMEOUT.as_dict()}',
        T_CALLS,
    ),
    _m(
        "_transport/calls.py",
        "update order",
        "message.response_metadata.update(header_metadata(http_response))",
        "message.response_metadata = {**header_metadata(http_response), **message.response_metadata}",
        T_CALLS,
        equivalent="header_metadata adds only generation_id, a key response_to_message never sets: the dicts are equal",
    ),
    _m(
        "_transport/calls.py",
        "merge order",
        '{**settings.timeout.as_dict(), "read": chunk_timeout}',
        '{"read": chunk_timeout, **settings.timeout.as_dict()}',
        T_CLIENTS + T_CALLS,
    ),
    _m(
        "_transport/clients.py",
        "sorted removed",
        "tuple(sorted(as_dict().items()))",
        "tuple(as_dict().items())",
        T_CLIENTS,
        equivalent="httpx.Timeout.as_dict() always builds its dict in one fixed order (connect, read, write, pool)",
    ),
    _m(
        "_transport/clients.py",
        "boundary",
        "while len(self._entries) > self._capacity:",
        "while len(self._entries) >= self._capacity:",
        T_CLIENTS,
    ),
    _m(
        "_transport/templates.py",
        "boundary",
        "if len(templates) >= MAX_TEMPLATES:",
        "if len(templates) > MAX_TEMPLATES:",
        T_TEMPLATES,
    ),
    _m(
        "_transport/templates.py",
        "sorted removed",
        "key = tuple(sorted(as_dict().items()))",
        "key = tuple(as_dict().items())",
        T_TEMPLATES,
        equivalent="httpx.Timeout.as_dict() always builds its dict in one fixed order (connect, read, write, pool)",
    ),
    _m(
        "_transport/templates.py",
        "all→any",
        "and all(isinstance(value, str) for value in headers.values())",
        "and any(isinstance(value, str) for value in headers.values())",
        T_TEMPLATES,
        equivalent="a non-str value (the SDK's Omit) in the key only ties the template to that value; the template is "
        "built from the same options, so the request is the one the SDK builds",
    ),
    _m(
        "_transport/templates.py",
        "sorted removed",
        "        return tuple(sorted(headers.items()))",
        "        return tuple(headers.items())",
        T_TEMPLATES,
    ),
    # -- _wire/body.py ----------------------------------------------------------------------------
    _m(
        "_wire/body.py",
        "sorted removed",
        "unknown = sorted(set(reasoning) - set(_REASONING_KEYS))",
        "unknown = list(set(reasoning) - set(_REASONING_KEYS))",
        T_BODY,
    ),
    _m("_wire/body.py", "boundary", "or budget <= 0):", "or budget < 0):", T_BODY),
    _m(
        "_wire/body.py",
        "update order",
        "        body.update(keyword_fields(call_kwargs))\n",
        "        body = {**keyword_fields(call_kwargs), **body}\n",
        T_BODY,
    ),
    _m(
        "_wire/body.py",
        "sorted removed",
        "{key: body[key] for key in sorted(body) if key not in known}",
        "{key: body[key] for key in body if key not in known}",
        T_KEYWORDS,
    ),
    _m(
        "_wire/keywords.py",
        "merge order",
        "return {**{name: name for name in own}, **{info.alias: name for name, info in own.items() if info.alias}}",
        "return {**{info.alias: name for name, info in own.items() if info.alias}, **{name: name for name in own}}",
        T_KEYWORDS,
        equivalent="no alias of the model's settings is the name of another field, so the two dicts share no key "
        "(and callers only look keys up)",
    ),
    _m("_wire/keywords.py", "sorted removed", 'f"{sorted(extra)} are not', 'f"{list(extra)} are not', T_BODY),
    _m(
        "_wire/keywords.py",
        "merge order",
        '{**(values.get("model_kwargs") or {}), **extra}',
        '{**extra, **(values.get("model_kwargs") or {})}',
        T_BODY,
    ),
    _m(
        "_wire/body.py",
        "update order",
        "    body.update((key, value) for key, value in optional.items() if value is not None)\n"
        "    body.update(keyword_fields(llm.model_kwargs))\n",
        "    body.update(keyword_fields(llm.model_kwargs))\n"
        "    body.update((key, value) for key, value in optional.items() if value is not None)\n",
        T_BODY,
        equivalent="a setting given both as a field and in model_kwargs is refused at construction, so the two "
        "updates never share a key; finish_fields orders the body afterwards",
    ),
    # -- _wire/input.py -----------------------------------------------------------------------------
    _m(
        "_wire/input.py",
        "merge order",
        "return {**item, **edits} if edits",
        "return {**edits, **item} if edits",
        T_INPUT,
    ),
    _m(
        "_wire/input.py",
        "swapped branches",
        "return {**item, **edits} if edits else item",
        "return item if edits else {**item, **edits}",
        T_INPUT,
    ),
    _m(
        "_wire/input.py",
        "merge order",
        'return {**item, "content": [{"type": "output_text", "text": text, "annotations": []} for text in texts]}',
        'return {"content": [{"type": "output_text", "text": text, "annotations": []} for text in texts], **item}',
        T_INPUT,
    ),
    _m(
        "_wire/input.py",
        "merge order",
        '{**part, "text": next(edited)} if part in text_parts',
        '{"text": next(edited), **part} if part in text_parts',
        T_INPUT,
    ),
    _m(
        "_wire/input.py",
        "merge order",
        'return {**item, "content": new_parts}',
        'return {"content": new_parts, **item}',
        T_INPUT,
    ),
    _m(
        "_wire/input.py",
        "merge order",
        'return {**item, "id": _function_call_id(item["call_id"])}',
        'return {"id": _function_call_id(item["call_id"]), **item}',
        T_INPUT,
    ),
    _m(
        "_wire/input.py",
        "all→any",
        '-> str | None:\n    if all(isinstance(block, str) or block.get("type") == "text" for block in content):',
        '-> str | None:\n    if any(isinstance(block, str) or block.get("type") == "text" for block in content):',
        T_INPUT + T_AGENT_CALLS,
    ),
    _m(
        "_wire/input.py",
        "all→any",
        "        return content\n"
        '    if all(isinstance(block, str) or block.get("type") == "text" for block in content):',
        "        return content\n"
        '    if any(isinstance(block, str) or block.get("type") == "text" for block in content):',
        T_INPUT,
    ),
    _m(
        "_wire/input.py",
        "any→all",
        "if isinstance(content, list) and any(map(is_item_block, content)):",
        "if isinstance(content, list) and all(map(is_item_block, content)):",
        T_INPUT + T_AGENT_CALLS,
    ),
    # -- _wire/agent_calls.py -------------------------------------------------------------------------
    _m(
        "_wire/agent_calls.py",
        "merge order",
        'return {**item, "input": str(args.get(CUSTOM_INPUT_KEY, ""))}',
        'return {"input": str(args.get(CUSTOM_INPUT_KEY, "")), **item}',
        T_AGENT_CALLS,
    ),
    _m(
        "_wire/agent_calls.py",
        "merge order",
        'return {**item, "arguments": args}',
        'return {"arguments": args, **item}',
        T_AGENT_CALLS,
    ),
    _m(
        "_wire/agent_calls.py",
        "all→any",
        'and all(isinstance(tool, dict) and isinstance(tool.get("type"), str) for tool in tools):',
        'and any(isinstance(tool, dict) and isinstance(tool.get("type"), str) for tool in tools):',
        T_AGENT_CALLS,
    ),
    # -- _wire/refusal.py ---------------------------------------------------------------------------
    _m(
        "_wire/refusal.py",
        "any→all",
        "return not isinstance(content, str) and any(",
        "return not isinstance(content, str) and all(",
        T_REFUSAL,
    ),
    # -- _wire/settled.py ---------------------------------------------------------------------------
    _m(
        "_wire/settled.py",
        "merge order",
        '{call["id"]: {**call, "type": "invalid_tool_call"} for call in invalid}',
        '{call["id"]: {"type": "invalid_tool_call", **call} for call in invalid}',
        T_SETTLED,
        equivalent="every invalid call comes from invalid_tool_call() (ours or core's), which sets this same type",
    ),
    _m(
        "_wire/settled.py",
        "update order",
        "    settled: dict[Any, dict[str, Any]] = "
        '{call["id"]: {**call, "type": "invalid_tool_call"} for call in invalid}\n'
        "    settled.update(\n"
        '        (call["id"], {"type": "tool_call", **{k: call[k] for k in ("id", "name", "args")}})'
        " for call in calls\n"
        "    )\n",
        "    settled: dict[Any, dict[str, Any]] = {\n"
        '        call["id"]: {"type": "tool_call", **{k: call[k] for k in ("id", "name", "args")}} for call in calls\n'
        "    }\n"
        '    settled.update((call["id"], {**call, "type": "invalid_tool_call"}) for call in invalid)\n',
        T_SETTLED,
    ),
    _m(
        "_wire/settled.py",
        "merge order",
        '{"type": "tool_call", **{k: call[k] for k in ("id", "name", "args")}}',
        '{**{k: call[k] for k in ("id", "name", "args")}, "type": "tool_call"}',
        T_SETTLED,
        equivalent="the picked keys (id, name, args) never include type: the dicts are equal, only their key order "
        "differs, which the package does not keep (a stream's blocks order keys unlike invoke's)",
    ),
    _m(
        "_wire/settled.py",
        "merge order",
        'replacement = {**replacement, "extras": block["extras"]}',
        'replacement = {"extras": block["extras"], **replacement}',
        T_SETTLED,
        equivalent="a settled tool_call (id, name, args) or invalid call (core's fields) never has an extras key",
    ),
    # -- _wire/parsers.py ---------------------------------------------------------------------------
    _m(
        "_wire/parsers.py",
        "boundary",
        '("..." if len(text) > _QUOTE_LIMIT else "")',
        '("..." if len(text) >= _QUOTE_LIMIT else "")',
        T_PARSERS,
    ),
    # -- _wire/parts.py -----------------------------------------------------------------------------
    _m(
        "_wire/parts.py",
        "merge order",
        '{**parts[-1], "cache_control": marker}',
        '{"cache_control": marker, **parts[-1]}',
        T_INPUT,
        equivalent='the line is reached only when the last part has no "cache_control" (checked just above)',
    ),
    _m(
        "_wire/parts.py",
        "boundary",
        "return value if len(text) <= _PREVIEW_CHARS else",
        "return value if len(text) < _PREVIEW_CHARS else",
        T_INPUT,
    ),
    _m(
        "_wire/parts.py",
        "merge order",
        'return {"type": "input_file", **nested}',
        'return {**nested, "type": "input_file"}',
        T_INPUT,
        equivalent="the file object of the OpenAI chat shape (file_id, file_data, filename) has no type key",
    ),
    _m(
        "_wire/parts.py",
        "merge order",
        '_file({**block, "mime_type": block.get("mime_type", "text/plain")})',
        '_file({"mime_type": block.get("mime_type", "text/plain"), **block})',
        T_INPUT,
        equivalent="the added value is block's own mime_type when it has one, so either order gives the same dict",
    ),
    # -- _wire/reader.py ----------------------------------------------------------------------------
    _m(
        "_wire/reader.py",
        "boundary",
        "or self._run_size >= COALESCE_LIMIT)",
        "or self._run_size > COALESCE_LIMIT)",
        T_READER,
    ),
    _m(
        "_wire/reader.py",
        "boundary",
        'return repr(text if len(text) <= limit else f"{text[:limit]}...")',
        'return repr(text if len(text) < limit else f"{text[:limit]}...")',
        T_READER,
    ),
    # -- _wire/response.py --------------------------------------------------------------------------
    _m(
        "_wire/response.py",
        "merge order",
        '_ITEM_MAPPERS = {\n    "reasoning": _reasoning_blocks,\n    "message": _message_blocks,\n'
        "    **dict.fromkeys(IMAGE_ITEMS, _image_blocks),\n",
        '_ITEM_MAPPERS = {\n    **dict.fromkeys(IMAGE_ITEMS, _image_blocks),\n    "reasoning": _reasoning_blocks,\n'
        '    "message": _message_blocks,\n',
        T_RESPONSE,
        equivalent="IMAGE_ITEMS holds neither 'reasoning' nor 'message', and the table is only looked up by key",
    ),
    _m(
        "_wire/response.py",
        "update order",
        "    metadata.update(server_tool_use(usage))\n",
        "    metadata = {**server_tool_use(usage), **metadata}\n",
        T_RESPONSE,
        equivalent="server_tool_use adds only server_tool_use_details and web_search_requests, set nowhere else",
    ),
    _m(
        "_wire/response.py",
        "update order",
        "            details.update(usage[key])",
        "            details = {**usage[key], **details}",
        T_RESPONSE,
    ),
    # -- _wire/progress.py --------------------------------------------------------------------------
    _m(
        "_wire/progress.py",
        "update order",
        "    value.update((key, field) for key, field in event.items() if key not in _NOT_DESCRIBED)\n"
        "    return value\n",
        "    return {**{key: field for key, field in event.items() if key not in _NOT_DESCRIBED}, **value}\n",
        T_PROGRESS,
        "no SDK progress event has a field named event, tool or status, the only keys both sides could set",
    ),
    _m(
        "_wire/progress.py",
        "merge order",
        'return {**block, "extras": {PROGRESS: value}, "index": index}',
        'return {"extras": {PROGRESS: value}, "index": index, **block}',
        T_PROGRESS,
        "the image block built just above has neither an extras nor an index key",
    ),
    _m(
        "_wire/progress.py",
        "any→all",
        "if not any(map(is_progress_block, content)):",
        "if not all(map(is_progress_block, content)):",
        T_PROGRESS,
    ),
    # -- _wire/stream.py ----------------------------------------------------------------------------
    _m(
        "_wire/stream.py",
        "merge order",
        STREAM_HANDLERS,
        STREAM_HANDLERS_PROGRESS_FIRST,
        (*T_PROGRESS, *T_STREAM),
        "no progress event has another entry in the table, so the order of the entries changes nothing",
    ),
    _m(
        "_wire/stream.py",
        "merge order",
        'blocks.append({**block, "index": index})',
        'blocks.append({"index": index, **block})',
        T_STREAM,
        equivalent="announced_blocks() builds blocks without an index key, so nothing is overridden either way",
    ),
    _m(
        "_wire/stream.py",
        "any→all",
        "if done and not any(key[0] == position for key in self._block_of):",
        "if done and not all(key[0] == position for key in self._block_of):",
        T_STREAM,
    ),
    _m(
        "_wire/stream.py",
        "merge order",
        '[{**keyed.block, "index": index} for keyed in output_to_blocks([item])]',
        '[{"index": index, **keyed.block} for keyed in output_to_blocks([item])]',
        T_STREAM,
        equivalent="output_to_blocks() builds blocks without an index key: the dicts are equal, only their key order "
        "differs",
    ),
    _m(
        "_wire/stream.py",
        "merge order",
        'self._on_arguments_delta({**event, "delta": escaped(delta)})',
        'self._on_arguments_delta({"delta": escaped(delta), **event})',
        T_STREAM + T_AGENT_CALLS,
    ),
    _m(
        "_wire/stream.py",
        "merge order",
        '{**block["args"], "code": _missing_suffix(code, self._streamed[index])}',
        '{"code": _missing_suffix(code, self._streamed[index]), **block["args"]}',
        T_STREAM,
    ),
    _m(
        "_wire/stream.py",
        "sorted removed",
        "for i in sorted(self._done_items)]",
        "for i in self._done_items]",
        T_STREAM,
    ),
    _m(
        "_wire/stream.py",
        "merge order",
        'response = {**response, "output": [self._done_items[i] for i in sorted(self._done_items)]}',
        'response = {"output": [self._done_items[i] for i in sorted(self._done_items)], **response}',
        T_STREAM,
    ),
    _m(
        "_wire/stream.py",
        "any→all",
        'has_tool_calls = any(item.get("type") == "function_call" or is_agent_call(item) for item in output)',
        'has_tool_calls = all(item.get("type") == "function_call" or is_agent_call(item) for item in output)',
        T_STREAM,
    ),
    _m(
        "_wire/stream.py",
        "merge order",
        "metadata = {**response_metadata(response, has_tool_calls=has_tool_calls), **self._extra_metadata}",
        "metadata = {**self._extra_metadata, **response_metadata(response, has_tool_calls=has_tool_calls)}",
        T_STREAM,
        equivalent="_extra_metadata is header_metadata (only generation_id), a key response_metadata never sets",
    ),
    _m(
        "_wire/stream.py",
        "merge order",
        '            return {**block, "index": index}',
        '            return {"index": index, **block}',
        T_STREAM,
        equivalent="output_to_blocks() builds blocks without an index key, so nothing is overridden either way",
    ),
    # -- _wire/tools.py -----------------------------------------------------------------------------
    _m(
        "_wire/tools.py",
        "any→all",
        "return not any(key in tool for key in _SCHEMA_KEYS)",
        "return not all(key in tool for key in _SCHEMA_KEYS)",
        T_TOOLS,
    ),
    _m(
        "_wire/tools.py",
        "merge order",
        'flat.append({"type": "function", **function})',
        'flat.append({**function, "type": "function"})',
        T_TOOLS,
        equivalent="the function object of a chat-shaped tool (name, description, parameters, strict) has no type key",
    ),
    _m(
        "_wire/tools.py",
        "merge order",
        'return {"type": "json_schema", **nested} if',
        'return {**nested, "type": "json_schema"} if',
        T_TOOLS,
        equivalent="the json_schema object of the chat shape (name, schema, strict, description) has no type key",
    ),
    _m(
        "_wire/tools.py",
        "sorted removed",
        "if unknown := sorted(str(name) for name in wanted - names):",
        "if unknown := [str(name) for name in wanted - names]:",
        T_TOOLS,
    ),
    _m(
        "_wire/tools.py",
        "sorted removed",
        "({sorted(map(str, names))})",
        "({list(map(str, names))})",
        T_TOOLS,
    ),
    _m(
        "_wire/tools.py",
        "merge order",
        'tool = {**tool, "function": {**function, "defer_loading": True}}',
        'tool = {"function": {**function, "defer_loading": True}, **tool}',
        T_TOOLS,
    ),
    _m(
        "_wire/tools.py",
        "merge order",
        '"function": {**function, "defer_loading": True}}',
        '"function": {"defer_loading": True, **function}}',
        T_TOOLS,
    ),
    # -- _wire/translator.py ------------------------------------------------------------------------
    _m(
        "_wire/translator.py",
        "merge order",
        'blocks.append({**_tool_call_block(call), "extras": {ITEM_KEY: item}})',
        'blocks.append({"extras": {ITEM_KEY: item}, **_tool_call_block(call)})',
        T_TRANSLATOR,
        "_tool_call_block builds no extras key, so only the key order changes (dicts compare without it)",
    ),
    _m(
        "_wire/translator.py",
        "merge order",
        'blocks.append({"type": "invalid_tool_call", **bad, "extras": {ITEM_KEY: item}})',
        'blocks.append({**bad, "type": "invalid_tool_call", "extras": {ITEM_KEY: item}})',
        T_TRANSLATOR,
        "an InvalidToolCall's type is already invalid_tool_call, and it has no extras key",
    ),
    _m(
        "_wire/translator.py",
        "merge order",
        '= {"type": "tool_call_chunk", **piece}',
        '= {**piece, "type": "tool_call_chunk"}',
        T_TRANSLATOR,
        "a ToolCallChunk's type is already tool_call_chunk",
    ),
    _m(
        "_wire/translator.py",
        "merge order",
        'blocks.append({**merged, "extras": {ITEM_KEY: item}})',
        'blocks.append({"extras": {ITEM_KEY: item}, **merged})',
        T_TRANSLATOR,
        "merged is a tool_call_chunk block built above, with no extras key",
    ),
    _m(
        "_wire/translator.py",
        "all→any",
        "or not all(isinstance(block, dict) for block in content):",
        "or not any(isinstance(block, dict) for block in content):",
        T_TRANSLATOR,
    ),
    _m(
        "_wire/translator.py",
        "any→all",
        "if not allow_plain and not any(map(_is_own_block, content)):",
        "if not allow_plain and not all(map(_is_own_block, content)):",
        (*T_TRANSLATOR, *T_PROGRESS),
    ),
    _m(
        "_wire/translator.py",
        "merge order",
        '{"type": "invalid_tool_call", **call} for call in chunk.invalid_tool_calls',
        '{**call, "type": "invalid_tool_call"} for call in chunk.invalid_tool_calls',
        T_TRANSLATOR,
        "an InvalidToolCall's type is already invalid_tool_call",
    ),
    _m(
        "_wire/translator.py",
        "update order",
        '        call["id"]: {"type": "invalid_tool_call", **call} for call in chunk.invalid_tool_calls'
        ' if call.get("id")\n'
        "    }\n"
        '    settled.update((call["id"], _tool_call_block(call)) for call in chunk.tool_calls if call.get("id"))\n',
        '        call["id"]: _tool_call_block(call) for call in chunk.tool_calls if call.get("id")\n'
        "    }\n"
        '    settled.update((call["id"], {"type": "invalid_tool_call", **call}) for call in chunk.invalid_tool_calls'
        ' if call.get("id"))\n',
        T_TRANSLATOR,
        "core reads each tool-call chunk into tool_calls or invalid_tool_calls, never both, so no id is in both",
    ),
    _m(
        "_wire/translator.py",
        "merge order",
        'return {**shown, "index": block["index"]} if "index" in block else shown',
        'return {"index": block["index"], **shown} if "index" in block else shown',
        T_TRANSLATOR,
        "blocked_call_block builds no index key, so only the key order changes",
    ),
)


@dataclass(frozen=True)
class Outcome:
    """What one mutation's test run showed."""

    mutation: Mutation
    line: int
    result: str
    seconds: float
    detail: str


def main(argv: list[str]) -> int:
    """Run the mutations (all, or those whose module path contains a word of argv) and print the tables."""
    words = [word for word in argv if not word.startswith("--")]
    chosen = [m for m in MUTATIONS if not words or any(word in m.module for word in words)]
    if "--list" in argv:
        print(_table([Outcome(m, _line_of(ROOT / PACKAGE / m.module, m.original), "-", 0.0, "") for m in chosen]))
        return 0
    with tempfile.TemporaryDirectory(prefix="hand-mutations-") as folder:
        copy = Path(folder)
        _copy_tree(copy)
        _check_the_copy_is_imported(copy)
        if failing := _failing_baselines(copy, chosen):
            print(f"the unmutated copy fails {', '.join(failing)}: a kill would prove nothing; fix that first")
            return 2
        outcomes = [_run(copy, mutation, index, len(chosen)) for index, mutation in enumerate(chosen, 1)]
    print(_table(outcomes))
    print()
    print(_uncovered_table())
    return 1 if any(o.result in {"survived", "stale"} for o in outcomes) else 0


def _copy_tree(copy: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy2(source, copy / name)


def _environment(copy: Path) -> dict[str, str]:
    # The copy first on sys.path (before the editable install), and no bytecode: a mutation of
    # the same size written within the same second would otherwise reuse the original's .pyc.
    return {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1", "HYPOTHESIS_PROFILE": "ci"}


def _check_the_copy_is_imported(copy: Path) -> None:
    probe = [sys.executable, "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"]
    found = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        probe, cwd=copy, env=_environment(copy), capture_output=True, text=True, check=True
    )
    if not found.stdout.strip().startswith(str(copy)):
        raise SystemExit(f"the tests would import {found.stdout.strip()}, not the copy in {copy}")


def _run(copy: Path, mutation: Mutation, index: int, total: int) -> Outcome:
    path = copy / PACKAGE / mutation.module
    source = path.read_text(encoding="utf-8")
    line = _line_of(path, mutation.original)
    if source.count(mutation.original) != 1:
        return Outcome(mutation, line, "stale", 0.0, f"original found {source.count(mutation.original)} times")
    path.write_text(source.replace(mutation.original, mutation.mutated), encoding="utf-8")
    started = time.monotonic()
    try:
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", *mutation.tests]
        run = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command, cwd=copy, env=_environment(copy), capture_output=True, text=True, check=False
        )
    finally:
        path.write_text(source, encoding="utf-8")
    seconds = time.monotonic() - started
    result, detail = _verdict(mutation, run)
    print(f"[{index}/{total}] {mutation.module}:{line} {mutation.kind}: {result} ({seconds:.1f} s)", file=sys.stderr)
    return Outcome(mutation, line, result, seconds, detail)


def _failing_baselines(copy: Path, chosen: list[Mutation]) -> list[str]:
    """The test sets of `chosen` that fail with no mutation applied (a test failing on its own kills every mutant)."""
    failing: list[str] = []
    for tests in dict.fromkeys(mutation.tests for mutation in chosen):
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", *tests]
        run = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command, cwd=copy, env=_environment(copy), capture_output=True, text=True, check=False
        )
        print(f"baseline {' '.join(tests)}: {'ok' if run.returncode == 0 else 'FAILED'}", file=sys.stderr)
        if run.returncode != 0:
            failing.append(" ".join(tests))
    return failing


def _verdict(mutation: Mutation, run: subprocess.CompletedProcess[str]) -> tuple[str, str]:
    failed = [line.split(" ", 1)[1] for line in run.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    if run.returncode == 0:
        return ("equivalent", mutation.equivalent) if mutation.equivalent else ("survived", "")
    if run.returncode == 1:
        return "killed", (failed[0].split(" - ")[0] if failed else "")
    return "killed (error)", f"pytest exit {run.returncode}: " + (run.stdout.strip().splitlines() or ["?"])[-1]


def _line_of(path: Path, snippet: str) -> int:
    source = path.read_text(encoding="utf-8")
    at = source.find(snippet)
    return source.count("\n", 0, at) + 1 if at >= 0 else 0


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "⏎").strip()


def _table(outcomes: list[Outcome]) -> str:
    rows = [
        "| module | line | mutation | original → mutated | result | killed by / why equivalent |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        change = f"`{_cell(o.mutation.original)}` → `{_cell(o.mutation.mutated)}`"
        rows.append(
            f"| {o.mutation.module} | {o.line} | {o.mutation.kind} | {change} | {o.result} | {_cell(o.detail)} |"
        )
    counts = {result: sum(o.result == result for o in outcomes) for result in dict.fromkeys(o.result for o in outcomes)}
    summary = ", ".join(f"{count} {result}" for result, count in counts.items())
    return "\n".join([*rows, "", f"{len(outcomes)} mutations: {summary}"])


def _occurrences(path: Path) -> list[tuple[int, str]]:
    """(line, kind) of every builtin, comparison, dict merge and `.update` call the mutations are about."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BUILTINS:
            found.append((node.lineno, f"{node.func.id}()"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
            found.append((node.lineno, ".update()"))
        elif isinstance(node, ast.Compare) and any(
            isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE) for op in node.ops
        ):
            found.append((node.lineno, "comparison"))
        elif isinstance(node, ast.Dict) and None in node.keys and len(node.keys) > 1:
            found.append((node.lineno, "dict merge"))
    return sorted(found)


def _uncovered_table() -> str:
    covered: dict[str, set[int]] = {}
    for m in MUTATIONS:
        start = _line_of(ROOT / PACKAGE / m.module, m.original)
        if start:
            covered.setdefault(m.module, set()).update(range(start, start + m.original.count("\n") + 1))
    rows = ["| module | line | kind | not mutated |", "|---|---|---|---|"]
    for path in sorted([*(ROOT / PACKAGE).glob("_transport/*.py"), *(ROOT / PACKAGE).glob("_wire/*.py")]):
        module = path.relative_to(ROOT / PACKAGE).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        for line, kind in _occurrences(path):
            if line not in covered.get(module, set()):
                rows.append(f"| {module} | {line} | {kind} | `{_cell(lines[line - 1])}` |")
    if len(rows) == 2:  # noqa: PLR2004 - the header rows
        return "Every occurrence of those operator kinds in _transport/ and _wire/ has a mutation."
    return "Occurrences without a mutation:\n\n" + "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
