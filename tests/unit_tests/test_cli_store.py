"""The command line's log, options and attachments, without a model."""

from __future__ import annotations

import http.server
import io
import json
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from langchain_openrouter_responses.cli.attach import Attachment, AttachmentError, check_model, content_block, sniff
from langchain_openrouter_responses.cli.inputs import Decoder, combine
from langchain_openrouter_responses.cli.models import main as models_main
from langchain_openrouter_responses.cli.options import OptionError, parse_options
from langchain_openrouter_responses.cli.store import Exchange, LogStore, data_dir, new_conversation_id
from langchain_openrouter_responses.data import model_profile

WRITER = """
import sys
from pathlib import Path
from langchain_openrouter_responses.cli.store import Exchange, LogStore
store = LogStore(Path(sys.argv[1]))
for number in range(int(sys.argv[3])):
    store.add(Exchange(conversation_id=sys.argv[2], requested_model="m/x", prompt=f"{sys.argv[2]}-{number}",
                       prompt_content=f"{sys.argv[2]}-{number}", text="answer", usage={"input_tokens": 1}))
"""


def test_ten_processes_writing_at_once_lose_no_row(tmp_path: Path) -> None:
    path = tmp_path / "logs.db"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"writer{number}", "40"], stderr=subprocess.PIPE)
        for number in range(10)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    store = LogStore(path)
    rows = store.recent(0)
    assert len(rows) == 400
    assert {row.prompt for row in rows} == {f"writer{w}-{n}" for w in range(10) for n in range(40)}
    for number in range(10):
        assert [row.prompt for row in store.conversation(f"writer{number}")] == [
            f"writer{number}-{n}" for n in range(40)
        ], "each writer's rows in order"


def test_the_store_round_trips_an_exchange(tmp_path: Path) -> None:
    store = LogStore(tmp_path / "sub" / "logs.db")
    assert store.recent(5) == []
    assert store.latest_conversation() is None
    exchange = Exchange(
        conversation_id="c1", requested_model="m/x", prompt="50% off_", prompt_content=[{"type": "text"}],
        options={"temperature": 0.2}, message={"type": "ai", "data": {"content": "é"}}, usage={"input_tokens": 3},
    )  # fmt: skip
    assert store.add(exchange) == 1
    [back] = store.recent(5)
    assert back == exchange
    assert store.recent(5, query="50%") == [exchange]
    assert store.recent(5, query="0%_") == [], "LIKE wildcards in the query are literal"
    assert store.recent(5, query="off_") == [exchange]
    assert store.latest_conversation() == "c1"
    assert store.recent_prompts(10) == ["50% off_"]


def test_the_data_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_dir() == tmp_path / "openrouter-responses"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert data_dir() == Path.home() / ".local" / "share" / "openrouter-responses"
    assert new_conversation_id() != new_conversation_id()


def test_options_parse_json_values_and_dotted_keys() -> None:
    assert parse_options([["temperature", "0.2"], ["provider.sort", "price"], ["provider.only", '["a"]']]) == {
        "temperature": 0.2,
        "provider": {"sort": "price", "only": ["a"]},
    }
    assert parse_options([["verbosity", "low"], ["stop_sequences", '["x"]']]) == {
        "verbosity": "low",
        "stop_sequences": ["x"],
    }
    with pytest.raises(OptionError, match=r"unknown option 'api_key'; valid keys: .*temperature"):
        parse_options([["api_key", "sk"]])
    with pytest.raises(OptionError):
        parse_options([["temperature.x", "1"]])


def test_attachments_are_sniffed_and_checked(tmp_path: Path) -> None:
    pdf = tmp_path / "paper"
    pdf.write_bytes(b"%PDF-1.7\n...")
    assert sniff(str(pdf)) == "application/pdf"
    assert sniff("https://example.com/cat.jpg") == "image/jpeg"
    with pytest.raises(AttachmentError, match="cannot read attachment"):
        sniff(str(tmp_path / "missing.png"))
    block = content_block(Attachment(str(pdf), "application/pdf"))
    assert block["type"] == "file"
    assert block["extras"] == {"filename": "paper"}
    assert content_block(Attachment("https://example.com/cat.jpg", "image/jpeg")) == {
        "type": "image",
        "mime_type": "image/jpeg",
        "url": "https://example.com/cat.jpg",
    }
    with pytest.raises(AttachmentError, match="audio must be a local file"):
        content_block(Attachment("https://example.com/a.wav", "audio/wav"))
    audio = [Attachment("a.wav", "audio/wav")]
    with pytest.raises(AttachmentError, match="does not accept audio"):
        check_model(audio, "openai/gpt-4o", model_profile("openai/gpt-4o"))
    check_model(audio, "google/gemini-2.5-flash", model_profile("google/gemini-2.5-flash"))
    check_model(audio, "acme/unknown", None)


def test_decoding_replaces_bad_bytes_and_warns_once() -> None:
    err = io.StringIO()
    decoder = Decoder(err)
    assert decoder.text("caf\udce9") == "caf\ufffd"
    assert decoder.decode(b"\xff ok") == "\ufffd ok"
    assert decoder.text("fine") == "fine"
    assert err.getvalue().count("\n") == 1
    assert combine(" piped \n", " asked ") == "piped\n\nasked"
    assert combine("", "asked") == "asked"


class ModelsServer(http.server.BaseHTTPRequestHandler):
    """A scripted loopback OpenRouter: `GET /api/v1/models` with one new model and a price."""

    seen: ClassVar[list[str]] = []
    BODY = json.dumps(
        {
            "data": [
                {
                    "id": "acme/brand-new",
                    "name": "Brand New",
                    "context_length": 65536,
                    "architecture": {"input_modalities": ["text", "image"]},
                    "pricing": {"prompt": "0.000001", "completion": "0.000004"},
                    "supported_parameters": ["tools", "reasoning"],
                }
            ]
        }
    ).encode()

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.BODY)))
        self.end_headers()
        self.wfile.write(self.BODY)

    def log_message(self, *args: object) -> None:
        pass


def test_models_refresh_adds_prices_and_new_models_and_works_offline(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), ModelsServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base_url = f"http://127.0.0.1:{server.server_port}/api/v1"
        assert models_main(["--refresh", "--base-url", base_url, "-q", "brand-new", "--json"]) == 0
    finally:
        server.shutdown()
        server.server_close()
    assert ModelsServer.seen == ["/api/v1/models"]
    [row] = json.loads(capsys.readouterr().out)
    assert row == {
        "id": "acme/brand-new", "name": "Brand New", "context_length": 65536, "inputs": ["text", "image"],
        "tools": True, "reasoning": True, "price": {"input": 1.0, "output": 4.0},
    }  # fmt: skip
    assert stat.S_IMODE((data_home / "openrouter-responses" / "models.json").stat().st_mode) == 0o600
    assert models_main(["--refresh", "--base-url", base_url, "-q", "brand-new"]) == 0, "offline: the cache serves"
    captured = capsys.readouterr()
    assert "could not refresh" in captured.err
    assert "$1 / $4" in captured.out
    assert models_main(["-q", "claude", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) > 5
