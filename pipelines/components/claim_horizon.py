"""Give each claim its deadline, using the time normaliser (`claims.horizon.normalise`).

The clause's own time expression wins; otherwise the time of the frame that governs it ("我們認為
在未來三年," → the clauses after it). Expressions that describe the past — flagged by the
normaliser, or opened by a "since" frame such as 從今年下半年起 — are never horizons. A tentative
claim (licensed only by a time expression or a belief frame) is dropped when no forward horizon is
found. Language-neutral: the "since" cue words come from the language's cue file.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claims.core.script import to_simplified
from claims.horizon import fiscal_mentions, normalise
from claims.horizon.lexicon import load_time_lexicon

from ..constants import CLAIMS, EXT_CLAIM_INFO, EXT_META, TURNS, source_text
from ..data import load_lexicon
from ..helpers.headings import SENTENCE_END, headings_before, voice_start
from ..helpers.horizon_choice import governing
from ..helpers.zh_text import norm_text


def normalise_adapter(text: str, ref: dt.date | None, fye: str, period, lang: str, fiscal: bool | None = None):
    """The normaliser's answer, or None when it fails on this text (never fatal).

    Cached: restated clauses and repeated frames ("我們認為在未來三年") are common."""
    key = (period.start, period.end) if period is not None and hasattr(period, "start") else period
    return _normalise_cached(text, ref, fye, key, period, lang, fiscal)


_CACHE: dict[tuple, Any] = {}


def _normalise_cached(text, ref, fye, pkey, period, lang, fiscal):
    k = (text, ref, fye, pkey, lang, fiscal)
    if k in _CACHE:
        return _CACHE[k]
    if len(_CACHE) > 20000:
        _CACHE.clear()
    _CACHE[k] = r = _normalise(text, ref, fye, period, lang, fiscal)
    return r


def _normalise(text, ref, fye, period, lang, fiscal):
    try:
        return normalise(text, ref, fiscal_year_end=fye, period=period, lang=lang, fiscal=fiscal)
    except Exception:  # noqa: BLE001 - one bad clause must not sink a whole document
        return None


def _since(text: str, start: int, end: int, opens, closes) -> bool:
    before, after = text[max(0, start - 3):start], text[end:end + 3]
    return any(before.endswith(o) for o in opens) and any(after.startswith(c) for c in closes)


def _starting(norm: str, e, opens, starts) -> bool:
    """"下半財年開始貢獻收入": a period *from which* something will happen, which the normaliser
    may flag as past because of 開始; without a 從/自 before it, it is no "since" phrase."""
    text = norm[e.start:e.end]
    if not any(text.endswith(c) for c in starts):
        return False
    before = norm[max(0, e.start - 3):e.start]
    return not any(before.endswith(o) for o in opens)


def pick_horizon(text: str, ref: dt.date | None, meta: dict[str, Any], lang: str, opens, closes, compares=(),
                 fiscal: bool | None = None, starts=None):
    """(horizon dict or None, [(start, end) of every time expression in `text`], the same without
    the times a comparison is made against, which say nothing of when); `fiscal` True
    reads quarters and halves fiscally (None: as the text says); `starts` are the closing words of a
    period something starts from (all of `closes` when not given)."""
    fye = meta.get("fiscal_year_end") or "12-31"
    r = normalise_adapter(text, ref, fye, meta.get("period"), lang, fiscal)
    if r is None:
        return None, [], []
    where = [(e.start, e.end) for e in getattr(r, "expressions", []) or []]
    norm = to_simplified(text) if lang == "zh" else text

    def baseline(e) -> bool:  # the time compared against: "同比去年", "優於上半年", "較2024年"
        return any(norm[max(0, e.start - 3):e.start].endswith(c) for c in compares)

    def usable(result) -> list:
        out = []
        for e in getattr(result, "expressions", []) or []:
            if e.horizon is None or _since(norm, e.start, e.end, opens, closes) or baseline(e):
                continue
            if e.past and not _starting(norm, e, opens, closes if starts is None else starts):
                continue
            h = e.horizon
            if ref is not None and h.end is not None and h.end <= ref:
                continue
            out.append(e)
        return out

    own = [(e.start, e.end) for e in getattr(r, "expressions", []) or [] if not baseline(e)]
    ahead = usable(r)
    if not ahead and meta.get("period") is not None and own:
        # a claim's period named without a year ("下半年", "下半财年") is of the reported year, which a
        # call after the year's last quarter has already reported; said of the future, it is the year
        # the speaker is in (a Q4 call in March: "下半年還是會持續成長" is this year's second half)
        again = normalise_adapter(text, ref, fye, None, lang, fiscal)
        if again is not None:
            r, ahead = again, usable(again)
    if not ahead:
        return None, where, own
    return governing(r, ahead).model_dump(mode="json"), where, own


LEAD_CHARS = 20  # a time and the speaker's name before the speaker's words: "展望第二季，英業達指出，"


def _written_sentence_start(text: str, pos: int) -> int:
    """Where the written sentence holding `pos` starts, when only a short lead comes before it: a
    speaker's sentence begins after the words that name the speaker ("展望第三季度，英伟达|预计营收将在…"),
    whose time still governs it. A longer stretch is other statements of a reporter's long sentence
    (on the real corpus their times were wrong for the claim three times of three)."""
    i = pos
    while i > 0 and pos - i <= LEAD_CHARS and text[i - 1] not in SENTENCE_END and text[i - 1] != "\n":
        i -= 1
    return i if i == 0 or text[i - 1] in SENTENCE_END or text[i - 1] == "\n" else pos


def _forward(h: dict[str, Any] | None, ref: dt.date | None) -> bool:
    """A horizon that lies ahead of the statement: only such a time licenses a clause by itself
    ("今年" in "今年的投入很大" describes the present, "兩到三年才能緩解" the future)."""
    if h is None:
        return False
    if ref is None or not h.get("start"):
        return True
    return dt.date.fromisoformat(str(h["start"])) >= ref


@Language.factory(
    "claim_horizon",
    assigns=["span._.claim_info"],
    requires=["doc.spans"],
    default_config={"lang": "zh", "cues": "cues.yaml"},
)
def make_claim_horizon(nlp: Language, name: str, lang: str, cues: str):
    return ClaimHorizon(lang, cues)


class ClaimHorizon:
    def __init__(self, lang: str, cues: str):
        self.lang = lang
        lex = load_lexicon(lang, cues)
        conv = to_simplified if lang == "zh" else (lambda s: s)
        self.opens = tuple(conv(f) for f in lex.get("SINCE_OPEN", ()))
        self.closes = tuple(conv(f) for f in lex.get("SINCE_CLOSE", ()))
        self.starts = tuple(conv(f) for f in lex.get("START_CLOSE", ()))
        self.compares = tuple(conv(f) for f in lex.get("COMPARE_OPEN", ()))
        self.open_after = tuple(load_time_lexicon(lang).get("OPEN_AFTER", ()))

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.get(EXT_META) or {}
        ref = meta.get("date")
        keep = []
        cache: dict[tuple[int, int], Any] = {}
        text = source_text(doc)
        fiscal = self._speaks_fiscally(doc, meta)
        turns = sorted(doc.spans[TURNS], key=lambda t: t.start_char) if TURNS in doc.spans else []

        def pick(t: str):
            return pick_horizon(t, ref, meta, self.lang, self.opens, self.closes, self.compares, fiscal, self.starts)

        for span in doc.spans[CLAIMS] if CLAIMS in doc.spans else []:
            info = span._.get(EXT_CLAIM_INFO) or {}
            h, where, own = pick(span.text)
            time_spans = [(span.start_char + s, span.start_char + e) for s, e in where]
            if h is None and info.get("frame"):
                fs, fe = info["frame"]
                if (fs, fe) not in cache:
                    cache[(fs, fe)] = pick(text[fs:fe])
                h = cache[(fs, fe)][0]
            ss = _written_sentence_start(text, info["sentence"][0]) if info.get("sentence") else span.start_char
            if h is None and not own and ss < span.start_char:
                # no time of its own (a vague one, 中長期, counts; the year a figure is compared with,
                # "同比去年", does not) and no frame a rule saw: a time earlier in the same sentence governs
                # the clauses after it ("展望下半年，…，需求也可望微增", "今年，我们肯定会进行试点",
                # "展望全年，国内需求同比去年会有较大幅度增长"); never a past one
                if (ss, span.start_char) not in cache:
                    cache[(ss, span.start_char)] = pick(text[ss:span.start_char])
                prior = cache[(ss, span.start_char)][0]
                h = prior
            if h is None and not own:
                floor = voice_start(turns, span.start_char)
                for hs in headings_before(text, span.start_char, floor):
                    if hs not in cache:
                        cache[hs] = pick(text[hs[0]:hs[1]])
                    h = cache[hs][0]
                    if h is not None:
                        break
            if info.get("tentative") and not (_forward(h, ref) or (info.get("belief") and h is not None)
                                              or self._open_ended(span.text, ref, meta, fiscal)):
                continue
            info["horizon"] = h
            info["time_spans"] = time_spans
            keep.append(span)
        doc.spans[CLAIMS] = keep
        return doc

    def _open_ended(self, text: str, ref, meta: dict[str, Any], fiscal) -> bool:
        """A time still to come that has no end ("持续到2026年底以后", "明年以后"): no horizon, yet it
        says the clause speaks of the future as a deadline would."""
        r = normalise_adapter(text, ref, meta.get("fiscal_year_end") or "12-31", meta.get("period"), self.lang, fiscal)
        return r is not None and any(e.horizon is None and not e.past
                                     and to_simplified(e.text).rstrip().endswith(self.open_after)
                                     for e in r.expressions or [])

    def _speaks_fiscally(self, doc: Doc, meta: dict[str, Any]) -> bool | None:
        """True for a company off the calendar year whose text names fiscal periods at least twice
        (a report on NVIDIA's 2025財年 says 二季度 for its fiscal quarter); None leaves it to each clause."""
        if (meta.get("fiscal_year_end") or "12-31") == "12-31":
            return None
        said = norm_text(doc) if self.lang == "zh" else source_text(doc)  # the doc's simplified twin, not a new conversion
        return True if fiscal_mentions(said, self.lang) >= 2 else None
