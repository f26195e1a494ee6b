"""Messages and blocks the Responses input cannot take: the exact errors (found by mutation testing, issue 12)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import BaseMessage, ChatMessage, FunctionMessage, ToolMessage

from langchain_openrouter_responses import MessageConversionError
from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.parts import input_part


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
