"""The local multimodal test files are well-formed, and the emulator describes them."""

from __future__ import annotations

import base64
import re
import struct
import wave
import zlib
from pathlib import Path

from tests.emulator.conftest import Client

ASSETS = Path(__file__).resolve().parents[2] / "integration_tests" / "assets"


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks.append((kind, body))
        offset += 12 + length
    return chunks


def test_png_is_valid() -> None:
    chunks = png_chunks((ASSETS / "image.png").read_bytes())

    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, color = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (width, height, depth, color) == (2, 2, 8, 2)
    assert len(zlib.decompress(chunks[1][1])) == height * (1 + 3 * width)


def test_pdf_xref_offsets_point_at_their_objects() -> None:
    data = (ASSETS / "document.pdf").read_bytes()

    assert data.startswith(b"%PDF-1.4\n")
    assert data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\n(\d+)\n", data).group(1))  # type: ignore[union-attr]
    assert data[start:].startswith(b"xref\n0 7\n")
    offsets = [int(line[:10]) for line in data[start:].split(b"\n")[3:9]]
    for number, offset in enumerate(offsets, 1):
        assert data[offset:].startswith(b"%d 0 obj\n" % number)
    assert b"/Count 1" in data
    assert b"/Title (Dummy PDF file)" in data
    length = int(re.search(rb"/Length (\d+)", data).group(1))  # type: ignore[union-attr]
    assert data.split(b"stream\n", 1)[1][:length].endswith(b"ET\n")


def test_wav_is_a_tenth_of_a_second_of_silence() -> None:
    with wave.open(str(ASSETS / "audio.wav"), "rb") as audio:
        assert (audio.getnchannels(), audio.getsampwidth(), audio.getframerate()) == (1, 2, 8000)
        assert audio.getnframes() == 800
        assert set(audio.readframes(800)) == {0}


def test_the_emulator_describes_the_assets(client: Client) -> None:
    def b64(name: str) -> str:
        return base64.b64encode((ASSETS / name).read_bytes()).decode()

    content = [
        {"type": "input_text", "text": "What are these?"},
        {"type": "input_image", "image_url": f"data:image/png;base64,{b64('image.png')}", "detail": "auto"},
        {
            "type": "input_file",
            "filename": "document.pdf",
            "file_data": f"data:application/pdf;base64,{b64('document.pdf')}",
        },
        {"type": "input_audio", "input_audio": {"data": b64("audio.wav"), "format": "wav"}},
    ]

    answer = client.ask([{"role": "user", "content": content}], model="google/gemini-2.5-flash")

    assert answer.json()["output"][0]["content"][0]["text"] == "I see 1 image, 1 PDF file and 1 audio clip."
