"""Find forward-looking clauses in executives' speech and classify them.

Per sentence, clauses are read left to right:
- a *frame* ("我認為", "我們認為在未來三年", "對于AI未來的需求", "下一階段", "因此") holds no statement of
  its own; its stance and time carry over to the clauses it governs;
- a clause is *licensed* by a forward cue of its own (將/會, 預計, 力爭, 計劃, 可能, 未來 ...), by a
  future-time frame before it, or by continuing a licensed clause ("…,并提升份額"); a clause with
  only a time expression, or governed by a belief frame, is *tentative* and kept only when the
  horizon stage finds a forward horizon for it;
- questions, conditions, remarks addressed to the analysts and results reported in the past are
  rejected.
Kind, negation and confidence come from the cues of the clause and its frames.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipelines.constants import QUANTITIES

from ..constants import CLAIMS, CLAUSES, EXT_CLAIM_INFO, EXT_SPEAKERS, NONCLAIMS, SENTENCES, rejection
from ..data import load_lexicon
from ..helpers.zh_names import NARRATOR, UNKNOWN, alternation
from ..helpers.zh_text import CueHit, bullet_end, lexicon, norm_text, pos_words, sentence_asks, strip_span, token_bounds, token_cues

LICENSE = ("FUTURE", "PREDICT", "TARGET", "PLAN", "MODAL", "FUTURE_TIME")
STRONG = ("FUTURE", "PREDICT", "TARGET", "PLAN", "MODAL")
CONTENT_POS = ("v", "a", "l", "i", "vn", "z")
FRAME_MAX_CHARS = 18
LEAD_MAX_CHARS = 14
FRAME_CUES = ("BELIEF", "PREDICT", "FUTURE_TIME", "TOPIC_PREP", "TOPIC_FRAME", "FRAME_OPEN", "PERSPECTIVE",
              "CONNECTOR", "COORDINATION", "SINCE_OPEN", "ATTRIBUTION", "FIRST_PERSON")
ACTION_WINDOW = 4
DIGITS = r"\d一二两三四五六七八九十"  # the numerals a regex character class of this module starts from


@lru_cache(maxsize=1)
def _time_res() -> tuple[re.Pattern, re.Pattern]:
    """(a time is mentioned, a time and nothing else): numerals + units and time words from cues.yaml."""
    lex = lexicon("cues.yaml")
    alt = lambda key: "|".join(re.escape(f) for f in lex[key])  # noqa: E731 - data order is kept
    hint = re.compile(rf"[{DIGITS}半几数]+\s*(?:{alt('TIME_HINT_UNIT')})|{alt('TIME_HINT_WORD')}")
    only = re.compile(rf"[{DIGITS}零〇半几数]+\s*(?:{alt('TIME_ONLY_UNIT')})?|{alt('TIME_ONLY_WORD')}")
    return hint, only


@lru_cache(maxsize=1)
def call_item() -> re.Pattern:
    """The call numbering its questions ("第三题", "第12个问题"): any numeral, a noun of call_items.yaml
    (a word list of its own, so that the nouns are no cue forms of the shared index)."""
    nouns = "|".join(re.escape(f) for f in lexicon("call_items.yaml")["CALL_ITEM_NOUN"])
    return re.compile(rf"第[{DIGITS}百零〇]+(?:{nouns})")


def time_hint() -> re.Pattern:
    return _time_res()[0]


def time_only() -> re.Pattern:
    return _time_res()[1]


@lru_cache(maxsize=256)
def _by_length(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=256)
def _by_first_char(forms: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """`forms` longest first, grouped by their first character: a clause is tested against the
    few forms that can open it, not against the whole list (this ran for every clause)."""
    out: dict[str, list[str]] = {}
    for f in _by_length(forms):
        out.setdefault(f[:1], []).append(f)
    return {k: tuple(v) for k, v in out.items()}


def _starts(text: str, forms) -> str | None:
    """The longest of `forms` that `text` begins with."""
    groups = _by_first_char(tuple(forms))
    for f in groups.get(text[:1], ()):
        if text.startswith(f):
            return f
    return "" if "" in groups else None


@lru_cache(maxsize=1)
def _not_cue_re() -> re.Pattern:
    return re.compile("|".join(re.escape(f) for f in _by_length(lexicon("cues.yaml")["NOT_CUE"])))


@lru_cache(maxsize=1)
def _safe_harbor_re() -> re.Pattern:
    return re.compile("|".join(re.escape(f) for f in _by_length(lexicon("cues.yaml")["SAFE_HARBOR"])))


@lru_cache(maxsize=1)
def _neg_chars() -> frozenset[str]:
    return frozenset("".join(lexicon("cues.yaml")["NEGATION"]))


class ClauseView:
    """One clause with its cue hits (token-aligned, on the simplified text)."""

    def __init__(self, span, nt: str):
        self.span = span
        self.start, self.end = span.start_char, span.end_char
        self.text = nt[self.start:self.end]
        hits = token_cues(span, nt=nt)
        # fixed phrases are found on characters: segmentation may split them anywhere
        blocked = [(self.start + m.start(), self.start + m.end()) for m in _not_cue_re().finditer(self.text)]
        self.hits: list[CueHit] = [h for h in hits if h.key != "NOT_CUE" and
                                   not any(s < h.end and h.start < e for s, e in blocked)]
        neg_forms = lexicon("cues.yaml")["NEGATION"]
        neg_chars = _neg_chars()
        starts, ends = token_bounds(span.doc)
        for i in range(span.end - span.start):
            # segmentation sometimes glues a negator to the word before it ("內不太")
            t0, t1 = starts[span.start + i], ends[span.start + i]
            n = nt[t0:t1]
            if len(n) < 2 or not any(ch in neg_chars for ch in n):
                continue
            for f in neg_forms:
                if len(f) >= 2 and len(n) > len(f) and n.startswith(f) and not any(h.tok == i and h.key == "NEGATION" for h in self.hits):
                    self.hits.append(CueHit("NEGATION", f, t0, t0 + len(f), i))
                    break
                if len(n) - len(f) == 1 and n.endswith(f):
                    self.hits.append(CueHit("NEGATION", f, t0 + 1, t1, i))
                    break
        self.keys = {h.key for h in self.hits}

    def has(self, *keys: str) -> bool:
        return any(k in self.keys for k in keys)

    def contains(self, forms) -> bool:
        """Substring test, for words that segmentation may glue to their neighbours (下個季度)."""
        return any(f in self.text for f in forms)


_ITEM_EDGE = " \t\r\u3000*#_,,;;。.!!??、::\n\ufe0f"  # a list item's markup and closing stop, off its span


@lru_cache(maxsize=1)
def _emoji_bullets() -> tuple[str, ...]:
    return tuple(load_lexicon("zh", "layout.yaml")["EMOJI_BULLET"])


def _list_item(nt: str, pos: int) -> bool:
    """The sentence at `pos` opens a list line: a bullet or an emoji mark (data/zh/layout.yaml) before
    it, markup aside."""
    ls = nt.rfind("\n", 0, pos) + 1
    head = nt[ls:pos + 2].lstrip(" \t\u3000")
    off = ls + len(nt[ls:pos + 2]) - len(head)
    if head.startswith(_emoji_bullets()):
        words = off + next(len(e) for e in _emoji_bullets() if head.startswith(e))
    else:
        words = bullet_end(nt, off, pos + 2)
        if words == off:
            return False
    return not nt[words:pos].strip(" \t*_#\ufe0f")


HEADING_LEAD_MAX_CHARS = 40
_HEADING_EDGE = " \t\u3000*#_\u200b\ufe0f"  # a heading's markup and spacing, off its words


def _forecast_lead(nt: str, sent, clauses, lex) -> "Span | None":
    """A sentence that ends on a colon after a forecast word ("…，預期：", "展望如下："), or a heading line
    that names an outlook ("🎯FY2026Q1 業績展望", "Q1 財測"): the list under it states what it
    forecasts, item by item ("🟢營收：2.915 億美元")."""
    # the layout first, the cues after: reading a clause's cues costs more than the rest of the test,
    # and few sentences end on a colon or stand as a heading
    if nt[sent.start_char:sent.end_char + 1].rstrip(" \t*_").endswith(("：", ":")):
        keys = ("PREDICT", "FUTURE", "PLAN", "TARGET")
    elif _heading_line(nt, sent):
        keys = ("PREDICT", "TARGET")
    else:
        return None
    views = (ClauseView(c, nt) for c in clauses)
    return sent if any(v.has(*keys) or v.contains(lex["GUIDANCE_WORD"]) for v in views) else None


def _heading_line(nt: str, sent) -> bool:
    """The sentence is a short line of its own, with no full stop: a heading."""
    ls = nt.rfind("\n", 0, sent.start_char) + 1
    le = nt.find("\n", sent.end_char)
    line = nt[ls:len(nt) if le < 0 else le].strip(_HEADING_EDGE)
    body = nt[sent.start_char:sent.end_char].strip(_HEADING_EDGE)
    return 0 < len(line) <= HEADING_LEAD_MAX_CHARS and line.endswith(body) and not any(ch in line for ch in "。!?")


def is_lead(c: ClauseView, lex: dict[str, tuple[str, ...]]) -> bool:
    """"我們的判斷是," / "我們同時承諾," / "展望第四季度,": the statement is in the next clause."""
    if c.has("FUTURE", "MODAL", "NEGATION") or len(c.text) > LEAD_MAX_CHARS:
        return False
    text = c.text.rstrip(" :")
    m = None
    for m in _not_cue_re().finditer(text):
        pass
    if m is not None and m.end() == len(text):
        return False  # "…符合預期," is a result, not a lead-in
    for tail in ("是", "为", "就是"):
        if text.endswith(tail) and len(text) > len(tail):
            text = text[: -len(tail)]
            break
    if len(text) <= FRAME_MAX_CHARS and any(text.endswith(f) for f in lex["LEAD_END"]):
        return True
    for _ in range(3):  # "我們的目標是到2030年": a lead-in and a bare time
        lead = _starts(text, lex["FIRST_PERSON"] + ("的",))
        if lead:
            text = text[len(lead):]
    head = _starts(text, lex["PREDICT"] + lex["TARGET"] + lex["LEAD_END"])
    return bool(head) and is_time_only(text[len(head):].lstrip("是为"), lex)


def is_time_only(text: str, lex: dict[str, tuple[str, ...]]) -> bool:
    """"到2027年底" / "明年上半年": nothing but a time and its preposition."""
    if not text or not time_hint().search(text):
        return False
    rest = text
    for p in _by_length(lex["FUTURE_TIME"]):  # "未來12到18個月內"
        rest = rest.replace(p, "")
    rest = time_only().sub("", rest)
    for p in _by_length(lex["TIME_PREP"]):
        rest = rest.replace(p, "")
    return len(rest) <= 1


def is_aside(c: ClauseView, lex: dict[str, tuple[str, ...]]) -> bool:
    """"說實在的," / "我有信心," / "我自己是比較有把握的": a discourse aside or a bare stance that
    states nothing itself (a stance passes to the next clause as a frame)."""
    text = c.text.rstrip(" ,:")
    if text in lex["DISCOURSE"]:
        return True
    for _ in range(3):
        lead = _starts(text, lex["FIRST_PERSON"])
        if lead:
            text = text[len(lead):]
    for _ in range(4):
        lead = _starts(text, lex["DEGREE"])
        if lead:
            text = text[len(lead):]
    while text and text[-1] in lex["FINAL_PARTICLE"]:
        text = text[:-1]
    return text in lex["STANCE"]


def is_frame(c: ClauseView, lex: dict[str, tuple[str, ...]], has_quantity: bool = False) -> bool:
    """A clause that sets a stance, a topic, a time or a scene but states nothing itself."""
    if has_quantity and not is_time_only(c.text, lex):
        return False  # "預計在10個基點左右": a figure is a statement
    if is_time_only(c.text, lex) or (len(c.text) <= FRAME_MAX_CHARS and is_lead(c, lex)) or is_aside(c, lex):
        return True
    if len(c.text) <= 10 and any(c.text.endswith(f) for f in lex["TOPIC_END"]) and not c.has("FUTURE", "MODAL"):
        return True  # "全年指引方面," names a topic
    if c.has("FUTURE", "TARGET", "PLAN", "MODAL") or len(c.text) > FRAME_MAX_CHARS:
        return False
    if _starts(c.text, lex["TOPIC_FRAME"]):
        return True  # "隨著新產品放量," sets the scene for the forecast after it, whatever the segmenter made of it
    if not c.has(*FRAME_CUES) and not time_hint().search(c.text):
        return False  # a frame that carries no stance, time, topic or link changes nothing: skip the tagger
    if _starts(c.text, lex["FRAME_OPEN"]) and any(c.text.endswith(f) for f in lex["FRAME_CLOSE"]):
        return True
    if _starts(c.text, lex["TOPIC_FRAME"]) or is_since(c.text, lex):
        return True
    allowed = set(lex["BELIEF"]) | set(lex["PERSPECTIVE"]) | set(lex["ATTRIBUTION"]) | set(lex["BOOST"])
    prev = ""
    for word, flag, _ in pos_words(c.text):
        # "X的需求": a verb-tagged word after 的 heads a noun phrase
        if len(word) == 1 and flag.startswith("a"):
            continue  # 全 / 新 / 大 as modifiers: dictionary tags cannot tell them from predicates
        if flag.startswith(CONTENT_POS) and word not in allowed and not (prev == "的" and flag.startswith("v")):
            return False
        prev = word
    return True


def _opens_with_future(text: str, lex: dict[str, tuple[str, ...]]) -> bool:
    """下一階段, / 在未來三年, : a frame that puts what follows in the future (not 還是未來的X)."""
    for _ in range(4):
        lead = _starts(text, lex["FRAME_OPEN"] + lex["TOPIC_PREP"] + lex["FIRST_PERSON"] + lex["BELIEF"])
        if lead:
            text = text[len(lead):]
    return _starts(text, lex["FUTURE_TIME"]) is not None


def _agentive(c: ClauseView, modal_tok: int, lex: dict[str, tuple[str, ...]]) -> bool:
    """No subject other than the speaker's side before the modal ("電池價格將繼續下降" is a forecast
    about prices, "我們將繼續加大投入" / "將繼續加大投入" a plan)."""
    before = "".join(t.norm_ for t in c.span[:modal_tok])
    before = time_hint().sub("", before)
    strip = lex["FIRST_PERSON"] + lex["COORDINATION"] + lex["CONNECTOR"] + lex["FUTURE_TIME"] + lex["MODAL"]
    changed = True
    while changed and before:
        changed = False
        for f in sorted(strip, key=len, reverse=True):
            if f in before:
                before = before.replace(f, "")
                changed = True
    return len(before) <= 3


def is_since(text: str, lex: dict[str, tuple[str, ...]]) -> bool:
    """從今年下半年起 / 自去年以來: a stretch of the past up to now."""
    return _starts(text, lex["SINCE_OPEN"]) is not None and any(text.endswith(f) for f in lex["SINCE_CLOSE"])


CONF_KEYS = ("BOOST", "HEDGE", "MODAL", "PREDICT", "TARGET")


def confidence(hits: list[CueHit], cfg: dict[str, float]) -> float:
    """Base confidence moved by each kind of cue once; a form in two keys counts for the first."""
    conf = cfg["base"]
    form_key: dict[str, str] = {}
    for h in hits:
        if h.key in CONF_KEYS:
            cur = form_key.get(h.form)
            if cur is None or CONF_KEYS.index(h.key) < CONF_KEYS.index(cur):
                form_key[h.form] = h.key
    for key in set(form_key.values()):
        conf += cfg.get(key, 0.0)
    return round(min(cfg["max"], max(cfg["min"], conf)), 2)


THIRD_PARTY_GAP = 12  # characters between a third party and its verb ("市场调查机构Counterpoint预估")


@lru_cache(maxsize=1)
def _third_party_frame() -> re.Pattern:
    """A sentence that opens on someone else's view: a third party (analysts, investors, the market)
    and a verb of saying or expecting within its first words ("不过，部分分析师认为", "投资者担心")."""
    lex = lexicon("cues.yaml")
    # a short label may come first ("导语：投资者担心，…")
    return re.compile(rf"(?:[^，,。；;：:\n]{{1,4}}[：:])?[^，,。；;：:\n]{{0,8}}?(?:{alternation(lex['THIRD_PARTY_SUBJECT'])})"
                      rf"[^，,。；;：:\n]{{0,{THIRD_PARTY_GAP}}}?(?:{alternation(lex['THIRD_PARTY_VERB'])})")


def _says_first_person(nt: str, start: int, lex) -> bool:
    """Whether the company or the speaker is the one saying it ("我们认为分析师…", "公司预计市场…")."""
    head = nt[start:start + 8 + THIRD_PARTY_GAP]
    return any(w in head for w in lex["FIRST_PERSON"])


def classify_kind(c: ClauseView, lex: dict[str, tuple[str, ...]], has_quantity: bool) -> str:
    if c.has("TARGET", "TARGET_NOUN"):
        return "target"
    if c.contains(lex["GUIDANCE_WORD"]) and has_quantity:
        return "guidance"
    if has_quantity and c.contains(lex["TARGET_BOUND"]) and not c.has("PREDICT", "MODAL", "HEDGE"):
        return "target"
    metric, period = c.contains(lex["METRIC"]), c.contains(lex["PERIOD"])
    if (has_quantity and (metric or period)) or (metric and period and c.has("PREDICT")):
        return "guidance"
    if c.has("PLAN"):
        return "plan"
    if not c.has("PREDICT"):
        modals = [h.tok for h in c.hits if h.key in ("FUTURE", "MODAL")]
        actions = [h.tok for h in c.hits if h.key == "ACTION"]
        # "我們會根據…動態調整投資": the speaker's company as subject makes any later action a plan
        window = 10 ** 6 if _starts(c.text, lex["FIRST_PERSON"]) else ACTION_WINDOW
        if modals and _agentive(c, min(modals), lex) and any(0 < a - m <= window for m in modals for a in actions):
            return "plan"
    return "prediction"


@Language.factory(
    "zh_claims",
    assigns=["doc.spans", "span._.claim_info"],
    requires=["doc.spans"],
    default_config={"confidence": {"base": 0.6, "PREDICT": 0.1, "BOOST": 0.2, "HEDGE": -0.15, "MODAL": -0.15,
                                   "TARGET": 0.05, "min": 0.1, "max": 0.95}},
)
def make_zh_claims(nlp: Language, name: str, confidence: dict[str, float]):
    return ZhClaims(confidence)


class ZhClaims:
    def __init__(self, confidence: dict[str, float]):
        self.conf = dict(confidence)

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon("cues.yaml")
        nt = norm_text(doc)
        speakers = {s["name"]: s for s in (doc._.get(EXT_SPEAKERS) or [])}
        sentences = list(doc.spans[SENTENCES]) if SENTENCES in doc.spans else []
        by_sent: dict[int, list] = {}
        for cl in doc.spans[CLAUSES] if CLAUSES in doc.spans else []:
            by_sent.setdefault(int(cl.label_), []).append(cl)
        qty_starts = self._quantity_offsets(doc)
        others = (*lex["OTHERS_VIEW"], *lexicon("expectations.yaml")["OTHERS_EXPECT"])
        not_said = (*lex["A_NOT_A"], *others)
        claims = []
        self._rejected: list = []
        lead: Span | None = None  # "公司提供2025年上半年的營收展望，預期：": the forecast its list items finish
        item_end = -1  # the end of the list line a led item took whole
        for n, sent in enumerate(sentences):
            if sent.start_char < item_end:
                continue
            item = _list_item(nt, sent.start_char)
            if lead is not None and item:
                led = self._led_item(doc, nt, sent, lead, speakers, lex)
                if led is not None:
                    claims.append(led)
                    line_end = nt.find("\n", led.end_char)
                    item_end = len(nt) if line_end < 0 else line_end
                    continue
            elif not item:
                lead = _forecast_lead(nt, sent, by_sent.get(n, []), lex)
            asks = [cl for cl in by_sent.get(n, []) if any(f in nt[cl.start_char:cl.end_char] for f in not_said)]
            if asks:  # "下半年会不会有影响", "优于市场预期的…": an open whether or another's view, in anyone's words
                for cl in asks:
                    said = nt[cl.start_char:cl.end_char]
                    self._reject(cl, "third_party" if any(f in said for f in others) else "question")
                by_sent[n] = [cl for cl in by_sent[n] if cl not in asks]
            if by_sent.get(n) and _third_party_frame().match(nt, sent.start_char, sent.end_char) \
                    and not _says_first_person(nt, sent.start_char, lex):
                # "投资者担心，…增长将逐渐放缓", "分析师认为，明年需求将下滑": the whole sentence is another's view
                for cl in by_sent[n]:
                    self._reject(cl, "third_party")
                continue
            if sent.label_ == NARRATOR:  # the journalist's words: only the learned gate may take one
                continue
            if sent.label_ == UNKNOWN:
                speaker = None
            else:
                sp = speakers.get(sent.label_)
                speaker = {"name": sent.label_, "role": sp.get("role") if sp else None, "org": sp.get("org") if sp else None}
            stext = nt[sent.start_char:sent.end_char + 1]
            asked = sentence_asks(nt, sent.start_char, sent.end_char)
            if asked or _safe_harbor_re().search(stext):
                for cl in by_sent.get(n, []):
                    self._reject(cl, "question" if asked else "safe_harbor")
                continue
            claims.extend(self._sentence(doc, nt, by_sent.get(n, []), speaker, lex, qty_starts,
                                         (sent.start_char, sent.end_char)))
        doc.spans[CLAIMS] = claims
        doc.spans[NONCLAIMS] = self._rejected
        return doc

    def _reject(self, clause: Span, reason: str) -> None:
        self._rejected.append(rejection(clause, reason))

    @staticmethod
    def _led_item(doc: Doc, nt: str, sent, lead, speakers: dict, lex) -> "Span | None":
        """A list item under a forecast lead ("* **遊戲機：正向增長。**" under "…營收展望，預期："): the whole
        line is a claim of the lead's kind, its time the lead's, in the lead's voice (none: the company's),
        however short ("機殼：提升": the lead said what it forecasts)."""
        line_end = nt.find("\n", sent.start_char)
        start, end = strip_span(nt, sent.start_char, len(nt) if line_end < 0 else line_end, _ITEM_EDGE)
        mark = next((e for e in _emoji_bullets() if nt.startswith(e, start)), None)
        if mark:  # "✅營收：27 億": the digest's mark is no word of the claim
            start, end = strip_span(nt, start + len(mark), end, _ITEM_EDGE)
        span = doc.char_span(start, end, alignment_mode="expand") if end - start >= 2 else None
        if span is None:
            return None
        sp = speakers.get(lead.label_) if lead.label_ not in (NARRATOR, UNKNOWN) else None
        view = ClauseView(lead, nt)
        span._.set(EXT_CLAIM_INFO, {
            "speaker": {"name": lead.label_, "role": sp.get("role"), "org": sp.get("org")} if sp else None,
            "kind": classify_kind(view, lex, False), "negated": False, "confidence": 0.6, "tentative": False,
            "belief": False, "frame": (lead.start_char, lead.end_char), "cues": sorted(view.keys),
            "sentence": (start, end), "list_item": True,
        })
        return span

    @staticmethod
    def _quantity_offsets(doc: Doc) -> list[int]:
        return sorted(q.start_char for q in doc.spans[QUANTITIES]) if QUANTITIES in doc.spans else []

    def _sentence(self, doc, nt, clauses, speaker, lex, qty_starts, bounds: tuple[int, int]) -> list:
        out = []
        frames: list[ClauseView] = []
        pending: list[ClauseView] = []  # frames since the last statement: they license the next one
        prev: dict[str, Any] | None = None  # info of the last claim in this sentence
        hypothetical = False  # the clause before was a condition ("如果…,")
        since = False  # the clause before was a "since" frame ("從今年下半年起,")
        for span in clauses:
            c = ClauseView(span, nt)
            lead = _starts(c.text, lex["CONNECTOR"])
            body = c.text[len(lead):] if lead else c.text
            if _starts(body, lex["CONDITION"]):
                # "假如審批延遲," - what follows is the hypothetical's outcome
                prev, hypothetical = None, _starts(body, lex["HYPOTHETICAL"]) is not None
                self._reject(span, "condition")
                continue
            if _starts(body, lex["SECOND_PERSON"]):
                prev = None
                self._reject(span, "second_person")
                continue
            if hypothetical:
                hypothetical = False
                if not c.has(*STRONG):
                    prev = None
                    self._reject(span, "condition")
                    continue
            if c.contains(lex["CALL_PROCEDURE"]) or call_item().search(c.text):
                prev = None  # the call talking about itself
                self._reject(span, "procedure")
                continue
            if c.has("QUESTION") and (c.text.endswith(("吗", "呢")) or _starts(body, ("是否", "能否", "如何"))):
                prev = None
                self._reject(span, "question")
                continue
            qi = bisect.bisect_left(qty_starts, c.start)
            if is_frame(c, lex, qi < len(qty_starts) and qty_starts[qi] < c.end):
                if not is_since(c.text, lex):
                    frames.append(c)
                    pending.append(c)
                else:
                    since = True
                self._reject(span, "frame")  # a frame belongs to the statement it leads into
                continue
            governing, pending = pending, []
            after_since, since = since, False
            if after_since and not c.has(*STRONG) and not c.has("FUTURE_TIME"):
                # "從今年下半年起,芯片普遍缺貨": the statement a "since" frame leads is a state since
                # then, not a forecast, unless it has a future word of its own
                prev = None
                self._reject(span, "since_state")
                continue
            if prev is not None and out and _starts(body, lex["PURPOSE"]) and not c.has("NEGATION"):
                # "…新增12個服務中心,以支持當地需求": what the claim before is for, part of it
                grown = doc.char_span(out[-1].start_char, c.end, alignment_mode="expand")
                if grown is not None:
                    grown._.set(EXT_CLAIM_INFO, out[-1]._.get(EXT_CLAIM_INFO))
                    out[-1] = grown
                continue
            coordinated = prev is not None and _starts(body, lex["COORDINATION"]) is not None
            own = c.has(*LICENSE)
            framed_future = any(f.has("FUTURE", "PREDICT", "TARGET", "PLAN") or _opens_with_future(f.text, lex)
                                or is_lead(f, lex) for f in governing)
            framed_belief = any(f.has("BELIEF", "PREDICT") for f in governing)
            past = c.has("PAST") and not c.has(*STRONG) and not c.has("FUTURE_TIME")
            if past:
                prev = None
                self._reject(span, "past")
                continue
            time_frame = next((f for f in reversed(frames) if time_hint().search(f.text) or f.has("FUTURE_TIME")), None)
            listed = (prev is not None and not prev["tentative"] and c.contains(lex["METRIC"])
                      and bisect.bisect_left(qty_starts, c.start) < len(qty_starts)
                      and qty_starts[bisect.bisect_left(qty_starts, c.start)] < c.end)
            if own or framed_future:
                tentative = False
            elif coordinated or listed:  # "…將增長,毛利率維持在17%至18%": one forecast listing metrics
                tentative = prev["tentative"]
            elif time_hint().search(c.text) or (framed_belief and time_frame is not None):
                tentative = True
            else:
                prev = None
                continue
            i = bisect.bisect_left(qty_starts, c.start)
            has_q = i < len(qty_starts) and qty_starts[i] < c.end
            kind = classify_kind(c, lex, has_q)
            if (coordinated or listed) and not own and prev:
                kind = prev["kind"]
            lead_kinds = [classify_kind(f, lex, False) for f in governing if is_lead(f, lex)]
            if kind == "prediction" and lead_kinds and lead_kinds[-1] != "prediction":
                kind = lead_kinds[-1]
            frame_hits = [h for f in frames for h in f.hits]
            negs = [h for h in c.hits if h.key == "NEGATION"]
            start = c.start + (len(lead) if lead else 0)
            while start < c.end and nt[start] in " ,":
                start += 1
            cspan = doc.char_span(start, c.end, alignment_mode="expand") or span
            info = {
                "speaker": speaker,
                "kind": kind,
                "negated": bool(negs),
                "confidence": confidence(c.hits + frame_hits, self.conf),
                "tentative": tentative,
                "belief": framed_belief or (has_q and c.contains(lex["FIGURE_VERB"])),
                "frame": (time_frame.start, time_frame.end) if time_frame is not None else
                         (prev["frame"] if (coordinated or listed) and prev else None),
                "cues": sorted(c.keys),
                "sentence": bounds,  # a time earlier in it governs this clause when it has none (claim_horizon)
            }
            if (coordinated or listed or lead) and prev and not time_hint().search(c.text) and time_hint().search(prev["_text"]):
                # "第四季度營收將在61億至64億元之間,毛利率維持在65%上下": the listed figure shares the time
                info["frame"] = prev["_where"]
            info["_text"], info["_where"] = c.text, (c.start, c.end)
            cspan._.set(EXT_CLAIM_INFO, info)
            out.append(cspan)
            prev = info
        return out
