"""Messages and blocks the Responses input cannot take: the exact errors (found by mutation testing, issue 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, ChatMessage, FunctionMessage, HumanMessage, ToolMessage

from langchain_openrouter_responses import MessageConversionError
from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.parts import input_part
from langchain_openrouter_responses._wire.response import response_to_message


class _OtherMessage(BaseMessage):
    type: str = "other"


@pytest.mark.parametrize(
    ("message", "error"),
    [
        (
            ChatMessage(role="critic", content="x"),
            (
                "ChatMessage role 'critic' is not supported by the Responses API. "
                "Use one of 'user', 'system', 'developer', or an AIMessage / ToolMessage."
            ),
        ),
        (
            FunctionMessage(name="f", content="x"),
            "FunctionMessage is the legacy function-calling format; use ToolMessage with tool_call_id.",
        ),
        (
            _OtherMessage(content="x"),
            "Cannot send a _OtherMessage: expected HumanMessage, SystemMessage, AIMessage, ToolMessage or ChatMessage.",
        ),
        (
            ToolMessage(
                [{"type": "text", "text": "a"}, {"type": "audio", "base64": "UklGRg==", "mime_type": "audio/wav"}],
                tool_call_id="call_7",
            ),
            (
                "The tool result for call 'call_7' holds a 'audio' block, which OpenRouter cannot take as tool output: "
                "function_call_output accepts only input_text, input_image, input_file parts (text, images and files). "
                "Return text from the tool, or send the media in a HumanMessage after the ToolMessage "
                "(user messages accept audio and video)."
            ),
        ),
    ],
)
def test_unsendable_messages_are_refused_with_the_exact_reason(message: BaseMessage, error: str) -> None:
    with pytest.raises(MessageConversionError) as raised:
        messages_to_input([message])
    assert str(raised.value) == error


@pytest.mark.parametrize(
    ("block", "error"),
    [
        (5, "Content blocks in a user message must be str or dict, got int."),
        (
            {"type": "hologram", "data": "x" * 41, "short": "y" * 40, "n": 1},
            (
                "Unsupported content block type 'hologram' in a user message. Supported: text, image, image_url, file, "
                "audio, input_audio, video, text-plain, and Responses input_* parts. Block: {'type': 'hologram', "
                f"'data': '{'x' * 40}...', 'short': '{'y' * 40}', 'n': 1}}"
            ),
        ),
        ({"type": "text", "text": None}, "A text block needs a string 'text': {'type': 'text', 'text': None}"),
        (
            {"type": "image_url", "image_url": ""},
            "An image_url block needs a URL: {'type': 'image_url', 'image_url': ''}",
        ),
        (
            {"type": "audio", "url": "u"},
            "Audio must be sent as base64 data (OpenRouter takes no audio URLs): {'type': 'audio', 'url': 'u'}",
        ),
        ({"type": "image"}, "An image block needs base64 data, a url or a file_id; it has none."),
        ({"type": "image", "base64": "AA"}, "An image block with base64 data needs a mime_type such as 'image/png'."),
        ({"type": "file", "base64": "AA"}, "A file block with base64 data needs a mime_type such as 'image/png'."),
        ({"type": "file"}, "A file block needs base64 data, a url or a file_id; it has none."),
        ({"type": "video"}, "A video block needs base64 data, a url or a file_id; it has none."),
    ],
)
def test_unsendable_blocks_are_refused_with_the_exact_reason(block: Any, error: str) -> None:
    with pytest.raises(MessageConversionError) as raised:
        input_part(block, "a user message")
    assert str(raised.value) == error


PDF_URL = "data:application/pdf;base64,JVBERi0="


@pytest.mark.parametrize(
    ("block", "part"),
    [
        ({"type": "text-plain", "text": "hello"}, {"type": "input_text", "text": "hello"}),
        (
            {"type": "text-plain", "base64": "aGk="},
            {"type": "input_file", "filename": "document.txt", "file_data": "data:text/plain;base64,aGk="},
        ),
        (
            {"type": "text-plain", "base64": "aGk=", "mime_type": "text/markdown", "extras": {"filename": "n.md"}},
            {"type": "input_file", "filename": "n.md", "file_data": "data:text/markdown;base64,aGk="},
        ),
        ({"type": "text-plain", "url": "https://x/a.txt"}, {"type": "input_file", "file_url": "https://x/a.txt"}),
        (
            {"type": "image", "url": "https://x/y.png", "detail": "high", "extras": {"detail": "low"}},
            {"type": "input_image", "image_url": "https://x/y.png", "detail": "high"},
        ),
        (
            {"type": "image", "url": "https://x/y.png", "extras": {"detail": "low"}},
            {"type": "input_image", "image_url": "https://x/y.png", "detail": "low"},
        ),
        (
            {"type": "image_url", "image_url": "https://x/y.png"},
            {"type": "input_image", "image_url": "https://x/y.png", "detail": "auto"},
        ),
        ({"type": "file", "file_id": "file-1"}, {"type": "input_file", "file_id": "file-1"}),
        (
            {"type": "audio", "base64": "AA", "mime_type": "mp3"},
            {"type": "input_audio", "input_audio": {"data": "AA", "format": "mp3"}},
        ),
        (
            {"type": "audio", "base64": "AA", "mime_type": "audio/flac"},
            {"type": "input_audio", "input_audio": {"data": "AA", "format": "flac"}},
        ),
        (
            {"type": "image", "source": {"type": "weird", "url": "https://x/y.png"}},
            {"type": "input_image", "image_url": "https://x/y.png", "detail": "auto"},
        ),
        (
            {"type": "image", "base64": "data:image/png;base64,AAA"},
            {"type": "input_image", "image_url": "data:image/png;base64,AAA", "detail": "auto"},
        ),
        (
            {"type": "file", "base64": "JVBERi0=", "mime_type": "application/pdf", "metadata": {"filename": "m.pdf"}},
            {"type": "input_file", "filename": "m.pdf", "file_data": PDF_URL},
        ),
        ({"type": "file", "base64": PDF_URL}, {"type": "input_file", "filename": "document", "file_data": PDF_URL}),
    ],
)
def test_less_common_block_shapes_map_to_their_parts(block: dict[str, Any], part: dict[str, Any]) -> None:
    assert input_part(block, "a user message") == part


MARK = {"type": "ephemeral"}


@pytest.mark.parametrize(
    ("content", "parts"),
    [
        (
            [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
            [{"type": "input_text", "text": "a"}, {"type": "input_text", "text": "b", "cache_control": MARK}],
        ),
        (
            [{"type": "text", "text": "a", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
            [{"type": "input_text", "text": "a", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
        ),
        ([], []),
    ],
)
def test_a_message_cache_marker_goes_on_its_last_part_unless_that_has_one(
    content: list[Any], parts: list[dict[str, Any]]
) -> None:
    message = HumanMessage(content, additional_kwargs={"cache_control": MARK})
    assert messages_to_input([message]) == [{"type": "message", "role": "user", "content": parts}]


@pytest.mark.parametrize("call_id", ["fc_1", "toolu_1"])
def test_call_ids_that_already_are_item_ids_are_kept_as_the_id(call_id: str) -> None:
    message = AIMessage("", tool_calls=[{"name": "f", "args": {}, "id": call_id}])
    assert messages_to_input([message]) == [
        {"type": "function_call", "id": call_id, "call_id": call_id, "name": "f", "arguments": "{}"}
    ]


def _received(*items: dict[str, Any]) -> AIMessage:
    return response_to_message({"id": "gen", "model": "m", "output": list(items)})


def _message_item(*parts: dict[str, Any], item_id: str = "msg_1") -> dict[str, Any]:
    return {"id": item_id, "type": "message", "role": "assistant", "status": "completed", "content": list(parts)}


def _assistant(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "assistant", "content": text}


def test_an_edited_text_keeps_the_items_annotations_and_other_parts() -> None:
    citation = {"type": "url_citation", "url": "https://x", "title": "t", "start_index": 0, "end_index": 1}
    item = _message_item(
        {"type": "output_text", "text": "a", "annotations": [citation]}, {"type": "refusal", "refusal": "no"}
    )
    message = _received(item)
    edited = AIMessage([{**message.content[0], "text": "A"}, *message.content[1:]])  # type: ignore[misc]
    assert messages_to_input([edited]) == [
        _message_item(
            {"type": "output_text", "text": "A", "annotations": [citation]}, {"type": "refusal", "refusal": "no"}
        )
    ]


def test_a_message_whose_text_parts_were_removed_sends_the_texts_left() -> None:
    item = _message_item(
        {"type": "output_text", "text": "a", "annotations": []}, {"type": "output_text", "text": "b", "annotations": []}
    )
    message = _received(item)
    assert messages_to_input([AIMessage([message.content[0]])]) == [
        _message_item({"type": "output_text", "text": "a", "annotations": []})
    ]


def test_a_raw_item_carried_by_two_blocks_is_replayed_once() -> None:
    item = {"id": "rs_1", "type": "reasoning", "summary": [], "encrypted_content": "e1"}
    block = {"type": "non_standard", "value": {"item": item}}
    assert messages_to_input([AIMessage([block, {"type": "non_standard", "value": {"item": item}}])]) == [item]  # type: ignore[list-item]


def test_raw_items_without_an_id_are_all_replayed() -> None:
    first = {"type": "reasoning", "summary": [], "encrypted_content": "e1"}
    second = {"type": "reasoning", "summary": [], "encrypted_content": "e2"}
    blocks = [{"type": "non_standard", "value": {"item": first}}, {"type": "non_standard", "value": {"item": second}}]
    assert messages_to_input([AIMessage(blocks)]) == [first, second]  # type: ignore[arg-type]


def test_hand_written_text_around_replayed_items_becomes_assistant_messages() -> None:
    item = _message_item(
        {"type": "output_text", "text": "a", "annotations": []}, {"type": "output_text", "text": "b", "annotations": []}
    )
    message = _received(item)
    content = [
        "before ",
        {"type": "text", "text": "hand"},
        *message.content,
        {"type": "text"},
        {"type": "text", "text": "after"},
        "!",
    ]
    assert messages_to_input([AIMessage(content)]) == [  # type: ignore[arg-type]
        _assistant("before hand"),
        item,
        _assistant("after!"),
    ]


def test_hand_written_blocks_other_than_text_are_not_sent_as_text() -> None:
    content = [{"type": "text", "text": "a"}, {"type": "text-plain", "text": "b", "mime_type": "text/plain"}]
    assert messages_to_input([AIMessage(content)]) == [_assistant("a")]  # type: ignore[arg-type]


def test_an_unsupported_block_in_a_role_message_names_the_message() -> None:
    with pytest.raises(MessageConversionError) as raised:
        messages_to_input([HumanMessage([{"type": "hologram"}])])
    assert str(raised.value).startswith("Unsupported content block type 'hologram' in a user message. Supported:")


def test_tool_text_blocks_without_text_add_nothing() -> None:
    (item,) = messages_to_input([ToolMessage([{"type": "text"}, "b", {"type": "text", "text": "c"}], tool_call_id="c")])
    assert item["output"] == "bc"


def test_tool_results_that_are_no_parts_are_sent_as_json_text_keeping_non_ascii() -> None:
    content = [{"type": "json", "value": dt.datetime(2024, 1, 2, tzinfo=dt.UTC)}, {"type": "json", "value": "東京"}]
    (item,) = messages_to_input([ToolMessage(content, tool_call_id="c")])  # type: ignore[arg-type]
    assert (
        item["output"] == '[{"type": "json", "value": "2024-01-02 00:00:00+00:00"}, {"type": "json", "value": "東京"}]'
    )


def test_an_unknown_v0_source_type_reads_the_block_itself() -> None:
    block = {"type": "image", "source_type": "weird", "url": "https://x/y.png"}
    assert input_part(block, "a user message") == {
        "type": "input_image",
        "image_url": "https://x/y.png",
        "detail": "auto",
    }


def test_an_edited_call_is_sent_with_its_new_arguments_keeping_non_ascii() -> None:
    item = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": '{"city": "Paris"}'}
    message = _received(item)
    edited = AIMessage(message.content, tool_calls=[{"name": "f", "args": {"city": "東京"}, "id": "c1"}])
    assert messages_to_input([edited]) == [{**item, "arguments": '{"city": "東京"}'}]


def test_a_renamed_call_is_sent_with_its_new_name_and_its_arguments_as_received() -> None:
    item = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": '{"city":"Paris"}'}
    message = _received(item)
    renamed = AIMessage(message.content, tool_calls=[{"name": "g", "args": {"city": "Paris"}, "id": "c1"}])
    assert messages_to_input([renamed]) == [{**item, "name": "g"}]


@pytest.mark.parametrize("empty", [None, ""])
def test_a_call_with_an_empty_id_gets_one_derived_from_its_call_id(empty: str | None) -> None:
    item = {"type": "function_call", "id": empty, "call_id": "toolu_1", "name": "f", "arguments": "{}"}
    assert messages_to_input([_received(item)]) == [{**item, "id": "toolu_1"}]


def test_a_call_without_arguments_and_empty_args_is_replayed_unchanged() -> None:
    item = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f"}
    assert messages_to_input([_received(item)]) == [item]


def test_a_call_with_bad_arguments_is_replayed_as_received() -> None:
    item = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": "{bad"}
    message = _received(item)
    assert message.invalid_tool_calls
    assert messages_to_input([message]) == [item]


def test_a_message_item_carried_without_text_blocks_is_replayed_as_received() -> None:
    item = _message_item({"type": "output_text", "text": "a", "annotations": []})
    assert messages_to_input([AIMessage([{"type": "non_standard", "value": {"item": item}}])]) == [item]  # type: ignore[list-item]


def test_a_text_block_without_text_empties_its_part() -> None:
    item = _message_item({"type": "output_text", "text": "a", "annotations": []})
    block = {"type": "text", "id": "msg_1", "extras": {"item": item}}
    assert messages_to_input([AIMessage([block])]) == [
        _message_item({"type": "output_text", "text": "", "annotations": []})
    ]  # type: ignore[list-item]
