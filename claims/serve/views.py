"""What each page shows, as data: the HTML pages render it and the /api/ twins return it as JSON.

Every function reads through the Ledger's public API (and claims.review / claims.graph); the one
exception is text search, which asks the claims table for candidate ids with LIKE (see `search`).
Lists are paged so a page costs the same on a ledger of 10^5 claims as on one of 100.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from functools import lru_cache
from typing import Any, Iterator

import opencc
from sqlalchemy import or_, select

from claims import migrations as m
from claims.core.errors import BadInput, NotFound
from claims.core.models import VERDICTS, Claim, Document
from claims.core.registry import find_company, load_companies
from claims.core.script import to_simplified
from claims.graph import SpeakerIndex, build_graph, graph_from_claims, to_node_link_json
from claims.ledger import Ledger, name_key
from claims.review import Scorecard, score_claims
from claims.suggest import Suggestion, suggestions_for

from .passages import Passage, passage

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
KINDS = ("prediction", "target", "guidance", "plan")
SCAN_LIMIT = 5000  # claims a filtered due page looks through before it stops and offers "next"


# ---------------------------------------------------------------------------- paging
def parse_cursor(after: str | None) -> tuple[dt.date | None, int]:
    """The due queue's keyset cursor `YYYY-MM-DD.N`: the next page starts at deadline >= that day,
    after the first N claims with that deadline (index order: deadline, then creation)."""
    if not after:
        return None, 0
    day, _, n = after.partition(".")
    try:
        return dt.date.fromisoformat(day), int(n or 0)
    except ValueError:
        raise BadInput(f"bad page cursor {after!r}") from None


def page_size(limit: Any) -> int:
    if limit in (None, ""):
        return PAGE_SIZE
    try:
        n = int(limit)
    except (TypeError, ValueError):
        raise BadInput(f"limit must be a number, got {limit!r}") from None
    if not 1 <= n <= MAX_PAGE_SIZE:
        raise BadInput(f"limit must be between 1 and {MAX_PAGE_SIZE}")
    return n


def page_number(page: Any) -> int:
    try:
        n = int(page or 1)
    except (TypeError, ValueError):
        raise BadInput(f"page must be a number, got {page!r}") from None
    if n < 1:
        raise BadInput("page must be 1 or more")
    return n


@dataclass
class DuePage:
    claims: list[Claim]
    next: str | None
    filters: dict[str, str | None]
    scanned: int = 0


def _due_stream(ledger: Ledger, as_of: dt.date, start: dt.date | None, skip: int, batch: int,
                filters: dict, with_mentions: bool) -> Iterator[Claim]:
    while True:
        rows = ledger.due(as_of, due_after=start, limit=skip + batch, with_mentions=with_mentions, **filters)
        yield from rows[skip:]
        if len(rows) < skip + batch:
            return
        last = rows[-1].horizon.end
        skip, start = sum(1 for c in rows if c.horizon.end == last), last


def due_page(ledger: Ledger, as_of: dt.date, *, speaker: str | None = None, org: str | None = None,
             topic: str | None = None, kind: str | None = None, after: str | None = None, size: int = PAGE_SIZE,
             with_mentions: bool = False) -> DuePage:
    """One page of claims past their deadline without a verdict, oldest deadline first."""
    if kind and kind not in KINDS:
        raise BadInput(f"kind must be one of {', '.join(KINDS)}")
    start, skip = parse_cursor(after)
    filters = {k: v for k, v in (("speaker", speaker), ("org", org), ("topic", topic)) if v}
    out: list[Claim] = []
    day, at_day, scanned, more = start, skip, 0, False
    for c in _due_stream(ledger, as_of, start, skip, size + 1, filters, with_mentions):
        if len(out) == size or scanned >= SCAN_LIMIT:
            more = True
            break
        end = c.horizon.end
        at_day = at_day + 1 if end == day else 1
        day = end
        scanned += 1
        if kind is None or c.kind == kind:
            out.append(c)
    cursor = f"{day.isoformat()}.{at_day}" if more and day else None
    return DuePage(out, cursor, {"speaker": speaker, "org": org, "topic": topic, "kind": kind}, scanned)


def offset_page(ledger: Ledger, as_of: dt.date, page: int, size: int, **filters: Any) -> tuple[list[Claim], bool]:
    """Page `page` of a list ordered by deadline (no deadline last): reads page*size+1 claims
    without their mentions, so the first pages are cheap on any ledger."""
    rows = ledger.list_claims(as_of=as_of, limit=page * size + 1, with_mentions=False, **filters)
    return rows[(page - 1) * size: page * size], len(rows) > page * size


# ---------------------------------------------------------------------------- one claim
@dataclass
class LinkView:
    direction: str  # "out": this claim -> other; "in": other -> this claim
    type: str
    other_id: str
    other_text: str | None
    score: float | None


@dataclass
class ClaimView:
    claim: Claim
    passages: list[Passage]
    links: list[LinkView]
    history: list
    documents: dict[str, Document] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"claim": self.claim.model_dump(mode="json"),
                "passages": [p.as_dict() for p in self.passages],
                "links": [vars(lv) for lv in self.links],
                "history": [e.model_dump(mode="json") for e in self.history],
                "suggestions": [sg.as_dict() for sg in self.suggestions]}


def claim_view(ledger: Ledger, claim_id: str, as_of: dt.date, roots: tuple[Path, ...],
               documents: dict[str, Document]) -> ClaimView:
    claim = ledger.get_claim(claim_id, as_of=as_of)
    links = []
    for link in claim.links:
        out = link["src"] == claim.id
        other = link["dst"] if out else link["src"]
        try:
            text = ledger.get_claim(other, as_of=as_of).text
        except NotFound:
            text = None
        links.append(LinkView("out" if out else "in", link["type"], other, text, link.get("score")))
    passages = [passage(mn, documents.get(mn.doc_id or ""), roots) for mn in claim.mentions]
    # evidence suggestions while the claim awaits a verdict (claims.suggest): shown, never recorded
    found = suggestions_for(ledger, claim, documents, as_of=as_of) if claim.status in ("open", "due") else []
    return ClaimView(claim, passages, links, ledger.history(claim.id), documents, found)


# ---------------------------------------------------------------------------- people, companies, topics
@dataclass
class PersonView:
    name: str
    names: list[str]
    card: Scorecard
    claims: list[Claim]  # every claim of the person (without mentions): timeline and scorecard
    page: list[Claim]
    more: bool

    def as_dict(self) -> dict:
        return {"person": self.name, "names": self.names, "scorecard": self.card.model_dump(mode="json"),
                "claims": [c.model_dump(mode="json") for c in self.page], "more": self.more}


def person_view(ledger: Ledger, name: str, as_of: dt.date, page: int = 1, size: int = PAGE_SIZE) -> PersonView:
    claims = ledger.list_claims(speaker=name, as_of=as_of, with_mentions=False)
    if not claims:
        raise NotFound(f"no claims by {name!r}")
    index = SpeakerIndex.from_ledger(ledger)
    display = index.display(claims[0].speaker.name if claims[0].speaker else name) or name
    card = score_claims(claims, display, index.key(name))
    names = list(dict.fromkeys([display, *card.names, *sorted(ledger_aliases(ledger, index, name))]))
    chunk = claims[(page - 1) * size: page * size]
    return PersonView(display, names, card, claims, chunk, len(claims) > page * size)


def ledger_aliases(ledger: Ledger, index: SpeakerIndex, name: str) -> set[str]:
    keys = index.keys(name)
    out = set()
    for sp in ledger.speakers():
        if name_key(sp.name) in keys:
            out.add(sp.name)
    return out


@dataclass
class CompanyView:
    name: str
    aliases: list[str]
    people: list[str]
    claims: list[Claim]
    more: bool

    def as_dict(self) -> dict:
        return {"company": self.name, "aliases": self.aliases, "people": self.people,
                "claims": [c.model_dump(mode="json") for c in self.claims], "more": self.more}


def company_view(ledger: Ledger, name: str, as_of: dt.date, page: int = 1, size: int = PAGE_SIZE) -> CompanyView:
    claims, more = offset_page(ledger, as_of, page, size, org=name)
    reg = find_company(name)
    if not claims and reg is None:
        raise NotFound(f"no claims for company {name!r}")
    display = reg.name if reg else name
    forms = {name_key(f) for f in ([reg.name, *reg.aliases] if reg else [name])}
    people = {p.get("name") for p in (reg.people if reg else []) if p.get("name")}
    people |= {sp.name for sp in ledger.speakers() if sp.org and any(f and f in name_key(sp.org) for f in forms)}
    return CompanyView(display, list(reg.aliases) if reg else [], sorted(people), claims, more)


def topic_view(ledger: Ledger, topic: str, as_of: dt.date, page: int = 1, size: int = PAGE_SIZE) -> tuple[list[Claim], bool]:
    claims, more = offset_page(ledger, as_of, page, size, topic=topic)
    if not claims and page == 1:
        raise NotFound(f"no claims about {topic!r}")
    return claims, more


# ---------------------------------------------------------------------------- search
def script_variants(q: str) -> list[str]:
    """The query as typed, in simplified script and in traditional (Taiwan and Hong Kong forms)."""
    out = [q, to_simplified(q)]
    for cfg in ("s2t", "s2tw", "s2hk"):
        out.append(_converter(cfg).convert(out[1]))
    return list(dict.fromkeys(v for v in out if v))


@dataclass
class SearchResult:
    query: str
    people: list[dict[str, Any]]
    companies: list[dict[str, Any]]
    topics: list[str]
    claims: list[Claim]

    def as_dict(self) -> dict:
        return {"query": self.query, "people": self.people, "companies": self.companies, "topics": self.topics,
                "claims": [c.model_dump(mode="json") for c in self.claims]}


def search(ledger: Ledger, query: str, as_of: dt.date, limit: int = PAGE_SIZE) -> SearchResult:
    """People, companies, topics and claims matching `query`; 吴泳铭 finds 吳泳銘 and the reverse.

    Names are compared by the ledger's own name key (simplified script, case- and space-folded).
    Claim texts are stored as spoken, so the claims table is asked (LIKE, case-insensitive) for any
    of the query's script variants — the Ledger API has no text search — and each hit is then
    checked again on folded text and read through `Ledger.get_claim`."""
    q = query.strip()
    if not q:
        return SearchResult(q, [], [], [], [])
    if len(q) > 200:
        raise BadInput("search text is longer than 200 characters")
    key = name_key(q)
    index = SpeakerIndex.from_ledger(ledger)
    people: dict[str, dict[str, Any]] = {}
    for sp in ledger.speakers():
        keys = {name_key(sp.name), *sp.aliases}
        if any(key in k for k in keys if k):
            canon = index.display(sp.name) or sp.name
            entry = people.setdefault(canon, {"name": canon, "names": [], "org": sp.org})
            if sp.name not in entry["names"]:
                entry["names"].append(sp.name)
    companies = []
    for co in load_companies():
        if any(key in name_key(f) for f in [co.name, *co.aliases, *co.tickers]):
            companies.append({"name": co.name, "aliases": co.aliases})
    c = m.claims.c
    variants = script_variants(q)
    ids: list[str] = []
    topics: list[str] = []
    with ledger.engine.connect() as conn:
        rows = conn.execute(select(c.id, c.text).where(or_(*[c.text.ilike(f"%{_like(v)}%", escape="\\") for v in variants]))
                            .order_by(c.horizon_end.is_(None), c.horizon_end, c.created_seq).limit(limit * 2)).all()
        topics = [r[0] for r in conn.execute(select(m.claim_topics.c.topic).distinct()
                                             .where(or_(*[m.claim_topics.c.topic.ilike(f"%{_like(v)}%", escape="\\") for v in variants]))
                                             .limit(20))]
    folded = to_simplified(q).casefold()
    for cid, text in rows:
        if folded in to_simplified(text).casefold() and len(ids) < limit:
            ids.append(cid)
    claims = [ledger.get_claim(i, as_of=as_of) for i in ids]
    return SearchResult(q, list(people.values()), companies, topics, claims)


@lru_cache(maxsize=None)
def _converter(config: str) -> "opencc.OpenCC":
    return opencc.OpenCC(config)


def _like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------------------- graph
@dataclass
class GraphView:
    kind: str  # person | company
    name: str
    names: list[str]
    claims: list[Claim]
    total: int


def graph_view(ledger: Ledger, kind: str, name: str, as_of: dt.date, topic: str | None = None,
               limit: int = 100) -> GraphView:
    """The claims of one person (any alias) or one company: at most `limit` of them, nearest deadlines first."""
    filters = {"speaker": name} if kind == "person" else {"org": name}
    claims = ledger.list_claims(as_of=as_of, topic=topic or None, with_mentions=False, **filters)
    if not claims:
        raise NotFound(f"no claims for {kind} {name!r}" + (f" about {topic!r}" if topic else ""))
    if kind == "person":
        index = SpeakerIndex.from_ledger(ledger)
        display = index.display(name) or name
        names = list(dict.fromkeys([display, *sorted(ledger_aliases(ledger, index, name))]))
    else:
        reg = find_company(name)
        display, names = (reg.name, [reg.name, *reg.aliases]) if reg else (name, [name])
    return GraphView(kind, display, names, claims[:limit], len(claims))


def graph_json(ledger: Ledger, kind: str, name: str, as_of: dt.date, topic: str | None = None) -> str:
    """The node-link JSON `claims graph --format json --speaker/--org NAME` prints."""
    filters = {"speaker": name} if kind == "person" else {"org": name}
    g = build_graph(ledger, as_of=as_of, topic=topic or None, **filters)
    if g.number_of_nodes() == 0:
        raise NotFound(f"no claims for {kind} {name!r}")
    return to_node_link_json(g)


__all__ = ["KINDS", "PAGE_SIZE", "VERDICTS", "ClaimView", "CompanyView", "DuePage", "GraphView", "PersonView",
           "SearchResult", "claim_view", "company_view", "due_page", "graph_from_claims", "graph_json", "graph_view",
           "page_number", "page_size", "person_view", "search", "topic_view"]
