"""Fallback models: the reply says which model actually served the request.

Run: python examples/fallbacks.py
"""

from langchain_openrouter_responses import ChatOpenRouterResponses

llm = ChatOpenRouterResponses(
    model="anthropic/claude-sonnet-4.5",
    models=["openai/gpt-4o", "google/gemini-2.5-flash"],
    routing_metadata=True,
)
reply = llm.invoke("Say hello in French.")
print("answer:", reply.text)
print("requested: anthropic/claude-sonnet-4.5")
print("served by:", reply.response_metadata["model_name"])
routing = reply.response_metadata.get("openrouter_metadata") or {}
for attempt in routing.get("attempts", []):
    print(f"  attempt: {attempt['model']} -> {attempt['status']}")
