"""The bad-input matrix: every awkward file either goes in correctly or is refused cleanly.

Each row runs the real `claims ingest` against a ledger that already holds one document. Accepted
rows must store the document with offsets into the decoded text (checked against the text the test
itself encoded); refused rows must print one `Error:` line, exit 1, and leave the ledger identical
(same counts, byte-identical export).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger import Ledger
from claims.core.textio import read_source

runner = CliRunner()

EN_BODY = (
    "Jane Roe, Chief Executive Officer: Thank you all for joining.\n"
    "We expect revenue to grow 12% next year.\n"
    "We will open 40 new stores by the end of 2026.\n"
    "Sam Lee, Chief Financial Officer: Margins should improve in the second half of 2026.\n"
)
ZH_SIMPLIFIED = (
    "张伟（首席执行官）：感谢大家参加本次会议。\n"
    "我们预计明年收入将增长百分之十二。\n"
    "公司计划在2026年底前开设四十家新店。\n"
)
ZH_TRADITIONAL = (
    "陳明（首席財務官）：感謝大家參加本次會議。\n"
    "我們預計明年營收將增長百分之十二。\n"
    "公司計劃在下個季度推出新的雲端產品。\n"
)
# one 20,000-character line (the pipelines run at a few KB/s, so longer only slows the suite)
LONG_LINE = " ".join(f"In quarter {i % 4 + 1} we expect revenue to grow {i % 30 + 1}% year on year." if i % 25 == 3
                     else f"Store traffic in region {i} was solid during the period." for i in range(350))
HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Call</title><style>p { color: red; }</style></head>\n<body>\n"
    "<h1>Acme Corp Q3 call</h1>\n"
    "<p>Jane Roe, Chief Executive Officer: We expect revenue to grow 12% next year.</p>\n"
    "<p>We will open 40 new stores by the end of 2026 &amp; expand online.</p>\n"
    "<script>var tracking = 'We will double sales';</script>\n</body></html>\n"
)
MARKDOWN = (
    "# Acme Corp Q3 2025 earnings call\n\n"
    "**Jane Roe, Chief Executive Officer:** We expect revenue to grow 12% next year.\n\n"
    "- We will open 40 new stores by the end of 2026.\n"
    "- Margins should improve in *the second half* of 2026.\n"
)
NO_SPEAKERS = (
    "The company expects revenue to grow 12% next year.\n"
    "It plans to open 40 new stores by the end of 2026, the report said.\n"
)
UNBALANCED_QUOTES = (
    'Jane Roe, Chief Executive Officer: "We expect revenue to grow 12% next year.\n'
    "We will open 40 new stores by the end of 2026.'\n"
    "Sam Lee said: \u201cMargins should improve in 2026.\n"
    "\u300c我们预计明年收入将增长。\n"
)
GOOD_OPTIONS = ["--lang", "en", "--date", "2025-11-20", "--company", "Acme Corp"]


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]       # writes the input file, returns its path
    expected_text: str | None = None   # accepted: the decoded text offsets must index
    error: str | None = None           # rejected: a regex the single Error: line must match
    options: list[str] = field(default_factory=lambda: list(GOOD_OPTIONS))


def _write(name: str, data: bytes, meta: str | None = None) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        p = tmp / name
        p.write_bytes(data)
        if meta is not None:
            p.with_name(p.name + ".meta.json").write_text(meta, encoding="utf-8")
        return p
    return make


def _sparse(size: int) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        p = tmp / "huge.txt"
        with p.open("wb") as fh:  # sparse: instant, and takes no disk space
            fh.truncate(size)
        return p
    return make


def _blank_tags(page: str) -> str:
    """The test's own same-length rendering of HTML_PAGE, to check the offsets against."""
    out = re.sub(r"<(script|style|head)\b.*?</\1>", lambda m: re.sub(r"[^\n]", " ", m.group(0)), page, flags=re.S)
    out = re.sub(r"<[^>]+>", lambda m: ("\n" if re.match(r"</?(p|h1|body|html|head|title)\b", m.group(0)) else " ") + " " * (len(m.group(0)) - 1), out)
    out = re.sub(r"<!DOCTYPE html>", lambda m: " " * len(m.group(0)), out)
    return out.replace("&amp;", "&    ")


CASES = [
    Case("empty", _write("empty.txt", b""), error=r"empty"),
    Case("whitespace_only", _write("blank.txt", b"  \n\r\n\t \n"), error=r"empty|no text"),
    Case("binary", _write("blob.txt", bytes(range(256)) * 64), error=r"binary"),
    Case("png_renamed", _write("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)), error=r"binary"),
    Case("100_mb", _sparse(100 * 1024 * 1024), error=r"100 MB.*larger than the 50 MB limit"),
    Case("gb18030", _write("zh-gb.txt", ZH_SIMPLIFIED.encode("gb18030")), expected_text=ZH_SIMPLIFIED,
         options=["--lang", "zh", "--date", "2025-11-20"]),
    Case("big5", _write("zh-big5.txt", ZH_TRADITIONAL.encode("big5")), expected_text=ZH_TRADITIONAL,
         options=["--lang", "zh", "--date", "2025-11-20"]),
    Case("big5_auto_lang", _write("zh-big5-auto.txt", ZH_TRADITIONAL.encode("big5")), expected_text=ZH_TRADITIONAL,
         options=["--date", "2025-11-20"]),
    Case("utf8_bom", _write("bom.txt", b"\xef\xbb\xbf" + EN_BODY.encode()), expected_text=EN_BODY),
    Case("utf16_bom", _write("utf16.txt", EN_BODY.encode("utf-16")), expected_text=EN_BODY),
    Case("crlf", _write("crlf.txt", EN_BODY.replace("\n", "\r\n").encode()), expected_text=EN_BODY),
    Case("very_long_line", _write("long.txt", (LONG_LINE + "\n").encode()), expected_text=LONG_LINE + "\n"),
    Case("html", _write("call.html", HTML_PAGE.encode()), expected_text=_blank_tags(HTML_PAGE)),
    Case("markdown", _write("call.md", MARKDOWN.encode()), expected_text=MARKDOWN),
    Case("no_speakers", _write("report.txt", NO_SPEAKERS.encode()), expected_text=NO_SPEAKERS),
    Case("unbalanced_quotes", _write("quotes.txt", UNBALANCED_QUOTES.encode()), expected_text=UNBALANCED_QUOTES),
    Case("invalid_date", _write("d.txt", EN_BODY.encode()), error=r"--date must be YYYY-MM-DD",
         options=["--lang", "en", "--date", "2025-02-30"]),
    Case("invalid_period", _write("p.txt", EN_BODY.encode()), error=r"period must look like",
         options=["--lang", "en", "--date", "2025-11-20", "--period", "2025-Q7"]),
    Case("invalid_fiscal_year_end", _write("f.txt", EN_BODY.encode()), error=r"fiscal year end must be MM-DD",
         options=["--lang", "en", "--date", "2025-11-20", "--fiscal-year-end", "13-45"]),
    Case("invalid_sidecar_json", _write("s.txt", EN_BODY.encode(), meta="{not json"), error=r"invalid metadata JSON",
         options=[]),
    Case("invalid_sidecar_date", _write("sd.txt", EN_BODY.encode(), meta='{"date": "yesterday", "lang": "en"}'),
         error=r"--date must be YYYY-MM-DD|date", options=[]),
    Case("invalid_utf8_after_bom", _write("badbom.txt", b"\xef\xbb\xbfWe will grow \xff\xfe\xfa revenue."), error=r"BOM"),
    # issue 17, item 13
    Case("nul_after_8_kb", _write("late-nul.txt", EN_BODY.encode() * 60 + b"\x00" + EN_BODY.encode()), error=r"binary"),
    Case("utf16_le_without_bom", _write("utf16le.txt", EN_BODY.encode("utf-16-le")), expected_text=EN_BODY),
    Case("utf16_be_without_bom", _write("utf16be.txt", EN_BODY.encode("utf-16-be")), expected_text=EN_BODY),
    # issue 17, item 12: metadata is validated, one Error line
    Case("sidecar_lang_a_number", _write("m1.txt", EN_BODY.encode(), meta='{"lang": 5}'), error=r"invalid metadata: lang", options=[]),
    Case("sidecar_company_a_list", _write("m2.txt", EN_BODY.encode(), meta='{"lang": "en", "company": ["Acme"]}'),
         error=r"invalid metadata: company", options=[]),
    Case("sidecar_doc_id_an_object", _write("m3.txt", EN_BODY.encode(), meta='{"lang": "en", "doc_id": {"a": 1}}'),
         error=r"invalid metadata: doc_id", options=[]),
    Case("sidecar_aliases_a_string", _write("m4.txt", EN_BODY.encode(), meta='{"lang": "en", "company_aliases": "Acme"}'),
         error=r"invalid metadata: company_aliases", options=[]),
    Case("sidecar_fiscal_year_end_02_30", _write("m5.txt", EN_BODY.encode(), meta='{"lang": "en", "fiscal_year_end": "02-30"}'),
         error=r"fiscal year end must be MM-DD", options=[]),
    Case("option_fiscal_year_end_04_31", _write("m6.txt", EN_BODY.encode()), error=r"fiscal year end must be MM-DD",
         options=["--lang", "en", "--date", "2025-11-20", "--fiscal-year-end", "04-31"]),
]


def _run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


def _snapshot(db: Path) -> tuple[dict[str, int], str]:
    with Ledger(db) as led:
        buf = io.StringIO()
        led.export_jsonl(buf)
        return led.counts(), buf.getvalue()


@pytest.fixture
def ledger_with_one_doc(tmp_path) -> Path:
    db = tmp_path / "ledger.db"
    seed = tmp_path / "seed" / "call.txt"
    seed.parent.mkdir()
    seed.write_text("Jane Roe, Chief Executive Officer: We will launch two new products in 2026.\n", encoding="utf-8")
    r = _run(db, "ingest", str(seed), *GOOD_OPTIONS)
    assert r.exit_code == 0, r.output
    return db


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_row_is_processed_or_rejected_cleanly(case: Case, ledger_with_one_doc: Path, tmp_path: Path):
    db = ledger_with_one_doc
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = case.make(inputs)
    before = _snapshot(db)
    r = _run(db, "ingest", str(path), *case.options, "--format", "json")

    if case.error is not None:
        assert r.exit_code == 1, r.output
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
        assert re.search(case.error, lines[0]), lines[0]
        assert _snapshot(db) == before
        return

    assert r.exit_code == 0, r.output
    # the decoded text is exactly what the test encoded (line endings normalised, markup blanked)
    decoded = read_source(path).text
    assert decoded == case.expected_text
    counts, _ = _snapshot(db)
    assert counts["documents"] == before[0]["documents"] + 1
    with Ledger(db) as led:
        doc = next(d for d in led.documents() if d.source == str(path))
        mentions = [mn for c in led.list_claims(with_mentions=True) for mn in c.mentions if mn.doc_id == doc.id]
    assert counts["mentions"] - before[0]["mentions"] == len(mentions)
    # offsets and texts index the file as decoded (CONTRACT.md), markup included
    users_text = read_source(path).decoded
    for mn in mentions:
        assert users_text[mn.start:mn.end] == mn.text
    # and ingesting it again adds nothing
    again = _run(db, "ingest", str(path), *case.options)
    assert again.exit_code == 0 and _snapshot(db)[0] == counts


def test_bad_input_in_a_batch_rejects_the_whole_batch(ledger_with_one_doc: Path, tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(EN_BODY, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    before = _snapshot(ledger_with_one_doc)
    r = _run(ledger_with_one_doc, "ingest", str(good), str(bad), *GOOD_OPTIONS)
    assert r.exit_code == 1
    assert "bad.txt" in r.stderr and "binary" in r.stderr
    assert _snapshot(ledger_with_one_doc) == before


@pytest.mark.parametrize("value, accepted", [("1K", False), ("10M", True), ("nonsense", False)])
def test_size_limit_follows_claims_max_bytes(value, accepted, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMS_MAX_BYTES", value)
    p = tmp_path / "call.txt"
    p.write_text(EN_BODY * 20, encoding="utf-8")  # about 4 KB
    r = _run(tmp_path / "l.db", "ingest", str(p), *GOOD_OPTIONS)
    assert (r.exit_code == 0) is accepted, r.output
    if not accepted:
        assert r.stderr.startswith("Error: ") and "CLAIMS_MAX_BYTES" in r.stderr


def test_markdown_with_a_stray_tag_is_not_treated_as_html(tmp_path):
    p = tmp_path / "notes.md"
    p.write_text("We will grow <br> revenue in 2026 & beyond.\n", encoding="utf-8")
    src = read_source(p)
    assert src.markup == "text" and src.text == "We will grow <br> revenue in 2026 & beyond.\n"


def test_html_offsets_index_the_page_itself(tmp_path):
    p = tmp_path / "call.html"
    p.write_text(HTML_PAGE, encoding="utf-8")
    src = read_source(p)
    sentence = "We expect revenue to grow 12% next year."
    at = HTML_PAGE.index(sentence)
    assert src.markup == "html" and len(src.text) == len(HTML_PAGE)
    assert src.text[at:at + len(sentence)] == sentence
    assert "tracking" not in src.text and "color" not in src.text


def test_html_page_mentions_quote_the_users_characters(tmp_path):
    """Tags are blanked for the pipeline, but a mention's text is the page's own slice at its offsets."""
    from claims.extract import extract_file

    page = ("<html><body><p>Jane Roe, Chief Executive Officer</p><p>We expect revenue to grow "
            "<strong>10%</strong> next year &amp; margins to expand in 2026.</p></body></html>\n")
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    result, text = extract_file(f, lang="en", date="2025-11-20")
    assert text == page and result.claims
    for m in result.claims:
        assert text[m.start:m.end] == m.text
    assert any("<strong>" in m.text for m in result.claims)


def test_a_json_dump_of_a_transcript_reads_its_escapes_and_quotes_the_users_characters(tmp_path):
    """JSON escapes are read as what they stand for ("\\n" a line break) for the pipeline; a
    mention's offsets and text are still the file's own."""
    from claims.extract import extract_file

    dump = ('[{"speaker": "Jane Roe", "title": "Chief Executive Officer", "speech": "Thanks, all.\\n'
            'We expect revenue to grow 12% next year.\\nMargins were \\"flat\\" this quarter."},\n'
            ' {"speaker": "Bo Li", "title": "Analyst, Kestrel Bank", "speech": "Will margins expand?"},\n'
            ' {"speaker": "Jane Roe", "title": "Chief Executive Officer", "speech": "We will open 10 stores in 2027."}]\n')
    p = tmp_path / "call.json"
    p.write_text(dump, encoding="utf-8")
    src = read_source(p)
    assert src.markup == "json" and len(src.text) == len(dump) and src.decoded == dump
    assert "\n We expect revenue" in src.text and '\\"flat' not in src.text
    result, users_text = extract_file(p, lang="en", date="2026-02-01")
    found = [(m.text, (m.speaker.name if m.speaker else None)) for m in result.claims]
    assert any(t.startswith("We expect revenue to grow 12%") and s == "Jane Roe" for t, s in found), found
    assert all(users_text[m.start:m.end] == m.text for m in result.claims)
    assert not any("margins expand" in t for t, _ in found)


def test_prose_quoting_a_json_field_is_not_read_as_json(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text('The API returns {"speech": "text"} and a path like C:\\new\\table.\n', encoding="utf-8")
    assert read_source(p).markup == "text"


def test_a_pdf_extract_with_lost_ligature_glyphs_is_text_not_binary(tmp_path):
    """PDF extractors write NUL for a ligature they cannot map ("\\x00nancial", "con\\x00dent"): the file
    is read, a mention quotes the user's characters, and the ledger holds U+FFFD in their place."""
    from claims.extract import extract_file

    body = ("Jane Roe, Chief Executive Officer: We are con\x00dent in our \x00nancial outlook.\n"
            "We expect revenue to grow 12% next year and cash \x00ow to improve in 2026.\n"
            "Our stores will stay open through the holidays, and we will keep investing in the brand.\n") * 3
    f = tmp_path / "release.txt"
    f.write_bytes(body.encode("utf-8"))
    result, text = extract_file(f, lang="en", date="2025-11-20")
    assert text == body and result.claims
    assert all(text[m.start:m.end] == m.text for m in result.claims)
    db = tmp_path / "l.db"
    r = _run(db, "ingest", str(f), *GOOD_OPTIONS)
    assert r.exit_code == 0, r.stderr
    with Ledger(db) as led:
        texts = [mn.text for c in led.list_claims(with_mentions=True) for mn in c.mentions]
    assert texts and any("\ufffd" in t for t in texts) and not any("\x00" in t for t in texts)


def test_a_nul_that_starts_no_word_is_still_binary(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(EN_BODY.encode() + b"\x00" + EN_BODY.encode())
    r = _run(tmp_path / "l.db", "ingest", str(f), *GOOD_OPTIONS)
    assert r.exit_code == 1 and "binary" in r.stderr


def test_non_breaking_spaces_read_as_spaces_and_mentions_quote_the_users_characters(tmp_path):
    """A web page's "Jane\\u00a0Roe:" is the speaker line it looks like; the mention keeps the page's characters."""
    from claims.extract import extract_file

    plain = ("Operator: Our first question comes from Bo Li with Kestrel Bank.\n\nBo Li: Will costs rise?\n\n"
             "Jane Roe: We expect revenue to grow 10% next year.\n")
    f, g = tmp_path / "plain.txt", tmp_path / "nbsp.txt"
    f.write_text(plain, encoding="utf-8")
    g.write_text(plain.replace(" ", "\u00a0"), encoding="utf-8")
    want, _ = extract_file(f, lang="en", date="2025-11-20")
    got, text = extract_file(g, lang="en", date="2025-11-20")
    assert [(m.start, m.end, m.speaker.name if m.speaker else None) for m in got.claims] == \
        [(m.start, m.end, m.speaker.name if m.speaker else None) for m in want.claims]
    assert [m.speaker.name for m in got.claims] == ["Jane Roe"]
    assert all(text[m.start:m.end] == m.text and "\u00a0" in m.text for m in got.claims)


def test_a_word_broken_by_a_hyphen_at_a_line_end_is_read_whole_in_a_same_length_copy():
    from claims.core.textio import joined_hyphens

    text = "We expec-\nted margins to im-\n  prove. Year-\nEnd and next year--\nfine."
    copy, joins = joined_hyphens(text)
    assert len(copy) == len(text)
    assert "expected margins" in copy and "improve." in copy
    assert "Year-\nEnd" in copy and "year--\nfine" in copy  # a capital after it, or a dash: not a broken word
    assert [text[a:a + 5] for a, _ in joins] == ["expec", "im-\n "]


def test_a_claim_across_a_hyphen_broken_word_is_found_and_quotes_the_users_characters(tmp_path):
    from claims.extract import extract_file

    text = ("Zephyr raised its full-year revenue guidance by 1%. The company is a-\nlso targeting 2027 adjusted "
            "earnings before interest, taxes, depreciation and \namortization of more than $5 billion, while its "
            "adjusted EBITDA margin grows t-\no 25%.\n")
    f = tmp_path / "broken.txt"
    f.write_text(text, encoding="utf-8")
    got, read = extract_file(f, lang="en", date="2025-11-20")
    assert any(m.text.endswith("margin grows t-\no 25%") for m in got.claims), [m.text for m in got.claims]
    assert all(read[m.start:m.end] == m.text for m in got.claims)
