"""A LangGraph agent with a tool and a reasoning model; reasoning is replayed between turns.

Run: python examples/langgraph_agent.py
"""

from langchain.agents import create_agent
from langchain_core.messages import HumanMessage
from langchain_core.tools import tool

from langchain_openrouter_responses import ChatOpenRouterResponses


@tool
def get_weather(location: str) -> str:
    """Get the current weather for a location."""
    return f"It's sunny and 22 °C in {location}."


model = ChatOpenRouterResponses(model="anthropic/claude-sonnet-4", reasoning={"effort": "low"})
agent = create_agent(model, tools=[get_weather])
result = agent.invoke({"messages": [HumanMessage("What is the weather in Lisbon, Portugal?")]})

for message in result["messages"]:
    thinking = [block.get("reasoning", "") for block in message.content_blocks if block["type"] == "reasoning"]
    if thinking:
        print(f"[{message.type} reasoning] {' '.join(thinking)}")
    for call in getattr(message, "tool_calls", []):
        print(f"[{message.type} calls {call['name']}] {call['args']}")
    if message.text:
        print(f"[{message.type}] {message.text}")
