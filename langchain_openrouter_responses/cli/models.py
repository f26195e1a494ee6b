"""`openrouter-responses models`: the model catalogue, searchable and filterable, offline.

The bundled profiles (models.dev facts, `langchain_openrouter_responses.data`) always
work. `--refresh` fetches OpenRouter's `GET /models` (ids, context, modalities,
parameters and prices) and keeps it in the user data folder; later listings use it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request
from collections.abc import Sequence
from typing import Any, TextIO

from langchain_openrouter_responses.cli.store import data_dir
from langchain_openrouter_responses.data import model_ids, model_profile

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
_PROFILE_INPUTS = (
    ("image", "image_inputs"),
    ("pdf", "pdf_inputs"),
    ("audio", "audio_inputs"),
    ("video", "video_inputs"),
)
_MODALITY_NAMES = {"file": "pdf"}
_PER_MILLION = 1_000_000


def build_parser() -> argparse.ArgumentParser:
    """Describe `models`.

    Returns:
        The argument parser.
    """
    parser = argparse.ArgumentParser(
        prog="openrouter-responses models",
        description="List models: id, context length, inputs, tools, reasoning and price per million tokens "
        "(price after --refresh).",
    )
    parser.add_argument("-q", "--query", action="append", default=[], metavar="TEXT", help="ids containing TEXT")
    parser.add_argument("--reasoning", action="store_true", help="only models that reason")
    parser.add_argument("--tools", action="store_true", help="only models that call tools")
    parser.add_argument("--vision", action="store_true", help="only models that take images")
    parser.add_argument("--pdf", action="store_true", help="only models that take PDF files")
    parser.add_argument("--audio", action="store_true", help="only models that take audio")
    parser.add_argument(
        "--free", action="store_true", help="only free models (':free' ids, or no price after --refresh)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument(
        "--refresh", action="store_true", help="fetch OpenRouter's model list first (needs the network)"
    )
    parser.add_argument("--base-url", metavar="URL", help="API base URL for --refresh (default OPENROUTER_BASE_URL)")
    return parser


def main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Run `models`.

    Args:
        argv: The arguments after `models`.
        out: Where to write (stdout by default).

    Returns:
        The exit status.
    """
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    if args.refresh:
        base_url = args.base_url or os.environ.get("OPENROUTER_BASE_URL") or DEFAULT_BASE_URL
        try:
            count = refresh(base_url)
        except (OSError, ValueError) as error:
            fallback = (
                "the list fetched before" if cache_path().exists() else "the bundled catalogue (no list fetched yet)"
            )
            sys.stderr.write(f"warning: could not refresh the model list from {base_url}: {error}; using {fallback}\n")
        else:
            sys.stderr.write(f"[refreshed {count} models from {base_url}]\n")
    rows = [row for row in catalogue() if _keep(row, args)]
    if args.json:
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    width = max((len(row["id"]) for row in rows), default=2)
    inputs_width = max((len(",".join(row["inputs"])) for row in rows), default=6)
    out.write(f"{'id':<{width}}  {'context':>9}  {'inputs':<{inputs_width}}  tools reasoning  price in/out per 1M\n")
    for row in rows:
        out.write(_line(row, width, inputs_width) + "\n")
    out.write(f"{len(rows)} models\n")
    return 0


def _keep(row: dict[str, Any], args: argparse.Namespace) -> bool:
    if not all(text.lower() in row["id"].lower() for text in args.query):
        return False
    wanted = {"image": args.vision, "pdf": args.pdf, "audio": args.audio}
    if any(on and name not in row["inputs"] for name, on in wanted.items()):
        return False
    if args.free and not _free(row):
        return False
    return not (args.tools and not row["tools"]) and not (args.reasoning and not row["reasoning"])


def _free(row: dict[str, Any]) -> bool:
    price = row["price"]
    return row["id"].endswith(":free") or (bool(price) and price["input"] == 0 and price["output"] == 0)


def _line(row: dict[str, Any], width: int, inputs_width: int) -> str:
    context = f"{row['context_length']:,}" if row["context_length"] else "?"
    price = row["price"]
    price_text = f"${price['input']:g} / ${price['output']:g}" if price else "-"
    tools = "yes" if row["tools"] else "no"
    reasoning = "yes" if row["reasoning"] else "no"
    inputs = ",".join(row["inputs"])
    return f"{row['id']:<{width}}  {context:>9}  {inputs:<{inputs_width}}  {tools:<5} {reasoning:<10} {price_text}"


def cache_path() -> Any:
    """Where `--refresh` keeps OpenRouter's list.

    Returns:
        `<user data folder>/models.json`.
    """
    return data_dir() / "models.json"


def catalogue() -> list[dict[str, Any]]:
    """Return every known model: the bundled profiles, updated by the refreshed list if any.

    Returns:
        Rows with `id`, `name`, `context_length`, `inputs`, `tools`, `reasoning` and `price`
        (USD per million input and output tokens, or None).
    """
    rows = {model: _from_profile(model, model_profile(model) or {}) for model in model_ids()}
    try:
        cached = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    for entry in cached.get("data", []) if isinstance(cached, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            rows[entry["id"]] = _from_openrouter(entry, rows.get(entry["id"]))
    return [rows[model] for model in sorted(rows)]


def _from_profile(model: str, profile: dict[str, Any]) -> dict[str, Any]:
    inputs = ["text"] + [name for name, key in _PROFILE_INPUTS if profile.get(key)]
    if "pdf" not in inputs and "pdf_inputs" not in profile and profile.get("attachment"):
        inputs.append("pdf")
    return {
        "id": model,
        "name": profile.get("name", model),
        "context_length": profile.get("max_input_tokens"),
        "inputs": inputs,
        "tools": bool(profile.get("tool_calling")),
        "reasoning": bool(profile.get("reasoning_output")),
        "price": None,
    }


def _from_openrouter(entry: dict[str, Any], known: dict[str, Any] | None) -> dict[str, Any]:
    architecture = entry.get("architecture") or {}
    modalities = architecture.get("input_modalities") or (known or {}).get("inputs") or ["text"]
    parameters = entry.get("supported_parameters")
    pricing = entry.get("pricing") or {}
    try:
        price = {
            "input": round(float(pricing["prompt"]) * _PER_MILLION, 6),
            "output": round(float(pricing["completion"]) * _PER_MILLION, 6),
        }
    except (KeyError, TypeError, ValueError):
        price = None
    return {
        "id": entry["id"],
        "name": entry.get("name") or entry["id"],
        "context_length": entry.get("context_length") or (known or {}).get("context_length"),
        "inputs": [_MODALITY_NAMES.get(str(name), str(name)) for name in modalities],
        "tools": "tools" in parameters if isinstance(parameters, list) else bool((known or {}).get("tools")),
        "reasoning": "reasoning" in parameters
        if isinstance(parameters, list)
        else bool((known or {}).get("reasoning")),
        "price": price,
    }


def refresh(base_url: str) -> int:
    """Fetch `GET {base_url}/models` and keep it (private to the user).

    Args:
        base_url: The API base URL.

    Returns:
        How many models it listed.

    Raises:
        ValueError: The answer is not a model list.
    """
    url = base_url.rstrip("/") + "/models"
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{base_url!r} is not an http(s) URL")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - checked above
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        payload = json.loads(response.read().decode("utf-8"))
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise ValueError("the answer has no 'data' list")  # noqa: TRY004 - reported like bad JSON
    path = cache_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(payload, file)
    return len(payload["data"])
