"""Property: streams of custom calls, client tool searches, blocked calls and code runs sum to invoke."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from langchain_core.messages.ai import add_ai_message_chunks

from langchain_openrouter_responses._wire.response import response_to_message
from langchain_openrouter_responses._wire.stream import StreamState
from langchain_openrouter_responses.emulator import (
    armor_blocked_item,
    custom_tool_call_item,
    text_item,
    tool_search_call_item,
)
from langchain_openrouter_responses.emulator.replies.events import item_events
from langchain_openrouter_responses.emulator.replies.ids import next_number

TEXT = st.text(max_size=30)


def code_item(code: str) -> dict[str, Any]:
    item_id = f"ci_{next_number()}"
    return {"type": "code_interpreter_call", "id": item_id, "status": "completed", "code": code, "outputs": []}


ITEMS = st.one_of(
    TEXT.map(lambda text: custom_tool_call_item("apply_patch", text)),
    st.dictionaries(st.sampled_from(["query", "limit"]), TEXT, max_size=2).map(tool_search_call_item),
    TEXT.map(lambda text: armor_blocked_item("run", text)),
    TEXT.map(code_item),
    TEXT.map(text_item),
)


@given(output=st.lists(ITEMS, min_size=1, max_size=4), delta_size=st.integers(min_value=1, max_value=9))
def test_the_summed_stream_equals_invoke(output: list[dict[str, Any]], delta_size: int) -> None:
    response = {"id": "resp_1", "model": "m/x", "status": "completed", "output": output}
    state = StreamState()
    chunks = [
        chunk
        for position, item in enumerate(output)
        for event in item_events(item, position, delta_size)
        if (chunk := state.handle(event)) is not None
    ]
    chunks.append(state.handle({"type": "response.completed", "response": response}))
    streamed = add_ai_message_chunks(chunks[0], *chunks[1:])
    invoked = response_to_message(response)
    assert streamed.content == invoked.content
    assert streamed.tool_calls == invoked.tool_calls
    assert streamed.invalid_tool_calls == invoked.invalid_tool_calls
    assert streamed.response_metadata["finish_reason"] == invoked.response_metadata["finish_reason"]
