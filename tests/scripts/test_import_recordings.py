"""scripts/import_recordings.py: proxy recordings become bundled-format fixtures in a folder of our choosing.

Every test imports into a temporary copy of the bundled README, never into the package's folder.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from langchain_core.tools import tool

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterBadRequestError
from langchain_openrouter_responses.emulator import FIXTURES_DIR, Emulator, FixtureReply

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "import_recordings.py"
UPSTREAM_KEY = "sk-or-v1-0123456789abcdef0123456789abcdef"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_recordings", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_recordings"] = module
    spec.loader.exec_module(module)
    return module


importer = load_script()


@tool
def get_weather(location: str) -> str:
    """Get the current weather for a location."""
    return f"It's sunny in {location}."


def model_at(emulator: Emulator, model: str, key: str = UPSTREAM_KEY, **settings: Any) -> ChatOpenRouterResponses:
    return ChatOpenRouterResponses(base_url=emulator.base_url, api_key=key, model=model, max_retries=0, **settings)


def ask_everything(emulator: Emulator, key: str = UPSTREAM_KEY) -> dict[str, Any]:
    """The calls recorded (and later replayed): what each answered."""
    answers: dict[str, Any] = {}
    minimax = model_at(emulator, "minimax/minimax-m2", key, reasoning={"effort": "low"}, streaming=True)
    answers["minimax"] = minimax.invoke("Share a 2 sentence horror story")
    answers["gpt-5-mini"] = model_at(emulator, "openai/gpt-5-mini", key, reasoning={"effort": "low"}).invoke("Hi")
    answers["hi-1"] = model_at(emulator, "openai/gpt-4o-mini", key).invoke("Hi")
    answers["hi-2"] = model_at(emulator, "openai/gpt-4o-mini", key).invoke("Hi")
    tools = model_at(emulator, "openai/gpt-4o-mini", key, streaming=True).bind_tools([get_weather])
    answers["tool"] = tools.invoke("What is the weather in Paris?")
    answers["cut"] = model_at(emulator, "openai/gpt-4o-mini", key, max_output_tokens=3).invoke("Write a haiku")
    with pytest.raises(OpenRouterBadRequestError):
        model_at(emulator, "acme/no-such-model", key).invoke("Hi")
    return answers


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A recording-proxy folder, recorded against a second emulator standing in for OpenRouter."""
    folder = tmp_path_factory.mktemp("recorded")
    with Emulator(UPSTREAM_KEY) as upstream, Emulator(record_to=folder, upstream=upstream.base_url) as proxy:
        answers = ask_everything(proxy)
    return folder, answers


@pytest.fixture
def source(recorded: tuple[Path, dict[str, Any]], tmp_path: Path) -> Path:
    """A private copy of the recorded folder (tests may damage it)."""
    return Path(shutil.copytree(recorded[0], tmp_path / "source"))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A stand-in for the bundled folder: its README (with the fixtures table) and nothing else."""
    folder = tmp_path / "recordings"
    folder.mkdir()
    shutil.copyfile(FIXTURES_DIR / "README.md", folder / "README.md")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def captured_date(source: Path) -> str:
    (meta,) = {json.loads(path.read_text())["captured"] for path in source.glob("*.meta.json")}
    return str(meta)


def test_each_recording_gets_a_descriptive_name_and_its_bytes(source: Path, target: Path) -> None:
    date = captured_date(source)

    names = importer.import_recordings(source, target, "live-")

    assert names == [
        f"live-stream-reasoning-text-minimax-minimax-m2-{date}",
        f"live-json-reasoning-encrypted-openai-gpt-5-mini-{date}",
        f"live-json-text-openai-gpt-4o-mini-{date}-1",
        f"live-json-text-openai-gpt-4o-mini-{date}-2",
        f"live-stream-tool-call-openai-gpt-4o-mini-{date}",
        f"live-json-text-incomplete-openai-gpt-4o-mini-{date}",
        f"live-error-400-acme-no-such-model-{date}",
    ]
    originals = sorted(path.name.removesuffix(".meta.json") for path in source.glob("*.meta.json"))
    for original, name in zip(originals, names, strict=True):
        meta = json.loads((target / f"{name}.meta.json").read_text())
        response = meta["files"]["response"]
        suffix = next(s for s in (".sse", ".response.json", ".error.json") if response.endswith(s))
        assert (target / f"{name}.request.json").read_bytes() == (source / f"{original}.request.json").read_bytes()
        assert (target / response).read_bytes() == (source / f"{original}{suffix}").read_bytes()
        assert meta["name"] == name
        assert meta["imported_from"] == original
        assert meta["files"] == {"request": f"{name}.request.json", "response": f"{name}{suffix}"}
        assert meta["exercises"] == [f"live recording {date}"]
        assert meta["defects"] == []
    for path in target.iterdir():
        assert UPSTREAM_KEY not in path.read_text(encoding="utf-8"), path.name


def test_the_readme_table_gains_one_provenance_row_per_recording(source: Path, target: Path) -> None:
    before = (target / "README.md").read_text(encoding="utf-8")
    date = captured_date(source)

    importer.import_recordings(source, target, "live-")

    after = (target / "README.md").read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    rows = [
        ("live-stream-reasoning-text-minimax-minimax-m2", "minimax/minimax-m2", "yes"),
        ("live-json-reasoning-encrypted-openai-gpt-5-mini", "openai/gpt-5-mini", "no"),
        ("live-json-text-openai-gpt-4o-mini", "openai/gpt-4o-mini", "no", "-1"),
        ("live-json-text-openai-gpt-4o-mini", "openai/gpt-4o-mini", "no", "-2"),
        ("live-stream-tool-call-openai-gpt-4o-mini", "openai/gpt-4o-mini", "yes"),
        ("live-json-text-incomplete-openai-gpt-4o-mini", "openai/gpt-4o-mini", "no"),
        ("live-error-400-acme-no-such-model", "acme/no-such-model", "no (error)"),
    ]
    assert added == [
        f"| `{name}-{date}{number[0] if number else ''}` | {model} | {stream} | live recording {date} | — |"
        for name, model, stream, *number in rows
    ]
    table_end = after.index(added[-1]) + len(added[-1])
    last_bundled_row = "| `error-invalid-prompt-store-true` |"
    assert after.index(last_bundled_row) < after.index(added[0]), "rows go at the end of the fixtures table"
    assert after[table_end:] == before[before.index("\n", before.index(last_bundled_row)) :]


def test_imported_recordings_replay_offline(
    recorded: tuple[Path, dict[str, Any]], source: Path, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = importer.import_recordings(source, target)

    with Emulator(replay=target) as replay:
        again = ask_everything(replay, key=replay.api_key or "")
    for label, answer in recorded[1].items():
        assert again[label].content == answer.content, label
        assert again[label].id == answer.id, label

    monkeypatch.setenv("OPENROUTER_FIXTURES_DIR", str(target))
    with Emulator() as emulator:
        emulator.queue(FixtureReply(names[0]))
        streamed = model_at(emulator, "openai/gpt-4o-mini", emulator.api_key or "", streaming=True).invoke("x")
    assert streamed.text == recorded[1]["minimax"].text
    assert streamed.response_metadata["model_name"] == "minimax/minimax-m2"


@pytest.mark.parametrize(
    ("planted", "kind"),
    [(b"sk-or-v1-feedfacefeedface", "sk- key"), (b"Bearer abcdefgh12345678", "Bearer token")],
)
def test_anything_key_like_refuses_the_whole_import(
    source: Path, target: Path, planted: bytes, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = min(source.glob("*.sse"))
    victim.write_bytes(victim.read_bytes().replace(b"data: [DONE]", b": " + planted + b"\n\ndata: [DONE]"))
    before = snapshot(target)

    status = importer.main([str(source), "--target", str(target)])

    assert status == 1
    assert snapshot(target) == before, "nothing was written"
    err = capsys.readouterr().err
    assert f"{victim.name}: something key-like ({kind})" in err
    assert planted.decode() not in err, "the refusal never repeats the value"


def test_redacted_markers_are_not_key_like(source: Path, target: Path) -> None:
    meta = json.loads(next(source.glob("*.meta.json")).read_text())
    assert meta["request_headers"]["authorization"] == "[REDACTED]"

    assert importer.main([str(source), "--target", str(target)]) == 0


def test_existing_names_are_never_overwritten(source: Path, target: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert importer.main([str(source), "--target", str(target)]) == 0
    before = snapshot(target)

    assert importer.main([str(source), "--target", str(target)]) == 1

    assert snapshot(target) == before
    assert "already exists" in capsys.readouterr().err


def test_incomplete_recordings_are_skipped_and_named(
    source: Path, target: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = sorted(path.name.removesuffix(".meta.json") for path in source.glob("*.meta.json"))[:2]
    (source / f"{first}.sse").unlink()
    meta = json.loads((source / f"{second}.meta.json").read_text())
    (source / f"{second}.meta.json").write_text(json.dumps({**meta, "complete": False}))

    names = importer.import_recordings(source, target)

    assert len(names) == 5
    err = capsys.readouterr().err
    assert f"skipped {first}: needs exactly one" in err
    assert f"skipped {second}: the response was cut off" in err


def test_names_are_sanitised_and_carry_no_content(source: Path, target: Path) -> None:
    meta_path = sorted(source.glob("*.meta.json"))[2]  # a plain-text answer to "Hi"
    meta = json.loads(meta_path.read_text())
    meta["response_model"] = "../../Evil Vendor/Model:Free?x=1"
    meta["captured"] = "2026/01/01; rm -rf"
    meta_path.write_text(json.dumps(meta))

    names = importer.import_recordings(source, target, "../My Prefix/")

    assert names[2] == "my-prefix-json-text-evil-vendor-model-free-x-1-undated"
    assert names[3].startswith("my-prefix-json-text-openai-gpt-4o-mini-")
    assert not names[3].endswith("-1"), "no longer a duplicate: not numbered"
    for name in names:
        assert importer.UNSAFE.search(name.replace("-", "")) is None
        assert "hi" not in name.split("-"), "never the prompt"
    assert {path.parent for path in target.iterdir()} == {target}


def test_dry_run_from_the_command_line_writes_nothing(source: Path, target: Path) -> None:
    before = snapshot(target)

    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(source), "--target", str(target), "--name-prefix", "live-", "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "would import 7 recording(s)" in result.stdout
    assert "-> live-stream-reasoning-text-minimax-minimax-m2-" in result.stdout
    assert snapshot(target) == before


def test_the_default_target_is_the_bundled_folder() -> None:
    assert importer.bundled_folder() == FIXTURES_DIR
