"""Content blocks → Responses input parts."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage, ToolMessage

from langchain_openrouter_responses import MessageConversionError
from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.parts import input_part

PNG = "iVBORw0KGgo="
PDF = "JVBERi0xLjQ="


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            {"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}},
            {"type": "input_text", "text": "hi", "cache_control": {"type": "ephemeral"}},
        ),
        (
            {"type": "text", "text": "hi", "extras": {"prompt_cache_breakpoint": {"mode": "explicit"}}},
            {"type": "input_text", "text": "hi", "prompt_cache_breakpoint": {"mode": "explicit"}},
        ),
        (
            {"type": "image", "base64": PNG, "mime_type": "image/png"},
            {"type": "input_image", "image_url": f"data:image/png;base64,{PNG}", "detail": "auto"},
        ),
        (
            {"type": "image", "url": "https://x/y.png"},
            {"type": "input_image", "image_url": "https://x/y.png", "detail": "auto"},
        ),
        ({"type": "image", "file_id": "file-1"}, {"type": "input_image", "file_id": "file-1", "detail": "auto"}),
        (
            {"type": "image_url", "image_url": {"url": "https://x/y.png", "detail": "high"}},
            {"type": "input_image", "image_url": "https://x/y.png", "detail": "high"},
        ),
        (
            {"type": "image", "source_type": "base64", "data": PNG, "mime_type": "image/png"},
            {"type": "input_image", "image_url": f"data:image/png;base64,{PNG}", "detail": "auto"},
        ),
        (
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
            {"type": "input_image", "image_url": f"data:image/png;base64,{PNG}", "detail": "auto"},
        ),
        (
            {"type": "file", "base64": PDF, "mime_type": "application/pdf", "extras": {"filename": "a.pdf"}},
            {"type": "input_file", "filename": "a.pdf", "file_data": f"data:application/pdf;base64,{PDF}"},
        ),
        (
            {"type": "file", "base64": PDF, "mime_type": "application/pdf"},
            {"type": "input_file", "filename": "document.pdf", "file_data": f"data:application/pdf;base64,{PDF}"},
        ),
        (
            {"type": "file", "file": {"filename": "b.pdf", "file_data": f"data:application/pdf;base64,{PDF}"}},
            {"type": "input_file", "filename": "b.pdf", "file_data": f"data:application/pdf;base64,{PDF}"},
        ),
        ({"type": "file", "url": "https://x/doc.pdf"}, {"type": "input_file", "file_url": "https://x/doc.pdf"}),
        (
            {"type": "audio", "base64": "UklGRg==", "mime_type": "audio/wav"},
            {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
        ),
        ({"type": "video", "url": "https://x/v.mp4"}, {"type": "input_video", "video_url": "https://x/v.mp4"}),
        (
            {"type": "input_image", "image_url": "https://x/y.png", "detail": "low"},
            {"type": "input_image", "image_url": "https://x/y.png", "detail": "low"},
        ),
    ],
)
def test_blocks_map_to_input_parts(block: dict[str, Any], expected: dict[str, Any]) -> None:
    assert input_part(block, "a user message") == expected


@pytest.mark.parametrize(
    ("block", "fragment"),
    [
        ({"type": "hologram", "data": "x"}, "Unsupported content block type 'hologram'"),
        ({"type": "image"}, "needs base64 data, a url or a file_id"),
        ({"type": "image", "base64": PNG}, "needs a mime_type"),
        ({"type": "audio", "url": "https://x/a.wav"}, "base64"),
        ({"type": "image_url", "image_url": {}}, "needs a URL"),
    ],
)
def test_bad_blocks_name_the_problem(block: dict[str, Any], fragment: str) -> None:
    with pytest.raises(MessageConversionError, match=fragment):
        messages_to_input([HumanMessage([block])])


def test_tool_results_with_images_become_input_parts() -> None:
    image = {"type": "image", "base64": PNG, "mime_type": "image/png"}
    (item,) = messages_to_input([ToolMessage([{"type": "text", "text": "chart:"}, image], tool_call_id="c1")])
    assert item == {
        "type": "function_call_output",
        "call_id": "c1",
        "output": [
            {"type": "input_text", "text": "chart:"},
            {"type": "input_image", "image_url": f"data:image/png;base64,{PNG}", "detail": "auto"},
        ],
    }


@pytest.mark.parametrize(
    ("mime_type", "wire_format"),
    [
        ("audio/mpeg", "mp3"),
        ("audio/mp3", "mp3"),
        ("audio/wav", "wav"),
        ("audio/x-wav", "wav"),
        ("audio/wave", "wav"),
        (None, "wav"),
    ],
)
def test_every_mapped_audio_type_gets_openrouters_format_name(mime_type: str | None, wire_format: str) -> None:
    block = {"type": "audio", "base64": "UklGRg==", **({"mime_type": mime_type} if mime_type else {})}
    assert input_part(block, "a user message") == {
        "type": "input_audio",
        "input_audio": {"data": "UklGRg==", "format": wire_format},
    }
