"""Bundled model profiles."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from langchain_openrouter_responses import ChatOpenRouterResponses

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import update_profiles


def test_known_model_has_a_profile() -> None:
    profile = ChatOpenRouterResponses(model="anthropic/claude-sonnet-4").profile
    assert profile is not None
    assert profile["max_input_tokens"] > 100_000
    assert profile["tool_calling"] is True
    assert profile["image_inputs"] is True


def test_variant_suffix_uses_the_base_model_and_unknown_models_get_none() -> None:
    base = ChatOpenRouterResponses(model="openai/gpt-4o").profile
    assert ChatOpenRouterResponses(model="openai/gpt-4o:online").profile == base
    assert ChatOpenRouterResponses(model="acme/not-a-model").profile is None


def test_user_profile_wins() -> None:
    assert ChatOpenRouterResponses(model="openai/gpt-4o", profile={"max_input_tokens": 5}).profile == {
        "max_input_tokens": 5
    }


def test_script_maps_models_dev_entries(tmp_path: Path, monkeypatch: object) -> None:
    entry = {
        "id": "acme/x",
        "name": "X",
        "reasoning": True,
        "tool_call": True,
        "limit": {"context": 1000, "output": 100},
        "modalities": {"input": ["text", "image", "pdf"], "output": ["text"]},
    }
    profile = update_profiles.profile(entry)
    assert profile["max_input_tokens"] == 1000
    assert profile["pdf_inputs"] is True
    assert profile["audio_inputs"] is False
    assert profile["tool_choice"] is True
    source = tmp_path / "api.json"
    source.write_text(json.dumps({"openrouter": {"models": {"acme/x": entry}}}))
    target = tmp_path / "profiles.json"
    monkeypatch.setattr(update_profiles, "TARGET", target)  # type: ignore[attr-defined]
    monkeypatch.setattr(sys, "argv", ["update_profiles.py", "--source", str(source)])  # type: ignore[attr-defined]
    update_profiles.main()
    assert json.loads(target.read_text())["acme/x"] == profile
