"""Find outcome statements: what a document reports as having happened for a period.

The complement of a claim: "Revenue grew 12% to $5.2 billion", "第四季营收年增15%", "新平台已如期上线".
Language-neutral; the words are `data/<lang>/outcomes.yaml` (pipelines/helpers/outcome_facts.py).

A sentence of an executive (or of the narration: a news report of results) is cut at each metric
word into parts, so "revenue rose 8%, and gross margin was 41%" gives two statements, each with its
own figures. A part is an outcome when it names a metric and a figure or a direction word, holds no
forward-looking word and is not a claim found earlier in the pipeline; a sentence naming no metric
("大概衰退3個", "that was up 6%": the metric was named before) gives one when it has both a
direction and a figure (metric null). Headings ("量產落地：") and table rows (a metric's line, then
lines of figures) are read as such. Its period is the past time
the part names ("in the fourth quarter", 2025年全年), else the period the document reports on.
Writes `doc.spans["outcomes"]`, each with `span._.outcome` (see pipelines/constants.py).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claims.horizon import normalise

from ..constants import (
    CLAIMS,
    EXT_META,
    EXT_OUTCOME,
    EXT_SPEAKERS,
    EXT_TURN,
    OUTCOMES,
    SENTENCES,
    TURNS,
    source_text,
)
from ..helpers import outcome_facts as of
from ..helpers.quantity_index import sorted_quantities
from ..helpers.zh_text import norm_text

_SKIP_LABELS = frozenset({"ANALYST", "HOST"})  # zh sentence labels that are not the company's voice
_RECURRING = frozenset({"quarter", "half", "month", "week", "day"})
_TAIL = re.compile(r"(?:[\s,，]+(?:and|while|but)|[，,]?(?:并且|并|而|且))$", re.I)
_CLOCK_HEAD = re.compile(r"[(\[]?\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?[)\]]?\s*")
_FIGURES_ONLY = re.compile(r"[\d\s,.\-%()+]+")
_DIGIT = re.compile(r"\d")
_ARTICLE = re.compile(r"\s+(?:a|an|the)$")
_CLAUSE_END = re.compile(r"[,，;；:：]")
_TRIM = " \t\n\r,，;；:：.。!！、-—–\"'“”‘’()（）"


_SENTENCE_END = re.compile(r"[.!?](?=[\"'”’)]*\s+[A-Z\"'“‘(0-9$]|[\"'”’)]*\s*$)|\n[ \t]*\n")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the sentences of text[start:end]."""
    out, s = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() > s:
            out.append((s, m.end()))
        s = m.end()
    if end > s:
        out.append((s, end))
    return out


def _clock(text: str, a: int, b: int) -> bool:
    """A number that is part of a clock time or time stamp (00:07:23.820), not a figure."""
    return text[max(0, a - 1):a] == ":" or text[b:b + 1] == ":" or (a >= 3 and text[a - 3:a - 1].isdigit() and text[a - 1] == ":")


def _years_back(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


@Language.factory(
    "outcome_detector",
    assigns=["doc.spans", "span._.outcome"],
    requires=["doc.spans"],
    default_config={"lang": "en", "lexicon": of.LEXICON, "max_chars": 400},
)
def make_outcome_detector(nlp: Language, name: str, lang: str, lexicon: str, max_chars: int):
    return OutcomeDetector(lang, lexicon, max_chars)


class OutcomeDetector:
    def __init__(self, lang: str, lexicon: str, max_chars: int = 400):
        if lexicon != of.LEXICON:
            raise ValueError(f"outcome_detector reads {of.LEXICON}, not {lexicon}")
        self.lang, self.max_chars = lang, max_chars
        of.words(lang)  # fail at build time on a broken data file
        self._baseline = tuple(of.norm(f, lang) for f in of.forms(lang, "BASELINE"))

    # ---------------------------------------------------------------- units
    def _sentences(self, doc: Doc) -> list[tuple[int, int, dict[str, Any] | None]]:
        """(start, end, speaker) of the sentences that can report the company's results. English
        sentences are cut here at full stops and blank lines only: a line break inside a sentence
        (text extracted from a PDF: "Net interest\nmargin was 2.80%") does not end it."""
        out = []
        text = source_text(doc)
        if self.lang == "zh" and SENTENCES in doc.spans:
            speakers = {s["name"]: s for s in (doc._.get(EXT_SPEAKERS) or [])}
            for s in doc.spans[SENTENCES]:
                if s.label_ in _SKIP_LABELS:
                    continue
                sp = speakers.get(s.label_)
                speaker = ({"name": s.label_, "role": sp.get("role"), "org": sp.get("org")} if sp
                           else None)
                out.append((s.start_char, s.end_char, speaker))
            return out
        turns = list(doc.spans[TURNS]) if TURNS in doc.spans else []
        for turn in turns:
            info = turn._.get(EXT_TURN) or {}
            if info.get("kind") not in ("exec", "narrator", None):
                continue
            out.extend((s, e, info.get("speaker")) for s, e in split_sentences(text, turn.start_char, turn.end_char))
        if not turns:
            out = [(s, e, None) for s, e in split_sentences(text, 0, len(text))]
        return out

    def _parts(self, nt: str, s: int, e: int) -> list[tuple[int, int, list[str]]]:
        """A sentence cut at each metric word: (start, end, metrics). A part without figure or
        direction words is joined to the next ("revenue and operating income grew 10% and 12%")."""
        found = of.metric_mentions(nt[s:e], self.lang)
        if not found:
            return self._unnamed(nt, s, e)
        cuts = [s] + [s + ms for _, ms, _ in found[1:]] + [e]
        parts = [(cuts[i], cuts[i + 1], [found[i][0]]) for i in range(len(found))]
        merged: list[tuple[int, int, list[str]]] = []
        carry: tuple[int, list[str]] | None = None
        for ps, pe, ms in parts:
            if carry is not None:
                ps, ms = carry[0], carry[1] + ms
                carry = None
            body = nt[ps:pe]
            if pe < e and not any(ch.isdigit() for ch in body) and of.direction_of(body, self.lang) is None:
                carry = (ps, ms)
                continue
            merged.append((ps, pe, ms))
        if carry is not None:
            if merged:
                ps, pe, ms = merged[-1]
                merged[-1] = (ps, e, ms + carry[1])
            else:
                merged.append((carry[0], e, carry[1]))
        return merged

    def _unnamed(self, nt: str, s: int, e: int) -> list[tuple[int, int, list[str]]]:
        """A sentence naming no metric can still report a figure that moved ("大概衰退3個",
        "up 6% sequentially": the metric was named before): the clauses from its first direction word
        to the first figure after it, when both are there."""
        m = None
        for key in of.DIRECTIONS:
            for a, _ in of.find(nt[s:e], self.lang, key):
                if m is None or a < m:
                    m = a
        if m is None:
            return []
        d = _DIGIT.search(nt, s + m, e)
        if d is None:
            return []
        cuts = [c.end() for c in _CLAUSE_END.finditer(nt, s, s + m)]
        start = cuts[-1] if cuts else s
        stop = _CLAUSE_END.search(nt, d.end(), e)
        return [(start, stop.start() if stop else e, [])]

    # ---------------------------------------------------------------- period
    def _period(self, text: str, meta: dict[str, Any]) -> dict[str, Any] | None:
        ref = meta.get("date")
        period = meta.get("period")
        fye = meta.get("fiscal_year_end") or "12-31"
        try:
            label = getattr(period, "label", None) or ""
            fiscal = True if label.upper().startswith("FY") else None
            r = normalise(text, ref, fiscal_year_end=fye, period=period, lang=self.lang, fiscal=fiscal)
        except Exception:  # noqa: BLE001 - a time the normaliser cannot read is no period
            r = None
        nt = of.norm(text, self.lang)
        for e in getattr(r, "expressions", None) or []:
            h = e.horizon
            if h is None or h.start is None or h.end is None:
                continue
            before = _ARTICLE.sub("", nt[:e.start].rstrip())
            if any(before.endswith(b) for b in self._baseline):
                continue  # the comparison base ("较上季", "versus the prior year"), not the period reported
            start, end = h.start, h.end
            if ref is not None and start > ref and h.granularity in _RECURRING:
                # a report's "the fourth quarter" / 第四季 is the latest one, which the forecast
                # reading puts ahead: step back whole years until it has begun
                for _ in range(2):
                    if start <= ref:
                        break
                    start, end = _years_back(start), _years_back(end)
            if ref is not None and start > ref:
                continue  # a future time: this part is no report of results
            if ref is not None and (ref - end).days > 800:
                continue  # a baseline several years back ("since 2019")
            if (period is not None and getattr(period, "start", None) and end < period.start
                    and not _DIGIT.search(h.text or "")):
                continue  # a relative time that ended before the reported period began: a comparison base
            return {"text": h.text, "start": start.isoformat(), "end": end.isoformat(),
                    "granularity": h.granularity, "kind": "period"}
        if period is not None and getattr(period, "start", None):
            label = getattr(period, "label", None)
            return {"text": label or "", "start": period.start.isoformat(), "end": period.end.isoformat(),
                    "granularity": "quarter", "kind": "period"}
        return None

    def _reference(self, nt: str, ps: int, a: int) -> bool:
        """A figure the part compares with, not one it reports: after a restatement of guidance
        ("高于此前指引的 274.4 亿"), or right after a baseline word ("from $3.1 billion", 較去年同期的5.48%)."""
        restated = of.find(nt[ps:a], self.lang, "RESTATED")
        if restated:
            return True
        before = nt[max(ps, a - 8):a]
        return any(b + 1 >= len(before) - 3 for _, b in of.find(before, self.lang, "BASELINE"))

    @staticmethod
    def _future(period: dict[str, Any] | None, ref: dt.date | None) -> bool:
        return bool(period and ref and dt.date.fromisoformat(period["start"]) > ref)

    # ---------------------------------------------------------------- run
    def __call__(self, doc: Doc) -> Doc:
        text = source_text(doc)
        nt = of.fold(norm_text(doc)) if self.lang == "zh" else of.norm(text, self.lang)
        meta = doc._.get(EXT_META) or {}
        quantities, q_starts = sorted_quantities(doc)
        claims = sorted((c.start_char, c.end_char) for c in (doc.spans[CLAIMS] if CLAIMS in doc.spans else []))
        c_starts = [c[0] for c in claims]
        spans = []
        sentences = self._sentences(doc)
        for i, (ss, se, speaker) in enumerate(sentences):
            parts = self._parts(nt, ss, se)
            if parts and not any(ch.isdigit() for ch in nt[parts[-1][0]:se]):
                # a table row: the metric's line, then lines of figures only ("營業收入淨額\n846,303\n17.4%")
                j = i + 1
                while (j < len(sentences) and j - i <= 6 and not nt[se:sentences[j][0]].strip()
                       and _FIGURES_ONLY.fullmatch(nt[sentences[j][0]:sentences[j][1]])):
                    se = sentences[j][1]
                    j += 1
                if j > i + 1:
                    parts[-1] = (parts[-1][0], se, parts[-1][2])
            for ps, pe, metrics in parts:
                while ps < pe and text[ps] in _TRIM:
                    ps += 1
                m = _CLOCK_HEAD.match(text, ps, pe)
                if m:  # a transcript's time stamp ("07:23.820)") opening the part
                    ps = m.end()
                while pe > ps and text[pe - 1] in _TRIM:
                    pe -= 1
                    m = _TAIL.search(text, ps, pe)
                    if m:  # "..., and" / "…，并" left by the cut before the next metric
                        pe = m.start()
                if pe - ps < 4 or pe - ps > self.max_chars:
                    continue
                if text[pe:pe + 1] in (":", "：") and "\n" in text[pe + 1:pe + 3]:
                    continue  # a heading ("量產落地：") labels what follows; it reports nothing itself
                body = nt[ps:pe]
                cut = _CLAUSE_END.search(nt, ps + 1, pe)
                seen = nt[ss:cut.start() if cut else pe]  # the sentence up to the end of the part's first clause
                delay = of.find(seen, self.lang, "DELAYED")
                if delay:  # "推迟到明年": the time a delay moves to is no forecast of the speaker's
                    seen = seen[:delay[0][0]]
                for a, b in of.find(seen, self.lang, "MET"):  # "符合指引", "in line with guidance": no forecast
                    seen = seen[:a] + " " * (b - a) + seen[b:]
                if (of.has(seen, self.lang, "FUTURE") or of.has(seen, self.lang, "RESTATED")
                        or nt[ps:se].rstrip().endswith(("?", "？"))):
                    # a forward-looking word before the end of the part's first clause ("we expect
                    # fiscal 2024 adjusted expense growth to be ...") makes it a forecast; "we guided
                    # to ..." restates one
                    continue
                k = bisect.bisect_right(c_starts, pe) - 1
                if k >= 0 and claims[k][1] > ps and not delay:
                    overlap = min(pe, claims[k][1]) - max(ps, claims[k][0])
                    if overlap * 2 > pe - ps:
                        continue  # a claim the rules found: a forecast, not an outcome
                qs = [{"text": text[a:b], "value": qi.get("value"), "unit": qi.get("unit"), "start": a, "end": b}
                      for a, b, qi in quantities[bisect.bisect_left(q_starts, ps):bisect.bisect_left(q_starts, pe)]
                      if b <= pe and qi.get("value") is not None and not _clock(text, a, b)
                      and not self._reference(nt, ps, a)]
                direction = of.direction_of(body, self.lang, qs[0]["start"] - ps if qs else None)
                if not qs and direction is None or not metrics and not (qs and direction):
                    continue  # a statement without a metric word needs both a figure and a direction
                period = self._period(text[ps:pe], meta)
                if self._future(period, meta.get("date")):
                    continue
                span = doc.char_span(ps, pe, label=metrics[0] if metrics else "", alignment_mode="expand")
                if span is None:
                    continue
                span._.set(EXT_OUTCOME, {
                    "metric": metrics[0] if metrics else None, "metrics": list(dict.fromkeys(metrics)),
                    "direction": direction,
                    "quantities": qs, "period": period, "speaker": speaker,
                    "start": ps, "end": pe,
                })
                spans.append(span)
        doc.spans[OUTCOMES] = spans
        return doc
