"""Reported speech in English news: whose words a report quotes or paraphrases.

A news report or press release is one narrator's text, yet its claims are the executives':
“…,” said Jane Doe, Chief Executive Officer; Doe said the company expects …; According to Doe, …;
She added that …. Left to the narrator, those claims have no speaker, and an analyst's quoted
forecast looks like the company's. This step splits the narrator's turns at such attributions: the
quoted or reported words become a turn of the person who said them — an executive or an analyst by
the title written beside the name anywhere in the text — and the rest stays the narrator's (the
company's own voice, as before). Quotes that follow an attributed one without a new attribution
(the next sentence or paragraph of the same quotation) keep its speaker, as newspapers write them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..constants import EXT_META, EXT_TURN, TURNS
from ..data import load_lexicon
from ..helpers.en_names import NAME_LETTER, NAME_LOWER, NAME_UPPER, reporting_verbs, role_of

_OPEN, _CLOSE = "“\"", "”\""
# a paragraph break, not counting a page number standing alone between two paragraphs
_PARAGRAPH_BREAK = re.compile(r"\n\n(?![ \t]*\d{1,3}[ \t]*\n\n)")
_BOUNDARY = re.compile(r"[.!?](?=[\s”\"]*(?:\s[\"“A-Z(]|\s*$))|\n")


@dataclass
class _Person:
    name: str
    role: str | None
    kind: str  # exec | analyst


@Language.factory(
    "en_reported_speech",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"max_attribution_words": 12},
)
def make_en_reported_speech(nlp: Language, name: str, max_attribution_words: int) -> "EnReportedSpeech":
    """`max_attribution_words`: an attribution ("said Oracle's chief executive, Safra Catz") is
    short; a longer stretch before a reporting verb is a sentence of its own, not a speaker."""
    return EnReportedSpeech(max_attribution_words)


class EnReportedSpeech:
    def __init__(self, max_attribution_words: int):
        lex = load_lexicon("en", "reporting.yaml")
        self.verb = re.compile(rf"\b(?:also\s+)?(?:{reporting_verbs()})\b")
        self.according = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in lex["ACCORDING"]) + r")\s+", re.I)
        self.pronouns = frozenset(lex["PRONOUN"])
        self.not_name = frozenset(lex["NOT_NAME_WORD"])
        self.max_words = max_attribution_words

    # --- people ---------------------------------------------------------------------------------
    def _names(self, s: str, company: set[str]) -> list[tuple[int, int]]:
        """(start, end) of person names in `s`: two to four capitalised words, none a title or firm."""
        out = []
        word = rf"[{NAME_UPPER}][{NAME_LETTER}'’\-.]*"
        for m in re.finditer(rf"{word}(?:[ \t]+{word})*", s):
            words = [(w.start() + m.start(), w.end() + m.start(), w.group()) for w in re.finditer(r"\S+", m.group())]
            while words and (words[0][2] in self.not_name or words[0][2].rstrip("'’s") in company
                             or role_of(words[0][2])[1] is not None or not re.search("[a-z]", words[0][2])):
                words.pop(0)
            while words and (words[-1][2] in self.not_name or role_of(words[-1][2])[1] is not None):
                words.pop()
            if 2 <= len(words) <= 4 and all(re.fullmatch(rf"[{NAME_UPPER}](?:[{NAME_LOWER}'’\-]+[{NAME_LETTER}'’\-]*|\.)", w[2]) for w in words):
                out.append((words[0][0], words[-1][1]))
        return out

    def _people(self, text: str, company: set[str]) -> dict[str, _Person]:
        """Everyone named with a title somewhere in the text, by full name and by surname."""
        people: dict[str, _Person] = {}
        for s, e in self._names(text, company):
            name = text[s:e]
            after = re.match(r",\s*([^,.;:“”\"\n]{2,80})", text[e:e + 90])
            before = re.split(r"[.;:“”\"\n]", text[max(0, s - 60):s])[-1]
            role, kind = role_of(after.group(1)) if after else (None, None)
            if kind is None:
                role, kind = role_of(before)
            if kind not in ("exec", "analyst"):
                continue
            p = people.get(name) or _Person(name, role, kind)
            people[name] = p
            people.setdefault(name.split()[-1], p)
        return people

    def _who(self, attribution: str, people: dict[str, _Person], company: set[str],
             last: _Person | None, after_verb: bool = False) -> _Person | None:
        """The person an attribution names: a full name, a surname already met, or he/she. After
        the verb the name comes first ("said Lee Marsh, an analyst at Kestrel Bank"); before it,
        last ("Kestrel Bank analyst Lee Marsh said")."""
        words = attribution.split()
        if not words or len(words) > self.max_words:
            return None
        names = self._names(attribution, company)
        if names:
            s, e = names[0] if after_verb else names[-1]
            name = attribution[s:e]
            if name in people:
                return people[name]
            role, kind = role_of(attribution)
            return _Person(name, role, kind if kind == "analyst" else "exec")
        for w in reversed(words):
            w = w.strip(",")
            if w in people:
                return people[w]
        if words[-1].lower() in self.pronouns and len(words) <= 2:
            return last
        return None

    # --- regions --------------------------------------------------------------------------------
    @staticmethod
    def _quotes(text: str, s: int, e: int) -> list[tuple[int, int]]:
        """(start, end) of quotations in text[s:e], marks included."""
        out, i = [], s
        while i < e:
            if text[i] in _OPEN:
                close = "”" if text[i] == "“" else '"'
                j = text.find(close, i + 1, e)
                para_end = text.find("\n\n", i + 1, e)
                if close == '"' and para_end >= 0 and (j < 0 or para_end < j):
                    # a quotation running over paragraphs leaves each but the last unclosed, and the
                    # next one opens on a mark of its own: a straight mark never closes across a break
                    out.append((i, para_end))
                    i = para_end
                    continue
                if j < 0:
                    break
                out.append((i, j + 1))
                i = j + 1
            else:
                i += 1
        return out

    def _sentences(self, text: str, s: int, e: int, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sentences of text[s:e]; a full stop inside a quotation does not end one."""
        inside = [False] * (e - s)
        for a, b in quotes:
            for k in range(a + 1, b - 1):
                inside[k - s] = True
        out, start = [], s
        for m in _BOUNDARY.finditer(text, s, e):
            if inside[m.start() - s]:
                continue
            end = m.end()
            # a full stop's closing quote belongs to its sentence; after a line break a straight
            # quote opens the next paragraph's quotation
            while end < e and text[end] in _CLOSE and m.group() != "\n":
                end += 1
            if text[start:end].strip():
                out.append((start, end))
            start = end
        if text[start:e].strip():
            out.append((start, e))
        return out

    def _regions(self, text: str, s: int, e: int, people, company) -> list[tuple[int, int, _Person]]:
        quotes = self._quotes(text, s, e)
        regions: list[tuple[int, int, _Person]] = []
        last: _Person | None = None
        last_para = -1
        for ss, se in self._sentences(text, s, e, quotes):
            para = len(_PARAGRAPH_BREAK.findall(text, s, ss))
            qs = [(a, b) for a, b in quotes if ss <= a and b <= se]
            unquoted = text[ss:se]
            for a, b in reversed(qs):
                unquoted = unquoted[:a - ss] + " " * (b - a) + unquoted[b - ss:]
            found: list[tuple[int, int, _Person]] = []
            m = self.verb.search(unquoted)
            acc = self.according.search(unquoted)
            if m is not None:
                v0, v1 = ss + m.start(), ss + m.end()
                left_q = [q for q in qs if q[1] <= v0]
                right_q = [q for q in qs if q[0] >= v1]
                left_from = left_q[-1][1] if left_q else ss
                who_left = text[left_from:v0].strip(" \t\n,")
                tail = re.split(r"[.;\n]|,\s*(?:who|which|as|in|on|during)\b", text[v1:se])[0]
                who_right = re.split(r"[“\"]", tail)[0].strip(" \t,:")
                person = self._who(who_left, people, company, last) if who_left else None
                if person is None and left_q and not who_left:
                    person = self._who(who_right, people, company, last, after_verb=True)
                if person is not None:
                    if left_q:
                        found += [(a, b, person) for a, b in left_q]  # “…,” said X / “…,” X said
                        found += [(a, b, person) for a, b in right_q]
                    else:
                        # X said (on Tuesday) (that) the company expects … / X said: “…”
                        body = re.sub(r"^(?:[^,“\"]{0,40}?,\s*)?(?:that\s+)?", "", text[v1:se].lstrip(" \t,:"))
                        if len(body.split()) >= 4:
                            found.append((se - len(body), se, person))
                # "…, Lee said." with no quotation: the words before the comma are Lee's
                if person is None and not qs:
                    trail = re.match(r"(?s)(.*\S),\s*([^,]{2,60}?)\s*$", text[ss:v0])
                    if trail and not text[v1:se].strip(" .\n"):
                        p2 = self._who(trail.group(2), people, company, last)
                        if p2 is not None:
                            found.append((ss, ss + len(trail.group(1)), p2))
            elif acc is not None:
                rest = text[ss + acc.end():se]
                comma = rest.find(",")
                if 0 < comma <= 80:
                    person = self._who(rest[:comma], people, company, last)
                    if person is not None:
                        found.append((ss + acc.end() + comma + 1, se, person))
            if not found and qs and last is not None and para - last_para <= 1 and \
                    not unquoted.strip(" \t\n.,:;—–-"):
                found = [(a, b, last) for a, b in qs]  # the quotation goes on: “We expect …”
            if found:
                # the paragraph where the quotation ends: one running over paragraphs goes on from there
                last, last_para = found[-1][2], len(_PARAGRAPH_BREAK.findall(text, s, found[-1][1]))
            regions += found
        return regions

    def __call__(self, doc: Doc) -> Doc:
        if TURNS not in doc.spans:
            return doc
        text = doc.text
        meta = doc._.get(EXT_META) or {}
        company = {w for n in [meta.get("company") or "", *(meta.get("company_aliases") or [])] for w in n.split()}
        people = self._people(text, company)
        turns: list[Span] = []
        for turn in doc.spans[TURNS]:
            info = turn._.get(EXT_TURN) or {}
            if info.get("kind") != "narrator":
                turns.append(turn)
                continue
            regions = sorted(self._regions(text, turn.start_char, turn.end_char, people, company))
            pos = turn.start_char
            for a, b, person in regions:
                if a < pos:
                    continue
                self._piece(doc, turns, pos, a, info)
                self._piece(doc, turns, a, b, {"speaker": {"name": person.name, "role": person.role, "org": meta.get("company")},
                                                "kind": person.kind, "reported": True})
                pos = b
            self._piece(doc, turns, pos, turn.end_char, info)
        doc.spans[TURNS] = turns
        return doc

    @staticmethod
    def _piece(doc: Doc, turns: list[Span], s: int, e: int, info: dict[str, Any]) -> None:
        span = doc.char_span(s, e, alignment_mode="expand") if e > s else None
        if span is None or not span.text.strip():
            return
        if turns and span.start < turns[-1].end:
            if span.end <= turns[-1].end:
                return
            span = doc[turns[-1].end:span.end]
        label = "ANALYST" if info.get("kind") == "analyst" else (info.get("speaker") or {}).get("name") or "NARRATOR"
        piece = Span(doc, span.start, span.end, label=label)
        piece._.set(EXT_TURN, info)
        turns.append(piece)
