"""The content-block translators are registered under this package's own key, whatever else is imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from langchain_core.messages import AIMessage

from langchain_openrouter_responses import ChatOpenRouterResponses  # noqa: F401 (importing the model registers the translators)
from langchain_openrouter_responses._wire.items import ITEM_KEY

OTHER_PACKAGE = """
from langchain_core.messages.block_translators import register_translator

def other(message):
    return [{"type": "text", "text": "the other package's translator"}]

register_translator("openrouter", other, other)
"""

OURS = """
from langchain_openrouter_responses import ChatOpenRouterResponses  # registers at import
"""

CHECK = """
from langchain_core.messages.block_translators import get_translator
from langchain_openrouter_responses._wire.response import response_to_message

assert get_translator("openrouter")["translate_content"] is other, "the other package's translator was replaced"
call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f", "arguments": "{}"}
message = response_to_message({"id": "r", "model": "m", "status": "completed", "output": [call]})
(block,) = message.content_blocks
assert block["type"] == "tool_call" and block["extras"]["item"] == call, block
print("ok")
"""


@pytest.mark.parametrize("order", ["other package first", "this package first"])
def test_neither_registration_replaces_the_other(order: str) -> None:
    imports = [OTHER_PACKAGE, OURS] if order == "other package first" else [OURS, OTHER_PACKAGE]
    script = textwrap.dedent("\n".join([*imports, CHECK]))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_messages_saved_by_earlier_releases_still_translate() -> None:
    call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f", "arguments": "{}"}
    message = AIMessage(
        content=[{"type": "non_standard", "value": {ITEM_KEY: call}, "index": 0}],
        tool_calls=[{"name": "f", "args": {}, "id": "call_1", "type": "tool_call"}],
        response_metadata={"model_provider": "openrouter"},
    )
    (block,) = message.content_blocks
    assert block["type"] == "tool_call"
    assert block["extras"]["item"] == call  # type: ignore[typeddict-item]
