"""Reading user files: bytes -> text, with encodings detected and bad input rejected early.

Offsets in every output refer to the decoded text returned here, so decoding happens exactly once.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInput

MAX_BYTES = 200 * 1024 * 1024
_FALLBACK_ENCODINGS = ("gb18030", "big5")


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    sha256: str
    encoding: str


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > max(8, len(head) // 50)


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Return (text, encoding). UTF-8 (with or without BOM) first, then GB18030 and Big5."""
    if not data.strip():
        raise BadInput(f"{name}: file is empty")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise BadInput(f"{name}: cannot decode UTF-16 text: {exc.reason}") from None
    if _looks_binary(data):
        raise BadInput(f"{name}: looks like a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in _FALLBACK_ENCODINGS:
        try:
            candidates.append((enc, data.decode(enc)))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise BadInput(f"{name}: cannot decode the text (tried UTF-8, GB18030, Big5)")
    if len(candidates) > 1:
        # both decoded: prefer the one whose text is mostly common CJK rather than rare code points
        def rarity(t: str) -> int:
            return sum(1 for ch in t if "\u3400" <= ch <= "\u4dbf" or "\ue000" <= ch <= "\uf8ff" or ch > "\U0001ffff")

        candidates.sort(key=lambda c: rarity(c[1]))
    enc, text = candidates[0]
    return text, enc


def read_source(path: str | Path) -> SourceText:
    p = Path(path)
    if not p.exists():
        raise BadInput(f"{p}: no such file")
    if p.is_dir():
        raise BadInput(f"{p}: is a directory, not a text file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise BadInput(f"{p}: file is {size // (1024 * 1024)} MB, larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise BadInput(f"{p}: cannot read: {exc.strerror}") from None
    text, enc = decode_bytes(data, str(p))
    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    if not text.strip():
        raise BadInput(f"{p}: file has no text")
    return SourceText(path=p, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=enc)
