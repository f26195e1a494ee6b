"""Response usage, status, finish reasons and logprobs at their edges (found by mutation testing, issue 12)."""

from __future__ import annotations

import pytest

from langchain_openrouter_responses._wire.response import (
    finish_reason,
    output_logprobs,
    output_to_blocks,
    response_metadata,
    usage_metadata,
)


def test_the_sent_total_is_kept_even_when_it_is_not_the_sum() -> None:
    assert usage_metadata({"input_tokens": 3, "output_tokens": 4, "total_tokens": 10}) == {
        "input_tokens": 3,
        "output_tokens": 4,
        "total_tokens": 10,
    }


def test_a_sent_status_wins_over_the_implied_one() -> None:
    assert response_metadata({"id": "g", "model": "m", "status": "in_progress"}, has_tool_calls=False) == {
        "id": "g",
        "model_name": "m",
        "model_provider": "openrouter_responses",
        "status": "in_progress",
        "finish_reason": "in_progress",
    }


def test_an_incomplete_response_without_a_reason_finishes_incomplete() -> None:
    assert finish_reason("incomplete", None, has_tool_calls=False) == "incomplete"
    assert finish_reason("incomplete", {"reason": "content_filter"}, has_tool_calls=False) == "content_filter"


def test_logprobs_are_read_from_message_items_only() -> None:
    reasoning = {
        "type": "reasoning",
        "content": [{"type": "reasoning_text", "text": "r", "logprobs": [{"token": "r"}]}],
    }
    message = {"type": "message", "content": [{"type": "output_text", "text": "a", "logprobs": [{"token": "a"}]}]}
    assert output_logprobs([reasoning, "junk", message]) == [{"token": "a"}]


def test_an_output_item_that_is_no_object_is_refused_naming_its_position() -> None:
    with pytest.raises(TypeError) as raised:
        output_to_blocks([5])
    assert str(raised.value) == "output item 0 is not an object: 5"
