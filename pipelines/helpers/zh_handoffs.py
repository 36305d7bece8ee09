"""Who speaks in an unlabelled speech-to-text call: hand-offs, thanks, greetings, self-introductions.

A subtitle transcript of a call has no speaker labels, yet its moderator names each speaker: "那我們
現在就有請董事長先開始" hands over, "謝謝李總" closes an answer. The words between a hand-off and
the next moderator line are the named person's; the words just before a thanks are the person
thanked; an analyst's greeting (王董你好) hands the answer after the question to the one greeted, and
an executive who says who they are (我是Jeff) owns what follows. Titles resolve to a name the text
gives beside them ("董事長Simon"), else stay as said (李總). Words no hand-off or thanks reaches stay
unattributed (fail open).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from claims.core.script import to_simplified

from .zh_names import ANALYST, HEADLINE, HOST, NARRATOR, UNKNOWN, SpeakerBook, alternation, name_tables
from .zh_text import TIMESTAMP, common_words, ends_on_tag, lexicon


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    sp = lexicon("speakers.yaml")
    titles = alternation(sp["HANDOFF_TITLE"])
    surnames = alternation(name_tables()["surnames"])
    # 张秀琪总经理, 李总, 张处长, 肖副总, 董事长, 财务长 Stone, Alton, 董事长Simon
    who = rf"(?:{_full_name_title()}|(?:{surnames})(?:{titles})|(?:{titles})(?:[ ]?[A-Z][a-z]+)?|[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)"
    # "to the CEO of Lundz, Mr. Michael": an English hand-off may name the role before the name
    english_role = rf"(?:the [^,\n]{{1,40}}, )?(?:(?:{alternation(sp['HANDOFF_HONORIFIC'])})\.? )?"
    forward = re.compile(rf"(?:{alternation(sp['HANDOFF_FORWARD'])})[ ]?(?:我们的|我们|公司的?|{english_role})?(?P<who>{who})")
    lead = rf"(?:(?:{alternation(sp['HANDOFF_LEAD'])})[ ,.!]*)*"  # "好 那我是Johnson", "Hello, everyone. I am Michael"
    thanks = re.compile(rf"{lead}(?:{alternation(sp['HANDOFF_THANKS'])})[ ,，]?(?:我们的)?(?P<who>{who})")
    greeting = re.compile(rf"(?P<who>{who})[ ,]*(?:{alternation(sp['HANDOFF_GREETING'])})")
    # "我是Jeff", "我是法人關係處Carol": a department or title may come before a Latin name;
    # "我是鴻準的玉凱": the company before a name, which then needs no surname
    self_intro = re.compile(rf"{lead}(?:{alternation(sp['HANDOFF_SELF'])})[ ]?"
                            rf"(?:[\u4e00-\u9fff]{{1,8}}?(?=[A-Z])|[\u4e00-\u9fff]{{1,8}}?的)?"
                            # a Latin name ends the phrase: "This is Grace Chen." but not "This is Taiwan's"
                            rf"(?P<who>[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?(?![a-z'’]|[ ][a-z])|(?:{surnames})[\u4e00-\u9fff]{{1,2}}(?=[ ,]|$)"
                            rf"|(?<=的)[\u4e00-\u9fff]{{2,3}}(?=[ ,.。]|$))")
    return forward, thanks, greeting, self_intro


@lru_cache(maxsize=1)
def _host_words() -> frozenset[str]:
    sp = lexicon("speakers.yaml")
    return frozenset(sp["HOST_TURN"]) | frozenset(sp["QUESTION_TURN"])


def _names_no_one(who: str, after_of: bool) -> bool:
    """A self-introduction that names no speaker: a host's or questioner's word ("我是今天的主持人"),
    or, after "X的" where no surname vouches for a name, a common word that is no title ("我是公司的一员";
    "我是公司的财务长" names a role)."""
    if who in _host_words():
        return True
    return after_of and who in common_words() and who not in lexicon("speakers.yaml")["HANDOFF_TITLE"]


@lru_cache(maxsize=1)
def _full_name_title() -> str:
    """A full name and the title after it ("洪雨仙财务长"); the given name never opens a title, so
    "李总经理" stays 李 + 总经理."""
    titles = alternation(lexicon("speakers.yaml")["HANDOFF_TITLE"])
    return rf"(?P<fullname>(?:{alternation(name_tables()['surnames'])})(?!{titles})[\u4e00-\u9fff]{{1,2}})(?P<fulltitle>{titles})"


@lru_cache(maxsize=1)
def _full_name_title_re() -> re.Pattern:
    return re.compile(_full_name_title())


def _line_body(nt: str, ls: int, le: int) -> int:
    """Where a line's words start, after its timestamp."""
    m = TIMESTAMP.match(nt, ls, le)
    i = m.end() if m and m.end() > ls else ls
    while i < le and nt[i] in " \t\u3000":
        i += 1
    return i


def speaker_of_title(who: str, book: SpeakerBook, said: str | None = None, nt: str = "") -> str:
    """The book key for a title (simplified) as said (`said`, the user's script): a known person
    holding that role, the name the text writes after that title ("董事長Simon"), else the title."""
    t = name_tables()
    full = _full_name_title_re().fullmatch(who)
    if full:  # the name is the person's; the title, their role ("洪雨仙财务长")
        name = full.group("fullname")
        return book.key(name) or book.add(said[:len(name)] if said else name, role=t["roles"].get(full.group("fulltitle")))
    k = _surname_title(who, book, nt)
    if k is not None:
        return k
    role = t["roles"].get(re.sub(r"[ ]?[A-Z][a-z]+$", "", who))
    latin = re.search(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?$", who)
    if latin:
        k = book.key(latin.group(0))
        return k or book.add(latin.group(0), role=role)
    if role:
        holders = [k for k, p in book.people.items() if p.get("role") == role]
        if len(holders) == 1:
            return holders[0]
    if who in name_tables()["roles"] or who in lexicon("speakers.yaml")["HANDOFF_TITLE"]:
        named = re.search(re.escape(who) + r"[ ]?([A-Z][a-z]+(?: [A-Z][a-z]+)?)", nt)
        if named:
            return book.key(named.group(1)) or book.add(named.group(1), role=role)
    return book.key(who) or book.add(said or who, role=role)


def _surname_title(who: str, book: SpeakerBook, nt: str) -> str | None:
    """"郭总经理" (family name and title) is the person the text names in full with that title
    ("郭文元总经理") or the one known person of that family name; None when neither is found."""
    titles = lexicon("speakers.yaml")["HANDOFF_TITLE"]
    title = next((t for t in sorted(titles, key=len, reverse=True) if who.endswith(t) and len(who) > len(t)), None)
    if title is None:
        return None
    surname = who[:-len(title)]
    if surname not in lexicon("speakers.yaml")["SURNAME"]:
        return None
    full = re.search(rf"({re.escape(surname)}[\u4e00-\u9fff]{{1,2}}){re.escape(title)}", nt)
    if full and full.group(1) != who:
        return book.key(full.group(1)) or book.add(full.group(1), role=name_tables()["roles"].get(title))
    known = [k for k, p in book.people.items() if to_simplified(p["name"]).startswith(surname) and len(p["name"]) <= 4]
    return known[0] if len(known) == 1 else None


def _known(who: str, book: SpeakerBook, nt: str) -> str | None:
    """The book key of an executive the text names: one already known (by full name, or by the
    first name of a Latin full name, "Jeff" for "Jeff Lin"), else one the text introduces with a
    title ("執行長Jeff Lin")."""
    k = book.key(who)
    if k is not None:
        return k
    first = [key for key, p in book.people.items() if p["mentioned"] and p["name"].startswith(who + " ")]
    if len(first) == 1:
        return first[0]
    titles = alternation(lexicon("speakers.yaml")["HANDOFF_TITLE"])
    m = re.search(rf"(?P<title>{titles})[ ]?(?P<name>{re.escape(who)}(?:[ ][A-Z][a-z]+)?)(?![A-Za-z])", nt)
    if m is None:
        return None
    return book.key(m.group("name")) or book.add(m.group("name"), role=name_tables()["roles"].get(m.group("title")))


SELF_INTRO_REACH = 2  # lines after a self-introduction that tell a presenter from a questioner


def _presenting(said: str, book: SpeakerBook, nt: str, lines: list[tuple[int, int]], n: int) -> str | None:
    """The book key of someone the text had not named who introduces themselves and then speaks
    rather than asks ("好 那我是Johnson / 我今天向各位報告…"): no question opens on that line or the
    next SELF_INTRO_REACH (an analyst's "我是…" leads into their question)."""
    opener, _, asks = _question_patterns()
    for ls, le in lines[n:n + SELF_INTRO_REACH + 1]:
        body = _line_body(nt, ls, le)
        if opener.match(nt, body, le) or _asks_alone(asks, nt, body, le):
            return None
    return book.add(said)


HEAD_REACH = 48  # characters of a line's opening read for a thanks or a self-introduction ("Hello, everyone. I am Michael")
THANKS_AFTER_HANDOFF = 2  # lines after a hand-off within which the new voice thanks the one before
QUESTION_TO_THANKS = 2  # lines between a question's end and the answerer's thanks to the one who asked


def handoff_regions(nt: str, book: SpeakerBook, text: str | None = None) -> list[tuple[int, int, str]] | None:
    """(start, end, book key) of the stretches a hand-off or a thanks gives to someone, and
    (start, end, "") for the moderator's own lines; None when the text names no one that way."""
    forward, thanks, greeting, self_intro = _patterns()
    lines = _line_bounds(nt)
    marks: list[tuple[int, str, str]] = []  # (line index, "self"|"forward"|"thanks", key)
    titles = lexicon("speakers.yaml")["HANDOFF_TITLE"]
    named: dict[str, str] = {}  # a bare title -> the person last named with it ("张处长" -> "处长")

    def said_at(m: re.Match, base: int) -> str | None:
        """The name as the user's text writes it (its script)."""
        return text[base + m.start("who"):base + m.end("who")] if text is not None else None

    def resolve(m: re.Match, base: int) -> str:
        who = m.group("who")
        if who in titles and who in named:
            return named[who]
        k = speaker_of_title(who, book, said_at(m, base), nt)
        for t in titles:
            if who.endswith(t) and who != t:
                named[t] = k
        return k

    for n, (ls, le) in enumerate(lines):
        body = _line_body(nt, ls, le)
        head = nt[body:min(le, body + HEAD_REACH)]
        m = thanks.match(head)
        if m:
            marks.append((n, "thanks", resolve(m, body)))
            continue
        m = self_intro.match(head)
        if m and _names_no_one(m.group("who"), head[m.start("who") - 1:m.start("who")] == "的"):
            m = None
        if m and (k := _known(m.group("who"), book, nt)
                  or _presenting(said_at(m, body) or m.group("who"), book, nt, lines, n)):
            marks.append((n, "self", k))
            continue
        m = forward.search(nt, body, le) or greeting.match(head)
        if m:
            # a greeting opens a question the greeted person answers: the lines after are theirs as
            # a hand-off's are (the question itself is no claim: questions are cut, 請問 and all)
            marks.append((n, "forward", resolve(m, 0 if m.re is forward else body)))
    if not marks:
        return None
    out: list[tuple[int, int, str]] = []
    prev_line, prev_kind, prev_key = -1, None, None
    handed: tuple[int, str] | None = None  # (line, key) of the last hand-off
    marks.append((len(lines), "end", ""))
    asked = _question_lines(nt, lines)
    for i, (n, kind, key) in enumerate(marks):
        first, last = prev_line + 1, n - 1
        if first <= last:
            # who says who they are outranks a later thanks; a thanks outranks an earlier hand-off
            owner = prev_key if prev_kind == "self" else key if kind == "thanks" else \
                prev_key if prev_kind == "forward" else None
            q = _asked_before(asked, first, last) if kind == "thanks" and prev_kind != "self" else None
            if q is not None:
                # "…價值計劃的策略嗎" / "謝謝Brian" / "我先回答…": the one who answers thanks the one who
                # asked; only the question is the thanked voice's, the lines before it are not
                before = prev_key if prev_kind == "forward" else None
                if before:
                    out.append((lines[first][0], lines[q - 1][1], before))
                first = q
            if owner is None and prev_kind == "thanks" and handed is not None \
                    and prev_line - handed[0] <= THANKS_AFTER_HANDOFF and handed[1] != prev_key:
                owner = handed[1]  # "现在把时间交给Carol" / "谢谢Howard": the one handed to thanks the host, then speaks
            nxt = marks[i + 1] if i + 1 < len(marks) else None
            if owner is None and kind == "forward" and nxt is not None and nxt[1] == "thanks" \
                    and nxt[0] - n <= THANKS_AFTER_HANDOFF and nxt[2] != key:
                owner = nxt[2]  # "…turn the call to Akash" / "Thank you, Cristiano": the words before were Cristiano's
            if owner:
                out.append((lines[first][0], lines[last][1], owner))
        if n < len(lines):
            out.append((lines[n][0], lines[n][1], ""))
        if kind == "forward":
            handed = (n, key)
        prev_line, prev_kind, prev_key = n, kind, key
    return out


def overlay(regions: list[tuple[int, int, str]], handed: list[tuple[int, int, str]], book: SpeakerBook,
            unknown: str, host: str) -> list[tuple[int, int, str]]:
    """`regions` with their `unknown` stretches given to whom the hand-offs name (the moderator's
    lines to `host`); labelled turns are left as they are."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in regions:
        if label != unknown:
            out.append((s, e, label))
            continue
        pos = s
        for hs, he, key in handed:
            a, b = max(s, hs), min(e, he)
            if a >= b:
                continue
            if a > pos:
                out.append((pos, a, unknown))
            out.append((a, b, book.use(key) if key else host))
            pos = b
        if pos < e:
            out.append((pos, e, unknown))
    return out


QUESTION_MAX_LINES = 3
OPENER_REACH = 4  # characters before a question's opener on its line (可以, 那我)


@lru_cache(maxsize=1)
def _question_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(opener, closer, a line that asks by itself) of an unlabelled call's questions (speakers.yaml)."""
    sp = lexicon("speakers.yaml")
    end = alternation(sp["QUESTION_END"])
    # the opener within the line's first words ("可以請問…", "那我想問…")
    opener = re.compile(rf"[^\n]{{0,{OPENER_REACH}}}?(?:{alternation(sp['QUESTION_OPEN'])})")
    closer = re.compile(rf"(?:{end})(?:[ ?,。]|$)|(?:{alternation(sp['HANDOFF_THANKS'])})")
    # a line that itself ends on a question particle is a question, opener or not ("…會比上半年更好嗎")
    return opener, closer, re.compile(rf"(?:{end})[ ?]*$")


def _asks_alone(asks: re.Pattern, nt: str, body: int, le: int) -> bool:
    """The line [body, le) ends on a question particle that no statement's tag makes ("…，對吧？")."""
    return asks.search(nt, body, le) is not None and not ends_on_tag(nt[body:le])


def _question_lines(nt: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(first, last) line index of each question of an unlabelled call (question_regions)."""
    starts = [ls for ls, _ in lines]
    return [(bisect.bisect_right(starts, s) - 1, bisect.bisect_right(starts, e) - 1) for s, e in question_regions(nt)]


def _asked_before(asked: list[tuple[int, int]], first: int, last: int) -> int | None:
    """The first line of a question that ends the stretch [first, last] (within QUESTION_TO_THANKS
    lines of its end) and does not open it, or None."""
    return next((a for a, b in asked if first < a <= last and b >= last - QUESTION_TO_THANKS), None)


def _line_bounds(nt: str) -> list[tuple[int, int]]:
    """(start, end) of each line of `nt`."""
    lines, pos = [], 0
    for line in nt.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    return lines


def question_regions(nt: str) -> list[tuple[int, int]]:
    """(start, end) of the questions of an unlabelled call: from a line opening on 請問 / 我想問 …
    to the first line whose clause ends on a question particle (嗎, 呢) or that thanks, at most
    QUESTION_MAX_LINES lines (an answer must not be swallowed by a question that never closes) — the
    analyst's words, which hold future words ("請問2026年有機會…") but no claim."""
    opener, closer, asks = _question_patterns()
    lines = _line_bounds(nt)
    out, n = [], 0
    while n < len(lines):
        ls, le = lines[n]
        body = _line_body(nt, ls, le)
        if not opener.match(nt, body, le):
            if _asks_alone(asks, nt, body, le):
                out.append((ls, le))
            n += 1
            continue
        last = n
        for j in range(n, min(len(lines), n + QUESTION_MAX_LINES)):
            last = j
            if closer.search(nt, _line_body(nt, *lines[j]), lines[j][1]):
                break
        out.append((ls, lines[last][1]))
        n = last + 1
    return out


# a numbered item ("4、", "12.", "(3)", "问题5:"): in a Q&A record, the investor's question
_NUMBERED_ITEM = re.compile(r"(?:\d{1,3}\s*[、.．)]|\(\d{1,3}\)|问题\s*\d{1,3}\s*[:、.])\s*(?!\d)")
LINE_TRAILING = " \t\u3000\u200b\u200c\u200d\ufeff"  # spaces, and the zero-width ones PDF text ends lines on
# a numbered or labelled question runs to its "?" within this many lines, or is no question of its own
QUESTION_LINES = 6


def _ends_asking(nt: str, ls: int, le: int) -> bool:
    """The line [ls, le) ends on a question mark (trailing spaces aside)."""
    return nt[ls:le].rstrip(LINE_TRAILING).endswith("?")


def numbered_questions(nt: str) -> list[tuple[int, int]]:
    """(start, end) of the numbered items that end on a question mark ("54、花旗將…上調至800萬。請問
    公司…?"): an investor-relations record numbers its investors' questions, and the statements
    that lead up to one ("…上調至800萬") are the investor's too. An item that reaches no "?" within
    QUESTION_LINES lines, or meets the next item first, is a list, not a question."""
    lines = _line_bounds(nt)
    out, n = [], 0
    while n < len(lines):
        ls, le = lines[n]
        if not _NUMBERED_ITEM.match(nt, _line_body(nt, ls, le), le):
            n += 1
            continue
        end = None
        for j in range(n, min(len(lines), n + QUESTION_LINES)):
            js, je = lines[j]
            if j > n and _NUMBERED_ITEM.match(nt, _line_body(nt, js, je), je):
                break
            if _ends_asking(nt, js, je):
                end = j
                break
        if end is None:
            n += 1
            continue
        out.append((ls, lines[end][1]))
        n = end + 1
    return out


_QUIET = frozenset({ANALYST, HOST, NARRATOR, HEADLINE, UNKNOWN})


def answers_after_questions(nt: str, regions: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A record that labels only its questions ("Q1：…?" and then the answer, unlabelled): each
    question turn ends on the line that closes its "?", and the lines after it are the company's
    answer (an unnamed voice). Only when no turn in the text is anyone's answer: with "A:" or named
    answers, a question turn ends where they begin."""
    asked = [r for r in regions if r[2] == ANALYST]
    if len(asked) < 2 or any(label not in _QUIET for _, _, label in regions):
        return regions
    out = []
    for s, e, label in regions:
        if label != ANALYST:
            out.append((s, e, label))
            continue
        end, pos, n = None, s, 0
        while pos < e and n < QUESTION_LINES:
            le = nt.find("\n", pos, e)
            le = e if le < 0 else le
            if _ends_asking(nt, pos, le):
                end = le
            elif end is not None and nt[pos:le].strip():
                break  # the first line after the question that asks nothing: the answer
            pos, n = le + 1, n + 1
        if end is None or end >= e or not nt[end:e].strip():
            out.append((s, e, label))
            continue
        out += [(s, end, ANALYST), (end + 1, e, UNKNOWN)]
    return out


def is_subtitle(nt: str) -> bool:
    """Whether most lines open on a timestamp: a speech-to-text call, which has no reporter."""
    lines = [ln for ln in nt.split("\n") if ln.strip()]
    stamped = sum(1 for ln in lines if (m := TIMESTAMP.match(ln.lstrip())) and m.end() > 0)
    return bool(lines) and stamped * 2 >= len(lines)
