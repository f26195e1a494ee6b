"""Image output: `image_generation_call` items become v1 `image` blocks, in invoke and stream, and replay unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from pydantic import ValidationError

from integration_tests.helpers import aggregate
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator, Reply, image_generation_item, text_item

IMAGE = image_generation_item("aGVsbG8=", output_format="webp", id="ig_1")


def test_image_generation_call_becomes_an_image_block_in_invoke_and_stream(emulator: Emulator, make_llm: Any) -> None:
    answer = text_item("Here is your cat.", id="msg_1")
    emulator.queue(Reply([IMAGE, answer]), Reply([IMAGE, answer]))
    llm = make_llm(modalities=["image", "text"], image_config={"aspect_ratio": "16:9", "seed": 7})
    invoked = llm.invoke("Draw a cat")
    streamed = aggregate(list(llm.stream("Draw a cat")))
    for message in (invoked, streamed):
        image, text = message.content_blocks
        assert image["type"] == "image"
        assert (image["base64"], image["mime_type"], image["id"]) == ("aGVsbG8=", "image/webp", "ig_1")
        assert text["type"] == "text"
    assert streamed.content == invoked.content
    body = emulator.requests[0].json
    assert body["modalities"] == ["image", "text"]
    assert body["image_config"] == {"aspect_ratio": "16:9", "seed": 7}
    emulator.clear()
    llm.invoke([HumanMessage("Draw a cat"), invoked, HumanMessage("Bigger")])
    assert emulator.requests[0].json["input"][1:3] == [IMAGE, answer]


def test_the_emulator_generates_an_image_when_asked(make_llm: Any) -> None:
    reply = make_llm(modalities=["image", "text"]).invoke("Draw a cat")
    image = reply.content_blocks[0]
    assert image["type"] == "image"
    assert image["mime_type"] == "image/png"
    assert image["base64"].startswith("iVBOR")


def test_modalities_are_checked() -> None:
    with pytest.raises(ValidationError, match="modalities"):
        ChatOpenRouterResponses(modalities=["audio"])
