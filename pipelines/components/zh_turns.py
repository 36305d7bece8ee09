"""Who is speaking where: Q&A turns, reported speech, and the people behind them.

A claim belongs to an executive, so the detector needs every stretch of text labelled with its
speaker. Three sources are combined:
- turn prefixes at the start of a line (`吳泳銘:`, `提問:`, `問:`, `答:`); a turn runs over the
  following paragraphs until the next prefix;
- reported speech in the journalist's narration (`X表示,…`, `他提到,…`, `X:"…"`): the rest of the
  sentence, or of the quotation it opens, is X's;
- titles anywhere in the text (`阿里集團CEO吳泳銘`) giving role and organisation.
Everything else in the narration is the journalist's own (label NARRATOR) and analysts' turns are
ANALYST: neither can hold a claim.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claims.core.registry import find_company
from claims.core.script import to_simplified

from ..constants import EXT_META, EXT_SPEAKERS, HANDOFFS, TURNS
from ..helpers.zh_names import (
    ANALYST,
    CJK,
    HEADLINE,
    HOST,
    NARRATOR,
    UNKNOWN,
    SpeakerBook,
    name_tables,
    person_at,
    transliterated_at,
)
from ..helpers.zh_handoffs import (
    answers_after_questions,
    handoff_regions,
    is_subtitle,
    numbered_questions,
    overlay,
    question_regions,
)
from ..helpers.front_matter import front_matter_end
from ..helpers.timestamps import masked_leading_timestamps
from ..helpers.wrapped_lines import soft_breaks
from ..helpers.zh_text import QUOTE_CLOSE, QUOTE_OPEN, TIMESTAMP, common_words, doc_text, lexicon, norm_text, pos_words

_PREFIX_RE = re.compile(r"^[ \t\u3000]*([^\s:,。;!?\"“”][^:,。;!?\"“”\n]{0,29}?)[ \t]*:")
# a label set apart by brackets: "【吳泳銘】", "[提問]"
_BRACKET_LABEL_RE = re.compile(r"^[ \t\u3000]*[【\[]([^】\]\n]{1,30})[】\]][ \t]*:?")
_PAREN_RE = re.compile(r"[(\uff08][^)\uff09]*[)\uff09]")
# a quarter with its year ("Q3 2025", "Q1'27", "Q4 FY26"), which a "Q3:" question label is not
_QUARTER_RE = re.compile(r"Q[1-4][\s'’]*(?:FY)?(?:19|20)?\d{2}", re.IGNORECASE)
# a line set in bold or as a heading (HTML, Markdown): a digest's headline, "荣耀CEO赵明:…" included,
# which summarises the item under it; it is nobody's turn and ends the turn before it
_HEADLINE_RE = re.compile(r"[ \t]*(?:<(?:p|div|li|span)\b[^>]*>[ \t]*)*(?:<(?:strong|b|h[1-6])\b[^>]*>|\*\*|#{1,6}[ \t])")
_DATELINE_RE = re.compile(r"^.{0,16}?\d{1,2}月\d{1,2}日.{0,6}?(?:讯|电|消息)|^.{0,30}?[((]记者")


def _one_sentence(s: str) -> bool:
    """No sentence ends inside `s` (its own final mark aside)."""
    return not any(ch in s.rstrip("。.!！?？ ") for ch in "。!！?？")


def _is_headline(text: str, ls: int, le: int) -> bool:
    """A heading or a line bold from start to end, holding one sentence at most. A paragraph that
    only opens in bold ("**马斯克表示,…。**马斯克直言,…") is the report itself, whose attributions
    still count; so is a "heading" of several sentences (a page that sets every paragraph as
    "##### …")."""
    m = _HEADLINE_RE.match(text, ls, le)
    if m is None:
        return False
    opened = m.group(0).rstrip()
    tag = re.search(r"<(strong|b)\b[^>]*>$", opened)
    close_mark = "**" if opened.endswith("**") else f"</{tag.group(1)}>" if tag else None
    if close_mark is None:  # a Markdown or HTML heading
        return _one_sentence(text[m.end():le])
    close = text.find(close_mark, m.end(), le)
    inside = text[m.end():close if close >= 0 else le]
    after = re.sub(r"<[^>]*>|[\s*]", "", text[close + len(close_mark):le]) if close >= 0 else ""
    return not after and _one_sentence(inside)


def _org_before(nt: str, start: int, book: SpeakerBook, t: dict[str, Any]) -> str | None:
    i = start
    while i > 0 and re.match(rf"[{CJK}A-Za-z0-9&.]", nt[i - 1]) and start - i < 24:
        i -= 1
    org = nt[i:start]
    for lead in sorted(t["org_lead"], key=len, reverse=True):
        if org.startswith(lead):
            org = org[len(lead):]
    if "的" in org:
        org = org.rsplit("的", 1)[1]
    if not org or org in t["org_self"]:
        return book.company
    reg = find_company(org)
    if reg:
        return reg.name
    return org if org.endswith(t["org_suffix"]) else book.company


def scan_titles(text: str, nt: str, book: SpeakerBook) -> None:
    """`阿里集團CEO吳泳銘`: a title followed by a personal name gives the person's role and org."""
    t = name_tables()
    for m in t["title_re"].finditer(nt):
        at = m.end()
        while at < len(nt) and nt[at] in " \t\u3000":
            at += 1
        role_form = re.split("兼", m.group(0))[-1]
        foreign = transliterated_at(nt, at)
        if foreign is not None:
            # "英伟达CFO科莱特·克雷斯（Colette Kress）", "微软CEO Satya Nadella": later "克雷斯表示" is the same person
            name, aliases = foreign
            book.add(text[at:at + len(name)], role=t["roles"].get(role_form), org=_org_before(nt, m.start(), book, t),
                     aliases=aliases)
            continue
        name = person_at(nt, at) or _name_before_verb(nt, at)
        if not name:
            continue
        org = _org_before(nt, m.start(), book, t)
        orig = text[at:at + len(name)]
        book.add(orig, role=t["roles"].get(role_form), org=org)


TITLED_NAME_CHARS = (2, 5)  # a name between a title and a reporting verb: 博万尚, 藤原宪太郎


def _name_before_verb(nt: str, at: int) -> str | None:
    """"资生堂CEO藤原宪太郎分析称", "中国CEO博万尚曾在…表示": a name no family-name table knows (Japanese,
    transliterated) is the run of characters between a title and the reporting verb (or a word that
    ends a name, 曾/在) right after it."""
    t = name_tables()
    lo, hi = TITLED_NAME_CHARS
    stops = t["name_stop"]
    end = next((p for p in range(at + lo, min(len(nt), at + hi + 1))
                if t["attr_re"].match(nt, p) or nt.startswith(stops, p)), None)
    name = nt[at:end] if end is not None else ""
    if not re.fullmatch(rf"[{CJK}]+", name) or name in t["org_self"] or name.startswith(t["not_a_name"]):
        return None
    return name


# a markdown heading or quote mark opening a line ("### ", "> ")
_LINE_MARK = r"^[ \t\u3000]*(?:#{1,6}[ \t]+|>[ \t]*)"
_LINE_MARK_RE = re.compile(_LINE_MARK)
_TOPIC_TAIL = re.compile(r"[ \t]*(?:——|—|--).*$")


@lru_cache(maxsize=1)
def _label_verbs() -> tuple[str, ...]:
    """speakers.yaml LABEL_VERB, longest first ("提问" before "问")."""
    return tuple(sorted(lexicon("speakers.yaml")["LABEL_VERB"], key=len, reverse=True))


def _who_of_label(prefix: str) -> str:
    """The part of a label that names who speaks: markdown around it, a verb after the name
    ("赵海军回答", "分析师提问") and a dash and topic after it ("——财务汇报") left out; a label that
    is nothing but such a verb ("答", "提问") stays whole."""
    s = _TOPIC_TAIL.sub("", _LINE_MARK_RE.sub("", prefix.strip()).replace("**", ""))  # "**司德**（…）"
    simple = to_simplified(s).strip()
    t = name_tables()
    if simple in t["question"] or simple in t["answer"] or simple in t["host"] or simple in t["unnamed"]:
        return s  # "提问", "管理层回答": a label of its own
    verb = next((v for v in _label_verbs() if simple.endswith(v)), None)
    if verb and len(simple) > len(verb) and not _PAREN_RE.search(simple[-len(verb) - 1:]):
        return s.rstrip()[:-len(verb)]
    return s


def classify_prefix(prefix: str, book: SpeakerBook) -> tuple[str, str | None] | None:
    """('analyst'|'host'|'answer'|'person', key) for a turn prefix, or None when it is not one."""
    t = name_tables()
    prefix = _who_of_label(prefix)
    p = to_simplified(prefix).strip()
    if _QUARTER_RE.fullmatch(p):
        return None  # "Q3 2025" on a slide is a quarter, not "Q3:" asking (its turn would swallow the deck)
    bare = re.sub(r"[\d\s]+$", "", _PAREN_RE.sub("", p)).strip()
    first = re.split(r"[\s\u3000]+", bare)[0]
    if bare in t["header"] or (len(bare) <= 6 and bare.endswith(tuple(h for h in t["header"] if len(h) > 1))):
        return None  # "時間：2026年11月12日 下午2:00", "文章來源：…" are headers, not 時間 or 來源 speaking
    if bare in lexicon("cues.yaml")["METRIC"]:
        return None  # "**毛利：** 同比增长13%": a figure's heading, however name-like (毛 is a surname)
    if bare in t["host"] or first in t["host"]:
        return ("host", None)
    if bare in t["question"] or first in t["question"] or (bare[:1].upper() == "Q" and bare[1:].strip().isdigit()):
        return ("analyst", None)
    inner = " ".join(re.findall(r"[(\uff08]([^)\uff09]*)[)\uff09]", p))
    if inner and not t["title_re"].search(inner) and (any(q in inner for q in t["question"] if len(q) > 1) or any(w.endswith(t["broker"]) for w in inner.split())):
        return ("analyst", None)  # "張浩然(恒昇證券):" - a broker's analyst
    if bare in t["answer"] or (bare[:1].upper() == "A" and bare[1:].strip().isdigit()):
        # "答(啟明遊戲董事長兼CEO韓思遠):" names the answering executive in brackets
        inner = "".join(re.findall(r"[((]([^))]*)[))]", p))
        if inner:
            known = [k for _, k in sorted(book.find_in(inner))]
            if known:
                return ("person", known[-1])
            m = name_tables()["title_re"].search(inner)
            if m:
                name = person_at(inner, m.end())
                if name:
                    off = p.find(inner) + m.end()
                    return ("person", book.add(prefix[off:off + len(name)] if len(prefix) == len(p) else name,
                                               role=t["roles"].get(re.split("兼", m.group(0))[-1])))
        return ("answer", None)
    if t["title_re"].fullmatch(bare):
        # "執行長:" - a role without a name: the one holder the text named, else an unnamed executive
        role = t["roles"].get(re.split("兼", bare)[-1])
        holders = [k for k, person in book.people.items() if role and person.get("role") == role]
        return ("person", holders[0]) if len(holders) == 1 else ("unnamed", None)
    k = book.key(bare)
    if k:
        return ("person", k)
    known = [k for _, k in book.find_in(bare)]
    if known:
        return ("person", known[-1])
    if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", bare):  # "Toby Xu:": a romanised name
        return ("person", book.add(_PAREN_RE.sub("", prefix).strip()))
    m = t["title_re"].search(bare)
    tail = (bare[m.end():] if m else bare).strip()
    if re.fullmatch(rf"[{CJK}]{{2,4}}", tail):
        name = person_at(tail, 0)
        orig = _PAREN_RE.sub("", prefix).strip()
        if name and tail.startswith(name):
            name = tail
        if name == tail:
            return ("person", book.add(orig[len(orig) - len(tail):] if m else orig,
                                       role=t["roles"].get(m.group(0)) if m else None,
                                       org=_org_before(bare, m.start(), book, t) if m else None))
    return None


_MARKUP = re.compile(r"<[^>\n]*>|\*\*|" + _LINE_MARK)


def _joined_at_margin(nt: str) -> str:
    """`nt` with each line break a page's margin put inside a sentence as a space (same length): the
    paragraph is read whole, so "张三预计，" at the end of one line still reports the words on the next."""
    soft = soft_breaks(nt)
    if not soft:
        return nt
    chars = list(nt)
    for i in soft:
        chars[i] = " "
    return "".join(chars)


def lone_label(line: str) -> tuple[int, int, bool] | None:
    """(start, end, set apart) of a label alone on its line — "<span><strong>MINIMAX CEO 严俊杰</strong>
    </span><br><span><i>00:00:27</i>" (an HTML transcript; tags may already be blanked), "**提问**",
    "李想" — or None: a short run of words with no sentence punctuation once markup and a timestamp
    after it are gone. `set apart`: markup or that timestamp marked the line as a label line."""
    unmarked = _MARKUP.sub(lambda m: " " * len(m.group(0)), line)
    if TIMESTAMP.match(unmarked.strip()):
        return None  # a subtitle line: its words are speech, whoever speaks them (zh_handoffs)
    masked = TIMESTAMP.sub(lambda m: " " * len(m.group(0)), unmarked)
    content = masked.strip()
    if not content or len(content) > 24 or any(ch in content for ch in "。,;!?:\"“”"):
        return None
    start = masked.index(content)
    return start, start + len(content), masked != line


def _heading_level(line: str) -> int:
    """The level of a markdown heading line ("### …" -> 3), 0 for any other line."""
    m = re.match(r"[ \t]*(#{1,6})[ \t]", line)
    return len(m.group(1)) if m else 0


def _label_only(line: str) -> bool:
    """A bold or heading line that is only a label ending on its colon ("**赵海军回答：**"): a turn
    opens, no headline."""
    bare = _MARKUP.sub("", line).strip()
    return 0 < len(bare) <= 30 and bare.endswith(":") and ":" not in bare[:-1]


def _known_label(label: str, book: SpeakerBook) -> bool:
    """A lone line that is a question, answer, host or unnamed label, a role, or holds a person the
    text already named ("MINIMAX CEO 严俊杰"); a lone line of other words is a heading or a fragment."""
    t = name_tables()
    bare = _bare_label(label)
    return bare in t["question"] or bare in t["answer"] or bare in t["host"] or bare.endswith(t["unnamed"]) \
        or _asker_label(bare) \
        or bool(t["title_re"].fullmatch(bare)) or book.key(bare) is not None or _titled_name(bare, book)


def _asker_label(bare: str) -> bool:
    """A label that opens with a questioner's word and goes on to say which one ("机构投资者Ali",
    "分析师王磊"); a word that merely starts with it ("投资者关系活动", the heading of an A-share
    investor-relations record) goes on with a common word and labels no one."""
    for q in name_tables()["question"]:
        if len(q) > 1 and bare.startswith(q):
            rest = bare[len(q):]
            if not any(rest[:n] in common_words() for n in (2, 3)):
                return True
    return False


def _titled_name(bare: str, book: SpeakerBook) -> bool:
    """A known name with nothing but titles and Latin words (an organisation) around it ("MINIMAX CEO
    严俊杰"); a heading that merely mentions one ("下调第四季度与全年预期") has other words."""
    for at, k in book.find_in(bare):
        names = [book.people[k]["name"], *book.people[k]["aliases"]]
        form = next((f for f in names if to_simplified(f).casefold() == bare.casefold()[at:at + len(f)]), None)
        if form is None:
            continue
        rest = name_tables()["title_re"].sub("", bare[:at] + bare[at + len(form):])
        if not re.search(rf"[{CJK}]", rest):
            return True
    return False


def classify_label(label: str, book: SpeakerBook, meta: dict[str, Any]) -> tuple[str, str | None] | None:
    """`classify_prefix`, and for a label that names no one ("发言人2", "MINIMAX管理层", "高盛发言人")
    the company's unnamed voice or, when another organisation's, a questioner."""
    kind = classify_prefix(label, book)
    if kind is not None:
        return kind
    t = name_tables()
    bare = _bare_label(label)
    if _asker_label(re.split(r"\s+", bare)[0]):
        return ("analyst", None)  # "机构投资者Ali"
    role = next((u for u in t["unnamed"] if bare.endswith(u)), None)
    if role is None:
        return None
    org = bare[:-len(role)].strip().casefold()
    own = {to_simplified(f).casefold() for f in [meta.get("company") or "", *(meta.get("company_aliases") or [])] if f}
    return ("unnamed", None) if not org or org in own or org in t["org_self"] else ("analyst", None)


LABEL_RECURS = 3  # a line-opening label seen this often is a turn label, whatever its words
# what a recurring label may be: a Chinese name or nickname (a publication in 《》), or a Latin
# full name; "单位", "- 营收", "(00" or "Note" are a table's, a list's or a timestamp's
_LABEL_FORM = re.compile(rf"《?[{CJK}·]{{2,8}}》?|[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}}")


def _line_prefix(text: str, line: str, ls: int) -> tuple[str, int] | None:
    """(label as written, end of the label in the text) of a line opening with "X:", markup around X
    ("**红衣大叔** :") ignored; None for another line."""
    m = _PREFIX_RE.match(_MARKUP.sub(lambda mk: " " * len(mk.group(0)), line))
    return (text[ls + m.start(1):ls + m.end(1)].strip(), ls + m.end()) if m else None


def recurring_labels(text: str, lines: list[str]) -> dict[str, bool]:
    """{bare label: mostly asks} for labels that open at least LABEL_RECURS lines: an interview's
    "**红衣大叔**:" or "《晚点》:" is a turn label by its layout, though no name or role table knows
    it — fail open. A label whose lines mostly end on a question is the interviewer's."""
    t = name_tables()
    seen: dict[str, tuple[int, int]] = {}
    pos = 0
    for line in lines:
        ls, pos = pos, pos + len(line) + 1
        found = _line_prefix(text, line, ls)
        if found is None:
            continue
        bare = _bare_label(_who_of_label(found[0]))
        if not _LABEL_FORM.fullmatch(bare) or bare in t["header"] or bare in lexicon("cues.yaml")["METRIC"] \
                or t["attr_re"].search(bare):
            continue
        asks = _MARKUP.sub("", line).rstrip().endswith("?")
        n, q = seen.get(bare, (0, 0))
        seen[bare] = (n + 1, q + asks)
    recurring = {b: 3 * q >= 2 * n for b, (n, q) in seen.items() if n >= LABEL_RECURS}
    # an exchange has two voices: one recurring line opener alone is a list's key ("为什么重要:")
    return recurring if len(recurring) >= 2 else {}


def _recurring_kind(label: str, asks: bool, book: SpeakerBook) -> tuple[str, str | None]:
    """The turn a recurring label opens, in bold or a heading as much as plain: the interviewer's
    (no claims), or the person it names, known to the tables or not ("红衣大叔" is whoever the label
    says)."""
    if asks:
        return ("analyst", None)
    known = classify_prefix(label, book)
    return known if known is not None else ("person", book.add(_who_of_label(label).strip()))


def _turn_label(kind: tuple[str, str | None], book: SpeakerBook, last: str | None) -> tuple[str, str | None]:
    """(span label, last person named) of a turn a label opens: the person's name, the last named
    executive for a bare answer label, else SPEAKER (unnamed), ANALYST or HOST."""
    what, k = kind
    if what == "person":
        return book.use(k), k
    if what == "answer":
        return (book.people[last]["name"] if last else UNKNOWN), last
    return {"unnamed": UNKNOWN, "analyst": ANALYST}.get(what, HOST), last


def _bare_label(label: str) -> str:
    """A label in simplified script without a trailing number ("发言人2" -> "发言人")."""
    return re.sub(r"[\d\s]+$", "", to_simplified(label)).strip()


def _sentences(nt: str, start: int, end: int):
    """Sentence bounds inside [start, end); a quotation's own full stops do not end the sentence."""
    i, s, depth = start, start, 0
    while i < end:
        c = nt[i]
        if c in QUOTE_OPEN and not (c == '"' and depth):
            depth += 1
        elif c in QUOTE_CLOSE and depth:
            depth -= 1
            if i > s and nt[i - 1] in "。!?":
                yield s, i + 1
                s = i + 1
        elif c in "。!?" and not depth:
            yield s, i + 1
            s = i + 1
        i += 1
    if s < end:
        yield s, end


_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)\s*$|^\s*\[(?:图片|圖片|image|Image)\]")
def _names_company(head: str, book: SpeakerBook) -> bool:
    """The subject of a reporting verb is the company itself (its name, an alias, 公司/集团)."""
    h = head.strip(" ,").casefold()
    for lead in name_tables()["org_lead"]:
        h = h.removeprefix(lead)
    return h in name_tables()["org_self"] or any(h == f or h.endswith(f) for f in book.company_forms)


def _reported_voice(key: str, third_party: bool, book: SpeakerBook) -> str:
    """The turn label of reported speech: an analyst's or insider's view is no claim of the company's,
    the company's own voice is unnamed, a person is theirs."""
    return ANALYST if third_party else UNKNOWN if key == UNKNOWN else book.use(key)


ANAPHOR_REACH = 300  # characters back a pronoun's speaker may have been named in
ANAPHOR_HEAD = 8  # "他在會上表示": the pronoun opens a short subject


def _attribution(text: str, nt: str, s: int, e: int, book: SpeakerBook, last: str | None):
    """(speaker key, offset where the reported content starts) for one narration sentence."""
    t = name_tables()
    sent = nt[s:e]
    for m in t["attr_re"].finditer(sent):
        clause_start = max(sent.rfind(c, 0, m.start()) for c in ",;:") + 1
        # "“…，”他说": the quotation's close before the subject is not part of it
        head = sent[clause_start:m.start()].lstrip("".join(QUOTE_CLOSE) + " ")
        if not head or any(q in head for q in QUOTE_OPEN):
            continue
        # "投资人张琳向雷峰网表示": who is told (after 向/对/跟) is not who says
        told = t["addressee_re"].search(head)
        if told is not None and told.start() > 0:
            head = head[:told.start()]
        who = None
        known = [(i, k) for i, k in book.find_in(head)]
        if _names_company(head, book):
            who = UNKNOWN  # "欧莱雅表示", "公司指出": the company's own voice, whose claims count unnamed
        elif known:
            who = max(known)[1]
        elif head[:1] in t["anaphor"] and last:
            who = last
        elif head[:1] in t["person_anaphor"] and len(head) <= ANAPHOR_HEAD and not sent[m.end():].strip(" ,.。:\n") \
                and nt[:s].rstrip()[-1:] in QUOTE_CLOSE:
            # "「…」他說。" before anyone was heard: the person the narration last named ("SK集團會長崔泰源談…")
            before = nt[max(0, s - ANAPHOR_REACH):s]
            names = [w for w, f, _ in pos_words(before) if f.startswith("nr") and len(w) >= 2
                     and person_at(before, before.rfind(w)) is not None]  # a family name opens it
            if names:
                off = max(0, s - ANAPHOR_REACH) + before.rfind(names[-1])
                who = book.add(text[off:off + len(names[-1])])
        else:
            words = pos_words(head)
            names = [w for w, f, _ in words if f.startswith("nr") and len(w) >= 2
                     and not (len(w) == 2 and w[1] in t["not_given"])]
            if names:
                off = s + clause_start + head.rfind(names[-1])
                who = book.add(text[off:off + len(names[-1])])
        if who is None:
            continue
        # "中芯国际预计2025年第一季度收入环比增长6%-8%": a forecast verb is part of what is reported (without
        # it the figure reads as a result)
        said = s + (m.start() if m.group(0) in lexicon("cues.yaml")["PREDICT"] else m.end())
        return who, said, any(w in head for w in t["third_party"])
    # X:"..." without a speech verb
    m = re.search(rf"([{CJK}]{{2,4}}):[\"“「]", sent)
    if m:
        k = book.key(m.group(1))
        if k:
            return k, s + m.end() - 1, False
    # "对于2025年，叶鸿慕仍然充满期待，“我们…”": a quotation opening a clause of a sentence whose subject is
    # a person already heard is theirs
    q = next((i for i, c in enumerate(sent) if c in QUOTE_OPEN), None)
    if q is not None and q > 0 and sent[:q].rstrip()[-1:] in ",:":
        named = [(i, k) for i, k in book.find_in(sent[:q]) if book.people[k]["mentioned"]]
        if named:
            return min(named)[1], s + q, False
    return None


def _narrates(sentence: str) -> bool:
    """A sentence in the reporter's own voice: it opens with narration words (据悉, 值得一提的是:
    speakers.yaml) or cites a source of figures (财报显示). (A sentence naming someone else as saying
    is found as an attribution of its own before this is asked.)"""
    t = name_tables()
    body = sentence.lstrip(" ,")
    return body.startswith(t["narration_open"]) or any(w in body for w in t["figure_source"])


def _quote_end(nt: str, start: int, end: int) -> int | None:
    """If the reported content opens a quotation, where it closes (the region may span sentences)."""
    j = start
    while j < end and nt[j] in " ,:":
        j += 1
    if j < end and nt[j] in QUOTE_OPEN:
        close = {'"': '"', "“": "”", "「": "」", "『": "』"}[nt[j]]
        k = nt.find(close, j + 1)
        return k + 1 if k > 0 else None
    return None


def _reported(regions: list[tuple[int, int, str]], lines: list[str]) -> bool:
    """Whether the text is someone's report of what others said: a turn or reported speech was
    found, a dateline opens it, or a line opens with a word only a reporter writes (speakers.yaml
    REPORTER_MARK: 记者, 据悉, 编者按 …; a deck's own 免责声明 page is no such mark)."""
    if any(label not in (NARRATOR, UNKNOWN) for _, _, label in regions):
        return True  # (the company's own voice, "公司指出", shows no one reporting it)
    if any(_DATELINE_RE.match(line) for line in lines[:8]):
        return True
    marks = name_tables()["reporter_mark"]
    return any(line.lstrip().startswith(marks) for line in lines)


def _headline(nt: str, rest: int, le: int, name: str) -> bool:
    """Whether "NAME:words" is a news item's headline: a short line without a full stop whose next
    paragraph names the person again ("荣耀CEO赵明:…市场将增长10倍" / "…赵明最新表示,…"), as a
    digest or report does; a turn of a transcript goes on in the person's own words instead."""
    words = nt[rest:le].strip()
    if not words or len(words) > 40 or words.rstrip()[-1:] in "。!?" or len(name) < 2:
        return False
    pos, following = le + 1, ""
    while pos < len(nt) and not following.strip():  # the next line with words (blanked markup has none)
        nxt = nt.find("\n", pos)
        following, pos = nt[pos:nxt if nxt >= 0 else len(nt)], (nxt + 1 if nxt >= 0 else len(nt))
    name = to_simplified(name)  # the text here is the simplified copy
    return name in following or (len(name) >= 3 and name[-2:] in following)


@Language.factory(
    "zh_turns",
    assigns=["doc.spans", f"doc._.{EXT_SPEAKERS}"],
    default_config={},
)
def make_zh_turns(nlp: Language, name: str):
    return ZhTurns()


class ZhTurns:
    def __call__(self, doc: Doc) -> Doc:
        text, nt = doc_text(doc), _joined_at_margin(norm_text(doc))
        meta = doc._.get(EXT_META) or {}
        book = SpeakerBook(meta)
        book.written_as(text)
        scan_titles(text, nt, book)
        regions: list[tuple[int, int, str]] = []
        turn: tuple[int, str] | None = None  # (start, label) of the open Q&A turn
        last: str | None = None
        pos = 0
        lines = nt.split("\n")
        recurring = recurring_labels(text, lines)
        head_end = front_matter_end(nt)  # a page's metadata: the headline's words again, paths, dates
        if head_end:
            regions.append((0, head_end, HEADLINE))
        skip_until = 0
        section_level = turn_level = 0  # markdown level of the last section heading, and of the open turn's
        after_image = False  # the line before (blanks aside) was a picture: a lone name under it is its caption
        for line in lines:
            ls, le = pos, pos + len(line)
            pos = le + 1
            if ls < head_end:
                continue
            caption, after_image = after_image, (_IMAGE_RE.search(line) is not None) or (after_image and not line.strip())
            if turn and (_DATELINE_RE.match(line) or line.lstrip().startswith(name_tables()["narration_open"])):
                # the journalist takes over again; a "NAME:" turn on the first line was a headline
                regions.append((turn[0], ls, NARRATOR if nt.rfind("\n", 0, turn[0]) < 0 else turn[1]))
                turn = None
            label, kind, opens = (None if caption else lone_label(line)), None, le
            if label is not None:
                words = text[ls + label[0]:ls + label[1]]
                if label[2] or _known_label(words, book):
                    kind = classify_label(words, book, meta)
            if kind is None and (m := _BRACKET_LABEL_RE.match(line)):
                kind, opens = classify_label(text[ls + m.start(1):ls + m.end(1)], book, meta), ls + m.end()
            if kind is None and recurring and (found := _line_prefix(text, line, ls)) \
                    and (bare := _bare_label(_who_of_label(found[0]))) in recurring:
                # before the headline check: a bold "**《晚点》:…?**" is the interviewer's turn, and
                # "##### **李大海:** …" (every paragraph set as a heading) the CEO's
                kind, opens = _recurring_kind(found[0], recurring[bare], book), found[1]
            if kind is not None:
                # a label alone on its line (or in brackets) opens the turn of the words after it
                if turn:
                    regions.append((turn[0], ls, turn[1]))
                who, last = _turn_label(kind, book, last)
                turn, turn_level = (opens, who), section_level
                continue
            if _is_headline(text, ls, le) and not _label_only(line):
                level = _heading_level(line)
                if turn:
                    regions.append((turn[0], ls, turn[1]))
                    # a bold line or a sub-heading deeper than the section the turn opened in ("### AWS
                    # 业务" in the CEO's remarks under "## 第二部分", "**第一，…**") is the speaker's
                    # own outline: the turn goes on
                    turn = (le, turn[1]) if not level or level > turn_level else None
                if level and turn is None:
                    section_level = level
                regions.append((ls, le, NARRATOR))
                continue
            m = _PREFIX_RE.match(masked_leading_timestamps(line))  # "[00:01:23] 张三:…" is 张三's
            kind = classify_prefix(text[ls + m.start(1):ls + m.end(1)], book) if m else None
            if kind and kind[0] == "answer":
                # "A: 劉熾平:…" names the answering executive after the answer label
                m2 = _PREFIX_RE.match(line[m.end():])
                kind2 = classify_prefix(text[ls + m.end() + m2.start(1):ls + m.end() + m2.end(1)], book) if m2 else None
                if kind2 and kind2[0] == "person":
                    kind = kind2
                    m = re.match(re.escape(line[:m.end() + m2.end()]), line)
            if kind and kind[0] == "person" and _headline(nt, ls + m.end(), le, book.people[kind[1]]["name"]):
                if turn:
                    regions.append((turn[0], ls, turn[1]))
                    turn = None
                regions.append((ls, le, HEADLINE))
                continue
            if kind:
                if turn:
                    regions.append((turn[0], ls, turn[1]))
                label, last = _turn_label(kind, book, last)
                turn, turn_level = (ls + m.end(), label), section_level
                continue
            if turn and ls >= skip_until:
                # "此外,王良還指出,…" opening a paragraph: the journalist speaks again
                lead = name_tables()["connector_re"].match(line)
                first = ls + (lead.end() if lead else 0)
                clause_end = min([i for i in (nt.find(ch, first, le) for ch in ",。;:") if i >= 0] or [le])
                m_attr = name_tables()["attr_re"].search(nt, first, clause_end)
                named = book.find_in(nt[first:m_attr.start()]) if m_attr else []
                who = max(named)[1] if named else None
                if who and book.people[who]["name"] != turn[1] and len(nt[first:m_attr.start()]) <= 12:
                    regions.append((turn[0], ls, turn[1]))
                    turn = None
            if turn or ls < skip_until:
                continue
            # narration: reported speech per sentence
            reporting = None  # who the paragraph reports so far ("程一笑介绍,首先…。其次…")
            for s, e in _sentences(nt, ls, le):
                if s < skip_until:
                    continue
                found = _attribution(text, nt, s, e, book, last)
                if not found and reporting is not None and not _narrates(nt[s:e]):
                    # the paragraph goes on reporting them: a paraphrase runs over its sentences
                    # until someone else is named as saying, or the reporter's own words open one
                    regions.append((s, e, UNKNOWN if reporting == UNKNOWN else book.use(reporting)))
                    continue
                if not found:
                    regions.append((s, e, NARRATOR))
                    named = book.find_in(nt[s:e])
                    if named:  # "首席財務官周蔓在會上給出了指引。她預計,…": 她 is the last one named
                        last = max(named)[1]
                    continue
                k, cs, third_party = found
                last = k if k != UNKNOWN else last
                if not nt[cs:e].strip(" ,.。:\n") and nt[s:e].lstrip()[:1] in QUOTE_OPEN:
                    # "“这些新车型…，”他说。": the quotation the sentence opens with is what they said
                    regions.append((s, e, _reported_voice(k, third_party, book)))
                    reporting = None if third_party else k
                    continue
                if not nt[cs:e].strip(" ,.。:\n") and regions and regions[-1][2] == NARRATOR \
                        and nt[regions[-1][0]:regions[-1][1]].lstrip()[:1] in QUOTE_OPEN:
                    # "「…。」他說。": the quotation before a bare attribution is what they said
                    qs, qe_, _ = regions.pop()
                    regions.append((qs, qe_, _reported_voice(k, third_party, book)))
                # an analyst's, an investor's or an insider's view ("投资人张琳向雷峰网表示") is no claim of the company's
                reporting = None if third_party else k
                qe = _quote_end(nt, cs, len(nt))
                end = max(e, qe) if qe and qe > e else e
                regions.append((s, cs, NARRATOR))
                regions.append((cs, end, _reported_voice(k, third_party, book)))
                skip_until = end
        if turn:
            regions.append((turn[0], len(text), turn[1]))
        regions = answers_after_questions(nt, regions)
        handoffs: list[tuple[int, int, str]] = []
        unreported = not _reported(regions, lines)
        if unreported:
            # fail open: with no turn labels, no reported speech and no dateline there is no
            # journalist to exclude (speech-to-text calls, decks, the company's own text): the
            # words are an unnamed speaker's, whose claims count with speaker null
            regions = [(s, e, UNKNOWN if label == NARRATOR else label) for s, e, label in regions]
        subtitle = is_subtitle(nt)
        if unreported or subtitle:
            # a call without labels: the moderator's lines are no claims, and the hand-offs and
            # thanks say who most likely speaks in between — a guess that names claims, never makes them
            # an unlabelled question is the analyst's, whoever the hand-offs say speaks around it; a
            # numbered one ending on "?" (an investor-relations record's) in any such text
            asked = [(s, e, "") for s, e in (question_regions(nt) if subtitle else []) + numbered_questions(nt)]
            for unlabelled in (UNKNOWN, NARRATOR):
                regions = overlay(sorted(regions), asked, book, unlabelled, ANALYST)
            handed = handoff_regions(nt, book, text) or []
            regions = overlay(sorted(regions), [(s, e, k) for s, e, k in handed if not k], book, UNKNOWN, HOST)
            handoffs = [(s, e, book.use(k)) for s, e, k in handed if k]
        spans = []
        for s, e, label in regions:
            if e <= s:
                continue
            sp = doc.char_span(s, e, label=label, alignment_mode="expand")
            if sp is not None:
                spans.append(sp)
        doc.spans[TURNS] = spans
        doc.spans[HANDOFFS] = [sp for sp in (doc.char_span(s, e, label=name, alignment_mode="expand")
                                             for s, e, name in handoffs) if sp is not None]
        doc._.set(EXT_SPEAKERS, book.export())
        return doc
