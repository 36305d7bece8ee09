"""Long documents: read in bounded pieces with exact offsets and speakers carried across pieces;
inputs that are no file (FIFOs, devices) or too large are refused before they are read.

Performance itself is measured in benchmarks/bench_large_doc.py, not here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import claims.extract as extract
from benchmarks.corpus import transcript_en, transcript_zh
from claims.core.errors import BadInput
from claims.core.meta import resolve_meta
from claims.core.textio import read_bytes_limited, read_source
from claims.extract import extract_text, piece_bounds


@pytest.mark.parametrize("text, size, pieces", [
    ("one short text", 100, ["one short text"]),
    ("aaaa bbbb.\n\ncccc dddd.\n\neeee", 14, ["aaaa bbbb.\n\n", "cccc dddd.\n\n", "eeee"]),
    ("line one\nline two\nline three", 12, ["line one\n", "line two\n", "line three"]),
    ("First one. Second one. Third", 14, ["First one. ", "Second one. ", "Third"]),
    ("第一句。第二句。第三句", 5, ["第一句。", "第二句。", "第三句"]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
])
def test_pieces_cut_at_paragraph_line_or_sentence_ends(text, size, pieces):
    bounds = list(piece_bounds(text, size))
    assert [text[s:e] for s, e in bounds] == pieces
    assert all(e - s <= size for s, e in bounds)


def _long(lang: str):
    text, meta = (transcript_en if lang == "en" else transcript_zh)(3, paragraphs=120)
    return text, resolve_meta(None, text, lang=lang, date="2025-08-01", company=meta["company"])


@pytest.mark.parametrize("lang, backend", [("en", "rules"), ("zh", None)])
def test_long_document_read_in_pieces_finds_the_same_claims_and_speakers(lang, backend, monkeypatch):
    if lang == "zh":
        pytest.importorskip("jieba")
    text, meta = _long(lang)
    monkeypatch.setattr(extract, "PIECE_CHARS", 10 ** 9)
    whole = extract_text(text, meta, backend=backend)
    monkeypatch.setattr(extract, "PIECE_CHARS", 3_000)
    assert len(list(piece_bounds(text))) > 3
    pieces = extract_text(text, meta, backend=backend)

    def rows(result):
        return [(c.start, c.end, c.text, c.speaker and c.speaker.name, c.claim_id) for c in result.claims]

    assert rows(pieces) == rows(whole)
    assert all(text[c.start:c.end] == c.text for c in pieces.claims)
    assert {s.name for s in pieces.doc.speakers} == {s.name for s in whole.doc.speakers}
    assert [(e.start, e.end) for e in pieces.doc.entities] == [(e.start, e.end) for e in whole.doc.entities]


def test_a_piece_starting_mid_turn_keeps_its_speaker(monkeypatch):
    head = "Jane Roe -- Chief Financial Officer\n\n"
    body = "".join(f"We expect revenue to grow {i}% in fiscal 2027.\n\n" for i in range(1, 60))
    text = "Operator: Welcome to the call.\n\n" + head + body
    meta = resolve_meta(None, text, lang="en", date="2025-08-01", company="Acme Widgets")
    monkeypatch.setattr(extract, "PIECE_CHARS", 600)
    result = extract_text(text, meta, backend="rules")
    assert len(result.claims) == 59
    assert {c.speaker.name if c.speaker else None for c in result.claims} == {"Jane Roe"}


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(BadInput, match="not a regular file"):
        read_source(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_is_refused_before_reading():
    with pytest.raises(BadInput, match="not a regular file"):
        read_source("/dev/zero")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="no /proc")
def test_size_limit_reads_no_further_than_the_limit_when_the_size_is_unknown():
    # /proc files report size 0 but have content: the limit still stops the read
    with pytest.raises(BadInput, match="larger than the 16 bytes limit"):
        read_bytes_limited(Path("/proc/self/maps"), 16)


def test_size_limit_refuses_a_large_file_by_its_size(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_MAX_BYTES", "1K")
    with pytest.raises(BadInput, match="larger than the 1 KB limit"):
        read_source(big)
