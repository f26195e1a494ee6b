"""A prompt | model | parser chain, batched with bounded concurrency.

Run: python examples/lcel_chain.py   (needs OPENROUTER_API_KEY, or OPENROUTER_BASE_URL for the emulator)
"""

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from langchain_openrouter_responses import ChatOpenRouterResponses

prompt = ChatPromptTemplate.from_messages(
    [("system", "You answer in one short sentence."), ("human", "Explain {topic} to a new engineer.")]
)
chain = prompt | ChatOpenRouterResponses(model="openai/gpt-4o-mini", temperature=0) | StrOutputParser()

for topic, answer in zip(
    ["DNS", "TLS"], chain.batch([{"topic": "DNS"}, {"topic": "TLS"}], config={"max_concurrency": 2}), strict=True
):
    print(f"{topic}: {answer}")
