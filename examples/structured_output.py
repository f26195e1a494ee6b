"""Structured output into a pydantic model (json_schema, then a forced tool call).

Run: python examples/structured_output.py
"""

from pydantic import BaseModel, Field

from langchain_openrouter_responses import ChatOpenRouterResponses


class Weather(BaseModel):
    """A short weather report."""

    location: str = Field(description="the place")
    summary: str = Field(description="one-line summary")


llm = ChatOpenRouterResponses(model="openai/gpt-4o-mini")
for method in ("json_schema", "function_calling"):
    report = llm.with_structured_output(Weather, method=method).invoke("What is the weather in Oslo, Norway?")
    print(f"{method}: {report!r}")
