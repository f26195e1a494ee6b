"""Web search with citations: the openrouter:web_search server tool, its search and its cited answer.

Run: python examples/web_search.py
"""

from langchain_openrouter_responses import ChatOpenRouterResponses

llm = ChatOpenRouterResponses(model="openai/gpt-4o-mini")
searching = llm.bind_tools([{"type": "openrouter:web_search", "parameters": {"max_results": 3}}])
reply = searching.invoke("What is new in the latest Python release?")
print(reply.text)
for block in reply.content_blocks:
    if block["type"] == "server_tool_call":
        print(f"searched: {block['args'].get('query')}")
    for citation in block.get("annotations", []):
        if citation["type"] == "citation":
            print(f"source: {citation.get('title')} <{citation['url']}>")
