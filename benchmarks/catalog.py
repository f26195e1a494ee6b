"""The stable names of the cases, in table order (the smoke test checks each one is reported)."""

from __future__ import annotations

SHORT_INVOKE = "short invoke"
TEXT_STREAM = "text stream"
REASONING_STREAM = "reasoning + text stream"
TEXT_ASTREAM = "text astream"
CONCURRENT = "concurrent ainvoke"
FIRST_CHUNK = "time to first chunk"
IMPORT = "import, fresh process"
CONSTRUCTION = "construction"
LINEAR = "stream time growth"
RSS = "RSS growth"
COLD_START = "cold start, fresh process"

LABELS = (
    SHORT_INVOKE,
    TEXT_STREAM,
    REASONING_STREAM,
    TEXT_ASTREAM,
    CONCURRENT,
    FIRST_CHUNK,
    IMPORT,
    COLD_START,
    CONSTRUCTION,
    LINEAR,
    RSS,
)
