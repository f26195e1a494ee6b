"""The field table of docs/openrouter-features.md against the spec's list and the code.

`responses_spec.json` (beside this file) lists every `ResponsesRequest` field and output item type
of OpenRouter's SDK; `scripts/spec_drift.py --write-docs` generates it and the tables. Each must have
one row with a known status, and the status must be true: a typed field is a setting of the model
that reaches the body, a passthrough field is not a setting and is sent as given, a built or
unhandled field is not a setting, a field marked not supported is refused; a typed output item
becomes a standard block, a passthrough one a `non_standard` block holding the item (an unhandled
one is still to be decided: issue 22 gives `custom_tool_call` and `openrouter:armor_blocked` new
meanings).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._wire.body import build_body, reject_stateful
from langchain_openrouter_responses._wire.response import response_to_message

ROOT = Path(__file__).resolve().parents[2]
SPEC = json.loads((Path(__file__).parent / "responses_spec.json").read_text(encoding="utf-8"))
PAGE = (ROOT / "docs" / "openrouter-features.md").read_text(encoding="utf-8")
STATUSES = {"typed", "built", "passthrough", "not supported", "unhandled"}
ROW = re.compile(r"^\| `([^`]+)` \| ([a-z ]+) \| (.*) \|$", re.MULTILINE)
FIELDS = ChatOpenRouterResponses.model_fields
SETTING_NAMES = set(FIELDS) | {field.alias for field in FIELDS.values() if field.alias}


def _table(header: str) -> dict[str, tuple[str, str]]:
    start = PAGE.index(f"| {header} | Status |")
    end = PAGE.index("\n\n", start)
    rows = ROW.findall(PAGE[start:end])
    table = {name: (status, how) for name, status, how in rows}
    assert len(table) == len(rows), f"a {header} is listed twice"
    return table


REQUEST = _table("Request field")
OUTPUT = _table("Output item type")


def test_every_spec_field_and_item_has_exactly_one_row() -> None:
    assert sorted(REQUEST) == sorted(SPEC["request_fields"])
    assert sorted(OUTPUT) == sorted(SPEC["output_item_types"])
    assert {status for status, _ in (*REQUEST.values(), *OUTPUT.values())} <= STATUSES


def _setting(how: str) -> str:
    return re.findall(r"`([^`]+)`", how)[0]


@pytest.mark.parametrize("field", sorted(SPEC["request_fields"]))
def test_each_request_fields_status_is_true(field: str) -> None:
    status, how = REQUEST[field]
    if status == "typed":
        setting = _setting(how)
        assert setting in SETTING_NAMES, f"{field}: {setting!r} is not a ChatOpenRouterResponses field"
        assert field in build_body({}, [HumanMessage("hi")], {setting: _sample(field)}, stream=False)
    elif status == "passthrough":
        assert field not in SETTING_NAMES
        value = {"opaque": [1, "two"]}
        assert build_body({}, [HumanMessage("hi")], {field: value}, stream=False)[field] == value
    elif status in {"built", "unhandled"}:
        assert field not in SETTING_NAMES
    else:
        with pytest.raises(ValueError, match=field):
            reject_stateful({field: True if field == "store" else "resp_1"})


_SAMPLES: dict[str, Any] = {
    "model": "openai/gpt-4o",
    "models": ["openai/gpt-4o"],
    "stop": ["END"],
    "stop_server_tools_when": [{"type": "step_count_is", "step_count": 2}],
    "reasoning": {"effort": "low"},
    "include": ["reasoning.encrypted_content"],
    "metadata": {"k": "v"},
    "trace": {"trace_id": "t"},
    "prompt_cache_options": {"mode": "explicit"},
    "cache_control": {"type": "ephemeral"},
    "provider": {"order": ["openai"]},
    "plugins": [{"id": "response-healing"}],
    "modalities": ["text"],
    "image_config": {"aspect_ratio": "1:1"},
    "debug": {"echo_upstream_body": True},
    "truncation": "auto",
    "deferred_tools": {"search": {"type": "bm25"}},
}


def _sample(field: str) -> Any:
    return _SAMPLES.get(field, 1)


def _item(kind: str) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "openrouter:datetime" if kind == "openrouter:*" else kind, "id": "it_1"}
    item["status"] = "completed"
    if kind == "message":
        item.update(role="assistant", content=[{"type": "output_text", "text": "Hi", "annotations": []}])
    elif kind == "reasoning":
        item["summary"] = [{"type": "summary_text", "text": "Thinking."}]
    elif kind == "function_call":
        item.update(name="f", arguments="{}", call_id="call_1")
    elif kind == "custom_tool_call":
        item.update(name="f", input="text", call_id="call_1")
    elif kind == "image_generation_call":
        item["result"] = "aGk="
    return item


STANDARD = {"text", "refusal", "reasoning", "tool_call", "server_tool_call", "server_tool_result", "image"}
"""Standard blocks a typed output item may become; a call Armor blocked is an `invalid_tool_call`."""
STANDARD_OF = {"openrouter:armor_blocked": {"invalid_tool_call"}}


@pytest.mark.parametrize("kind", sorted(SPEC["output_item_types"]))
def test_each_output_items_status_is_true(kind: str) -> None:
    status, _ = OUTPUT[kind]
    message = response_to_message({"id": "gen-1", "model": "m/x", "status": "completed", "output": [_item(kind)]})
    types = {block["type"] for block in message.content_blocks}
    if status == "typed":
        assert types & STANDARD_OF.get(kind, STANDARD), f"{kind} gives {types}"
    elif status == "passthrough":
        assert types == {"non_standard"}
        assert message.content_blocks[0]["value"]["item"] == _item(kind)  # type: ignore[typeddict-item]
