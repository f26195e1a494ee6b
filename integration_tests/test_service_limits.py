"""What OpenRouter refuses or cuts short reaches the user as the right LangChain outcome.

Unknown models, missing capabilities and oversized prompts raise typed errors before any
answer; `max_output_tokens` ends an answer early with `finish_reason="length"`; a repeated
long prompt reports cache reads.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.exceptions import ContextOverflowError
from langchain_core.messages import AIMessageChunk, HumanMessage

from langchain_openrouter_responses import OpenRouterBadRequestError, OpenRouterNotFoundError

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def test_an_unknown_model_raises_bad_request_naming_it(make_llm: Any) -> None:
    with pytest.raises(OpenRouterBadRequestError, match=r"acme/fake-1\.0 is not a valid model ID"):
        make_llm(model="acme/fake-1.0").invoke("Hi")


def test_an_image_for_a_text_only_model_raises_not_found(make_llm: Any) -> None:
    message = HumanMessage(
        [{"type": "text", "text": "What is it?"}, {"type": "image", "base64": PNG, "mime_type": "image/png"}]
    )

    with pytest.raises(OpenRouterNotFoundError, match="No endpoints found that support image input"):
        make_llm(model="openai/gpt-oss-20b").invoke([message])
    assert "I see 1 image" in make_llm(model="openai/gpt-4o-mini").invoke([message]).text


@pytest.mark.parametrize("stream", [False, True])
def test_a_prompt_over_the_context_length_raises_context_overflow(make_llm: Any, stream: bool) -> None:
    llm = make_llm(model="openai/gpt-oss-20b")
    prompt = "word " * 140_000

    with pytest.raises(ContextOverflowError, match="maximum context length is 131072 tokens"):
        list(llm.stream(prompt)) if stream else llm.invoke(prompt)


@pytest.mark.parametrize("stream", [False, True])
def test_max_output_tokens_ends_the_answer_with_finish_reason_length(make_llm: Any, stream: bool) -> None:
    llm = make_llm(model="openai/gpt-4o-mini", max_output_tokens=16)

    if stream:
        reply: Any = None
        for chunk in llm.stream("Tell me a horror story"):
            reply = chunk if reply is None else reply + chunk
        assert isinstance(reply, AIMessageChunk)
    else:
        reply = llm.invoke("Tell me a horror story")

    assert reply.response_metadata["finish_reason"] == "length"
    assert reply.response_metadata["incomplete_details"] == {"reason": "max_output_tokens"}
    assert reply.usage_metadata["output_tokens"] == len(reply.text.split()) == 16


def test_a_resent_conversation_reads_its_prefix_from_the_cache(make_llm: Any) -> None:
    llm = make_llm(model="openai/gpt-4o")  # automatic caching; Anthropic caches only what cache_control marks
    history: list[Any] = [HumanMessage("Here is the contract: " + "clause " * 1500)]
    history.append(llm.invoke(history))
    history.append(HumanMessage("Summarise clause 3."))

    reply = llm.invoke(history)

    assert history[1].usage_metadata["input_token_details"]["cache_read"] == 0
    assert reply.usage_metadata["input_token_details"]["cache_read"] == 1408
