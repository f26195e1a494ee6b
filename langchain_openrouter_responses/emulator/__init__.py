"""A loopback emulator of OpenRouter's Responses API (``POST /api/v1/responses``).

Stdlib only. It serves scripted replies (generated output, recorded fixtures or
errors), validates requests like OpenRouter's schema validator, routes fallback
models and records every request::

    with Emulator() as emu:
        emu.queue(Reply([text_item("Paris.")]))
        ...  # point a client at emu.base_url with emu.api_key
"""

from langchain_openrouter_responses.emulator.emulator import DEFAULT_API_KEY, Emulator
from langchain_openrouter_responses.emulator.fixtures import FIXTURES_DIR, fixture_names
from langchain_openrouter_responses.emulator.items import (
    function_call_item,
    reasoning_item,
    text_item,
)
from langchain_openrouter_responses.emulator.recorded import RecordedRequest
from langchain_openrouter_responses.emulator.replies import ErrorReply, FixtureReply, Reply

__all__ = [
    "DEFAULT_API_KEY",
    "FIXTURES_DIR",
    "Emulator",
    "ErrorReply",
    "FixtureReply",
    "RecordedRequest",
    "Reply",
    "fixture_names",
    "function_call_item",
    "reasoning_item",
    "text_item",
]
