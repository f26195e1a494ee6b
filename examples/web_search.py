"""Web search with citations: ':online' models return LangChain citation annotations.

Run: python examples/web_search.py
"""

from langchain_openrouter_responses import ChatOpenRouterResponses

llm = ChatOpenRouterResponses(model="openai/gpt-4o-mini:online", plugins=[{"id": "web", "max_results": 3}])
reply = llm.invoke("What is new in the latest Python release?")
print(reply.text)
for block in reply.content_blocks:
    for citation in block.get("annotations", []):
        if citation["type"] == "citation":
            print(f"source: {citation.get('title')} <{citation['url']}>")
