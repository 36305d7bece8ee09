"""Reading user files: bytes -> text, with encodings detected and bad input rejected early.

Offsets in every output refer to the decoded text returned here, so decoding happens exactly once.
The decoded text is the file's characters after two length-aware steps: line endings become "\\n"
(CRLF counts as one character, as in every editor), and HTML markup is blanked in place — tags become
spaces, entities become their character padded with spaces — so an offset into the returned text is
also an offset into the decoded file with its newlines normalised.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from claims.core.errors import BadInput

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_FALLBACK_ENCODINGS = ("gb18030", "big5")
_SCORE_SAMPLE = 20_000


def max_bytes() -> int:
    """The size limit: `CLAIMS_MAX_BYTES` (bytes, or with a K/M/G suffix) or 50 MB.

    A transcript is at most a few hundred kilobytes; anything this large is almost surely the wrong
    file, and rejecting it up front costs one stat() instead of minutes of extraction.
    """
    raw = os.environ.get("CLAIMS_MAX_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    m = re.fullmatch(r"(\d+)\s*([KMG]?)B?", raw.upper())
    if not m:
        raise BadInput(f"CLAIMS_MAX_BYTES must be a number of bytes (or 20M, 1G), got {raw!r}")
    return int(m.group(1)) * {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}[m.group(2)]


def _human(n: int) -> str:
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.0f} {unit}"
    return f"{n} bytes"


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    sha256: str
    encoding: str
    markup: str = "text"  # "text" (plain or Markdown) | "html" (tags blanked in place)
    original: str | None = None  # the decoded text before blanking (same length); None when unchanged

    @property
    def storable_original(self) -> str | None:
        """`original` for a ledger: a NUL (a glyph a PDF extractor lost) kept as U+FFFD, which
        PostgreSQL's text type can hold; offsets are the same."""
        return self.original if self.original is None or "\x00" not in self.original else self.text

    @property
    def decoded(self) -> str:
        """The user's text as decoded: what every offset and every mention's text refer to."""
        return self.original if self.original is not None else self.text


_LOST_GLYPH = re.compile(rb"\x00(?=[a-z])")


def _lost_ligatures(data: bytes) -> bool:
    """NUL bytes where a PDF extractor dropped a ligature glyph ("\\x00nancial", "of\\x00ce"): few,
    and each one starting a lower-case letter run. Such a file is text with a damaged glyph, not binary."""
    nuls = data.count(b"\x00")
    return 0 < nuls <= len(data) // 50 and len(_LOST_GLYPH.findall(data)) == nuls


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:  # anywhere, not only in the first 8 KB: no text encoding here has NUL bytes
        return True
    head = data[:8192]
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > max(8, len(head) // 50)


def _is_frequent(ch: str) -> bool | None:
    """True for a common hanzi in either script, False for a rare or out-of-place one, None for neutral.

    "Common" comes from the codecs' own structure: GB2312 level 1 (lead bytes B0–D7) holds the 3,755
    most frequent simplified characters and Big5 level 1 (A440–C67E) the 5,401 most frequent
    traditional ones. Text decoded with the wrong codec lands on kana, Greek, private-use or
    level-2 characters instead, so the right decoding scores markedly higher.
    """
    if ch.isascii() or ch.isspace():
        return None
    if "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
        return None  # CJK and full-width punctuation: common in every decoding
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        if len(b) == 2 and (0xA4 <= b[0] <= 0xC5 or (b[0] == 0xC6 and b[1] <= 0x7E)):
            return True
    except UnicodeEncodeError:
        pass
    return False


def _plausibility(text: str) -> float:
    scored = [f for f in map(_is_frequent, text[:_SCORE_SAMPLE]) if f is not None]
    return sum(scored) / len(scored) if scored else 0.0


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: ASCII characters (spaces, digits, line breaks, Latin letters) put a NUL
    byte on every other position — the odd ones in little-endian, the even ones in big-endian — which
    no binary format does so regularly. The text must then decode cleanly and hold no NUL itself."""
    head = data[:8192]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for enc, zeros, other, half in (("utf-16-le", odd, even, len(head[1::2])), ("utf-16-be", even, odd, len(head[0::2]))):
        if zeros >= max(2, half // 10) and other == 0 and len(data) % 2 == 0:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            if "\x00" in text or sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f") > 8:
                return None
            return text, enc
    return None


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Return (text, encoding). UTF-16 by BOM (or, without one, by its NUL-byte pattern), then UTF-8
    (with or without BOM), GB18030 and Big5."""
    if not data.strip():
        raise BadInput(f"{name}: file is empty")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise BadInput(f"{name}: cannot decode UTF-16 text: {exc.reason}") from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if _lost_ligatures(data):
        try:
            return data.decode("utf-8"), "utf-8"  # read_source shows the lost glyphs as U+FFFD
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise BadInput(f"{name}: looks like a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise BadInput(f"{name}: has a UTF-8 BOM but is not valid UTF-8 (byte {exc.start + 3})") from None
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
        # Big5 bytes nearly always also decode as GB18030 (into nonsense); keep GB18030 unless Big5
        # reads as clearly more common characters. sorted() is stable, so ties stay GB18030.
        candidates.sort(key=lambda c: -_plausibility(c[1]))
    enc, text = candidates[0]
    return text, enc


_HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TAG = re.compile(r"</?(?:html|head|body|p|div|span|br|table|tr|td|th|li|ul|ol|h[1-6]|a|b|i|em|strong|section|article)\b[^>]*>", re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|tr|li|ul|ol|h[1-6]|table|section|article|blockquote|title|head|body|html)\b", re.I)
_ANY_TAG = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*\?>|</?[A-Za-z][^<>]*>", re.S)
_HIDDEN = re.compile(r"<(script|style|head)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def looks_like_html(text: str) -> bool:
    """An HTML page (doctype/<html>) or text with many HTML tags; Markdown with a stray <br> is not."""
    head = text[:50_000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 5


def _blank(match: re.Match) -> str:
    s = match.group(0)
    # a block-level tag still ends a sentence or paragraph: keep a line break where it stood
    lead = "\n" if _BLOCK_TAG.match(s) else " "
    return lead + "".join("\n" if ch == "\n" else " " for ch in s[1:])


def _entity(match: re.Match) -> str:
    s = match.group(0)
    ch = html.unescape(s)
    if ch == s or len(ch) != 1:
        return s
    return (" " if ch == "\xa0" else ch) + " " * (len(s) - 1)


def blank_html(text: str) -> str:
    """Same-length plain text of an HTML page: markup -> spaces, entities -> their character.

    Keeping the length is what lets claim offsets index the file itself, so a reader can open the
    page and find the quoted words at the stated position.
    """
    out = _HIDDEN.sub(lambda mt: "".join("\n" if ch == "\n" else " " for ch in mt.group(0)), text)
    out = _ANY_TAG.sub(_blank, out)
    out = _ENTITY.sub(_entity, out)
    assert len(out) == len(text)
    return out


_JSON_FIELD = re.compile(r'"[A-Za-z_][\w-]{0,30}"[ \t]*:[ \t]*"')
_JSON_ESCAPE = re.compile(r'\\(?:u[0-9a-fA-F]{4}|["\\/bfnrt])')
_ESCAPED = {"n": "\n ", "r": "\n ", "t": "  ", "b": "  ", "f": "  ", '"': ' "', "\\": " \\", "/": " /"}


def looks_like_json_text(text: str) -> bool:
    """Text saved as JSON records (a transcript's `"speech": "…\\n…"` fields): three or more string
    fields and escape sequences among them."""
    head = text[:50_000]
    return "\\" in head and len(_JSON_FIELD.findall(head)) >= 3 and bool(_JSON_ESCAPE.search(head))


def _unescape(match: re.Match) -> str:
    s = match.group(0)
    if s[1] == "u":
        ch = chr(int(s[2:], 16))
        return (ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else " ") + " " * 5
    return _ESCAPED[s[1]]


def blank_json_escapes(text: str) -> str:
    """Same-length text of JSON string values as they read: "\\n" a line break, "\\u4e2d" its
    character. The sentence splitter and the speaker lines see the transcript's own paragraphs;
    offsets still index the file."""
    out = _JSON_ESCAPE.sub(_unescape, text)
    assert len(out) == len(text)
    return out


# spaces other than " " (a web page's non-breaking space, a typesetter's thin space): the tokenizer
# and every pattern read words as separated by " ", so "Tim\u00a0Cook:" was neither a name nor a label
_OTHER_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_AS_SPACE = str.maketrans(dict.fromkeys(_OTHER_SPACES, " "))
_OTHER_SPACE = re.compile(f"[{_OTHER_SPACES}]")


def plain_spaces(text: str) -> str:
    """`text` with every other kind of space as " ", one character for one (offsets stay the user's);
    `text` itself when it has none. The ideographic space stays: Chinese layouts indent with it."""
    return text.translate(_AS_SPACE) if _OTHER_SPACE.search(text) else text


# a word a typeset page broke at its margin ("expec-" / "ted"): its letters, a hyphen, the line break,
# then the lowercase rest of the word
_HYPHEN_BREAK = re.compile(r"(?<![A-Za-z-])(?P<first>[A-Za-z]+)-[ \t]*\n[ \t]*(?P<rest>[a-z]+)")


def joined_hyphens(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each word broken at a line end by a hyphen written whole, one character for one:
    the line break moves before the word ("We expec-\nted more" reads "We \n expected more"), so the
    word ends where it ended and its punctuation stays with it. Returns the copy and, per joined word,
    (where its first part starts, where the whole word starts in the copy), for a mention's start to
    be carried back."""
    if "-" not in text:
        return text, []
    chars, joins = None, []
    for m in _HYPHEN_BREAK.finditer(text):
        chars = chars if chars is not None else list(text)
        word = m.group("first") + m.group("rest")
        fill = m.end() - m.start() - len(word)
        chars[m.start():m.end()] = "\n" + " " * (fill - 1) + word
        joins.append((m.start(), m.start() + fill))
    return ("".join(chars), joins) if chars is not None else (text, [])


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _too_large(p: Path, size: str, limit: int) -> BadInput:
    return BadInput(f"{p}: file is {size}, larger than the {_human(limit)} limit (set CLAIMS_MAX_BYTES to raise it)")


def read_bytes_limited(p: Path, limit: int) -> bytes:
    """The bytes of a regular file, reading at most `limit` + 1 of them.

    FIFOs, sockets and devices are refused before a byte is read (a FIFO would block the reader
    forever, `/dev/zero` never ends); the file is opened non-blocking and checked through its own
    descriptor, so it cannot be swapped for one between the check and the read. A file that grows
    past the limit, or reports no size (`/proc`), is still cut off at the limit."""
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise BadInput(f"{p}: cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb", buffering=0) as f:
        st = os.fstat(f.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise BadInput(f"{p}: is a directory, not a text file")
        if not stat.S_ISREG(st.st_mode):
            raise BadInput(f"{p}: is not a regular file (a pipe, socket or device): save the text to a file first")
        if st.st_size > limit:
            raise _too_large(p, _human(st.st_size), limit)
        chunks, total = [], 0
        try:
            while total <= limit:
                chunk = f.read(min(1 << 20, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        except OSError as exc:
            raise BadInput(f"{p}: cannot read: {exc.strerror}") from None
    if total > limit:
        raise _too_large(p, f"over {_human(limit)}", limit)
    return b"".join(chunks)


def read_source(path: str | Path) -> SourceText:
    p = Path(path)
    if not p.exists():
        raise BadInput(f"{p}: no such file")
    if p.is_dir():
        raise BadInput(f"{p}: is a directory, not a text file")
    data = read_bytes_limited(p, max_bytes())
    text, enc = decode_bytes(data, str(p))
    text = normalise_newlines(text)
    markup, original = "text", None
    if "\x00" in text:  # lost PDF glyphs (decode_bytes lets no other NUL through): one character for one
        original, text = text, text.replace("\x00", "\ufffd")
    if looks_like_html(text):
        original = text
        text, markup = blank_html(text), "html"
    elif looks_like_json_text(text):
        original = text
        text, markup = blank_json_escapes(text), "json"
    if not text.strip():
        raise BadInput(f"{p}: file has no text")
    return SourceText(path=p, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=enc, markup=markup,
                      original=original)
