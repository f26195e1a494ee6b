"""A loopback emulator of OpenRouter's Responses API (`POST /api/v1/responses`).

It serves scripted replies (generated output, recorded responses or errors), validates
requests like OpenRouter's schema validator, refuses unknown models, inputs a model cannot
take and prompts over its context length, truncates at `max_output_tokens`, reports prompt-cache
reads, routes fallback models and records every request. Its modules use only the standard
library and the package's bundled data (model profiles and recordings); importing it imports the
package too, and with it langchain-core:

```python
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item

with Emulator() as emu:
    emu.queue(Reply([text_item("Paris.")]))
    llm = ChatOpenRouterResponses(base_url=emu.base_url, api_key=emu.api_key)
    assert llm.invoke("Capital of France?").text == "Paris."
    assert emu.requests[0].json["input"][0]["content"] == "Capital of France?"
```
"""

from langchain_openrouter_responses.emulator.app import DEFAULT_API_KEY, Emulator, EmulatorCheckError, Fault
from langchain_openrouter_responses.emulator.replies.fixtures import FIXTURES_DIR, fixture_names
from langchain_openrouter_responses.emulator.replies.fusion import fusion_item
from langchain_openrouter_responses.emulator.replies.items import (
    armor_blocked_item,
    custom_tool_call_item,
    function_call_item,
    image_generation_item,
    reasoning_item,
    text_item,
    tool_search_call_item,
)
from langchain_openrouter_responses.emulator.replies.scripted import ErrorReply, FixtureReply, Reply
from langchain_openrouter_responses.emulator.server.recorded import RecordedRequest

__all__ = [
    "DEFAULT_API_KEY",
    "FIXTURES_DIR",
    "Emulator",
    "EmulatorCheckError",
    "ErrorReply",
    "Fault",
    "FixtureReply",
    "RecordedRequest",
    "Reply",
    "armor_blocked_item",
    "custom_tool_call_item",
    "fixture_names",
    "function_call_item",
    "fusion_item",
    "image_generation_item",
    "reasoning_item",
    "text_item",
    "tool_search_call_item",
]
