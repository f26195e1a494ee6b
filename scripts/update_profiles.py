"""Regenerate `langchain_openrouter_responses/data/profiles.json` from models.dev.

models.dev (https://models.dev, MIT License) publishes model facts per provider in
one JSON document. This script reads its `openrouter` provider section and writes
one LangChain `ModelProfile` per OpenRouter model slug.

Usage (needs network access to models.dev):

    python scripts/update_profiles.py                     # download https://models.dev/api.json
    python scripts/update_profiles.py --source api.json   # or read a saved copy
"""

from __future__ import annotations

import argparse
import json
import urllib.request
from pathlib import Path
from typing import Any

SOURCE_URL = "https://models.dev/api.json"
TARGET = Path(__file__).resolve().parents[1] / "langchain_openrouter_responses" / "data" / "profiles.json"
MODALITIES = ("text", "image", "audio", "video", "pdf")


def profile(model: dict[str, Any]) -> dict[str, Any]:
    """Map one models.dev model entry to a LangChain ModelProfile dict."""
    limits = model.get("limit") or {}
    modalities = model.get("modalities") or {}
    inputs, outputs = set(modalities.get("input") or ()), set(modalities.get("output") or ())
    result: dict[str, Any] = {
        "name": model.get("name"),
        "release_date": model.get("release_date"),
        "last_updated": model.get("last_updated"),
        "open_weights": model.get("open_weights"),
        "max_input_tokens": limits.get("context"),
        "max_output_tokens": limits.get("output"),
        "reasoning_output": model.get("reasoning"),
        "tool_calling": model.get("tool_call"),
        "tool_choice": model.get("tool_call"),
        "structured_output": model.get("structured_output"),
        "tool_call_streaming": bool(model.get("tool_call")),  # OpenRouter streams tool calls
    }
    for kind in MODALITIES:
        result[f"{kind}_inputs"] = kind in inputs
    for kind in ("image", "audio", "video"):
        result[f"{kind}_outputs"] = kind in outputs
    return {key: value for key, value in result.items() if value is not None}


def main() -> None:
    """Download (or read) models.dev's data and write the profiles file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="a saved copy of models.dev's api.json")
    args = parser.parse_args()
    if args.source:
        data = json.loads(Path(args.source).read_text(encoding="utf-8"))
    else:
        with urllib.request.urlopen(SOURCE_URL, timeout=60) as response:
            data = json.load(response)
    models = data["openrouter"]["models"]
    profiles = {slug: profile(models[slug]) for slug in sorted(models)}
    write(profiles)
    print(f"wrote {len(profiles)} profiles to {TARGET}")


def write(profiles: dict[str, dict[str, Any]]) -> None:
    """Write one model per line, sorted, so diffs stay readable."""
    lines = [f"  {json.dumps(slug)}: {json.dumps(value, sort_keys=True)}" for slug, value in profiles.items()]
    TARGET.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
