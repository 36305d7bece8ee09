"""Speaker fields of transcripts saved as records: JSON objects, CSV rows.

Scraped call transcripts are often kept as data rather than as a page: one `{"speaker": …,
"speech": …}` object per turn, or one CSV row per utterance with the speaker in a column. No
speaker-line layout reads them, so every claim in them lost its speaker (three JSON and one CSV
dump of real calls: speaker accuracy 0). Here a record's speaker field plays the speaker line; the
field names are data (sections.yaml RECORD_SPEAKER_FIELD, RECORD_TEXT_FIELD, RECORD_TITLE_FIELD).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import load_lexicon
from .en_names import NAME, role_of

# a JSON string value: escaped quotes and backslashes stay inside it
_STRING = r'"(?P<{0}>(?:[^"\\\n]|\\.)*)"'
_CSV_FIELD = re.compile(r'"(?:[^"\n]|"")*"(?=,|$)|[^,\n"]*')
_PERSON = re.compile(rf"{NAME}")
MIN_CSV_ROWS = 5


@dataclass(frozen=True)
class Record:
    line: int      # offset of the line the record's speaker part starts on
    speech: int    # offset where the speech itself starts (inside its quotes)
    name: str
    title: str
    tail: int | None = None  # where the row's fields after the speech start (CSV): no one's words


@lru_cache(maxsize=1)
def _json_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    sections = load_lexicon("en", "sections.yaml")

    def keys(what: str) -> str:
        return "|".join(re.escape(k) for k in sections[what])

    speaker = re.compile(rf'"(?:{keys("RECORD_SPEAKER_FIELD")})"[ \t]*:[ \t]*' + _STRING.format("value"))
    title = re.compile(rf'"(?:{keys("RECORD_TITLE_FIELD")})"[ \t]*:[ \t]*' + _STRING.format("value"))
    speech = re.compile(rf'"(?:{keys("RECORD_TEXT_FIELD")})"[ \t]*:[ \t]*"')
    return speaker, title, speech


def json_records(text: str) -> list[Record]:
    """Each speaker field followed, before the next one, by a speech field (a title field may sit
    between): `"speaker": "Jane Roe", "title": "CFO", "speech": "We expect …"`."""
    speaker_re, title_re, speech_re = _json_patterns()
    hits = list(speaker_re.finditer(text))
    out = []
    for i, m in enumerate(hits):
        stop = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        speech = speech_re.search(text, m.end(), stop)
        name = m.group("value").strip()
        if speech is None or not name or len(name) > 80:
            continue
        title = title_re.search(text, m.end(), speech.start())
        out.append(Record(text.rfind("\n", 0, m.start()) + 1, speech.end(), name,
                          title.group("value").strip() if title else ""))
    return out


def _fields(line: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of each comma-separated field; a quoted field's start and value are
    those of its inner text."""
    out, pos = [], 0
    while True:
        m = _CSV_FIELD.match(line, pos)
        s, e = m.span()
        v = m.group(0)
        if v.startswith('"') and len(v) > 1:
            s, v = s + 1, v[1:-1].replace('""', '"')
        out.append((s, e, v))
        if e >= len(line) or line[e] != ",":
            return out
        pos = e + 1


def _is_person(value: str) -> bool:
    return bool(_PERSON.fullmatch(value.strip())) or role_of(value)[1] == "operator"


def csv_records(text: str) -> list[Record]:
    """Rows of a CSV block (at least MIN_CSV_ROWS consecutive lines with as many fields, three or
    more) with a speaker column — the column most of whose values are names of two or more words —
    and a speech column, the one with the longest values; a title column is the field after the
    speaker when it names a role ("Chief Financial Officer, Maximus")."""
    rows: list[tuple[int, list[tuple[int, int, str]]]] = []  # (line offset, fields)
    off = 0
    for line in text.split("\n"):
        rows.append((off, _fields(line) if line.count(",") >= 2 else []))
        off += len(line) + 1
    out: list[Record] = []
    i = 0
    while i < len(rows):
        n = len(rows[i][1])
        j = i
        while j < len(rows) and n >= 3 and len(rows[j][1]) == n:
            j += 1
        if j - i >= MIN_CSV_ROWS:
            out.extend(_block_records(rows[i:j], n))
            i = j
        else:
            i += 1
    return out


def _block_records(block: list[tuple[int, list[tuple[int, int, str]]]], n: int) -> list[Record]:
    def share(col: int, test) -> float:
        return sum(1 for _, f in block if test(f[col][2])) / len(block)

    speech_col = max(range(n), key=lambda c: sum(len(f[c][2]) for _, f in block))
    names = [(share(c, lambda v: _is_person(v) and len(v.split()) >= 2), c) for c in range(n) if c != speech_col]
    score, name_col = max(names, default=(0.0, -1))
    if score < 0.5 or len({f[name_col][2] for _, f in block}) > 0.75 * len(block):
        return []  # no column of recurring names: a table, not a transcript
    out = []
    for off, f in block:
        name = f[name_col][2].strip()
        title = f[name_col + 1][2].strip() if name_col + 1 < n and name_col + 1 != speech_col else ""
        if name and _is_person(name):
            s, e, _ = f[speech_col]
            out.append(Record(off, off + s, name, title if role_of(title)[1] is not None else "",
                              off + e if speech_col + 1 < n else None))
    return out
