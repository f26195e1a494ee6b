"""Batch work: many prompts through one model, durably and resumably.

```python
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.batch import run_batch_file

summary = run_batch_file(ChatOpenRouterResponses(), "in.jsonl", "out.jsonl", concurrency=32)
print(summary.line())  # run it again after a crash: answered ids are skipped
```

`abatch_results` yields result records as they complete; `BatchRunner` is the engine behind both
and the `openrouter-responses batch` command. It uses only the package's public API.
"""

from langchain_openrouter_responses.batch.files import BatchOutputError, JsonlAppender, OutputState
from langchain_openrouter_responses.batch.jobs import abatch_results, arun_batch_file, run_batch_file
from langchain_openrouter_responses.batch.limiter import FleetLimiter
from langchain_openrouter_responses.batch.records import (
    BatchInputError,
    BatchPrompt,
    PromptId,
    answer_record,
    error_record,
    read_prompts,
)
from langchain_openrouter_responses.batch.runner import DEFAULT_CONCURRENCY, BatchRunner, BatchSummary

__all__ = [
    "DEFAULT_CONCURRENCY",
    "BatchInputError",
    "BatchOutputError",
    "BatchPrompt",
    "BatchRunner",
    "BatchSummary",
    "FleetLimiter",
    "JsonlAppender",
    "OutputState",
    "PromptId",
    "abatch_results",
    "answer_record",
    "arun_batch_file",
    "error_record",
    "read_prompts",
    "run_batch_file",
]
