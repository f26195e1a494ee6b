"""Benchmarks: this package against `ChatOpenAI` and the raw `openai` SDK on a loopback emulator.

Run ``uv run --group bench python -m benchmarks.run`` (``--smoke`` for a fast check).
"""
