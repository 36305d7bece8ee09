"""The claim graph: a networkx projection of the ledger, and its GraphML / JSON / Cypher writers.

The graph is rebuilt from the ledger on every call and never written back, so it cannot drift from
the event log. Node ids are namespaced by type (`claim:<id>`, `speaker:<key>` …) so one id space
holds every kind of node and exports stay stable between runs. Speakers are merged across names,
scripts and languages through the ledger's alias table: 吴泳铭, 吳泳銘 and Eddie Wu are one node when
the registry or a document links them.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from typing import Any, Iterable

import networkx as nx

from .ledger import name_key
from claims.core.models import Claim, Document
from claims.ledger import Ledger
from claims.core.registry import find_company

NODE_TYPES = ("speaker", "organization", "claim", "horizon", "topic", "document", "verdict")
EDGE_TYPES = ("made", "holds_role_at", "due", "about", "mentions", "stated_in", "resolved_by", "reiterates", "revises")
CYPHER_LABELS = {t: t.capitalize() for t in NODE_TYPES}


# ---------------------------------------------------------------------------- identities
class SpeakerIndex:
    """Groups every name the ledger knows into people: name key -> one canonical key and display name."""

    def __init__(self, groups: Iterable[Iterable[str]], names: dict[str, str] | None = None,
                 weight: dict[str, int] | None = None):
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            parent.setdefault(k, k)
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        names = names or {}

        weight = weight or {}

        def rank(k: str) -> tuple[bool, int, str]:
            # a speaker's own name beats an alias; the best-documented entry (the registry's) wins among names
            return (k not in names, -weight.get(k, 0), k)

        for group in groups:
            keys = [k for k in group if k]
            for k in keys:
                find(k)
            for k in keys[1:]:
                a, b = find(keys[0]), find(k)
                if a != b:
                    lo, hi = sorted((a, b), key=rank)
                    parent[hi] = lo
        self._canon = {k: find(k) for k in parent}
        self._names = names

    @classmethod
    def from_ledger(cls, ledger: "Ledger") -> "SpeakerIndex":
        groups, names, weight = [], {}, {}
        for sp in ledger.speakers():
            key = name_key(sp.name)
            groups.append([key, *sp.aliases])
            names.setdefault(key, sp.name)
            weight[key] = max(weight.get(key, 0), len(sp.aliases))
        return cls(groups, names, weight)

    def key(self, name: str | None) -> str | None:
        """Canonical key of a name (or the name's own key when no alias links it)."""
        k = name_key(name)
        return self._canon.get(k, k) if k else None

    def keys(self, name: str | None) -> set[str]:
        """Every name key of the person `name` refers to."""
        canon = self.key(name)
        return {k for k, c in self._canon.items() if c == canon} | ({canon} if canon else set())

    def display(self, name: str | None) -> str | None:
        canon = self.key(name)
        return self._names.get(canon or "", name)


@lru_cache(maxsize=4096)
def org_key(name: str | None) -> tuple[str, str] | None:
    """(key, display name) of an organisation; registry aliases collapse to the registry name."""
    if not name:
        return None

    reg = find_company(name)
    display = reg.name if reg else name
    return name_key(display), display


# ---------------------------------------------------------------------------- building
def build_graph(ledger: "Ledger", speaker: str | None = None, org: str | None = None, topic: str | None = None,
                as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """The speaker–claim–horizon–topic–document–verdict graph of the (filtered) ledger."""
    claims = ledger.list_claims(speaker=speaker, org=org, topic=topic, as_of=as_of)
    docs = {d.id: d for d in ledger.documents()}
    return graph_from_claims(claims, docs, SpeakerIndex.from_ledger(ledger))


def graph_from_claims(claims: list[Claim], docs: dict[str, Document], speakers: SpeakerIndex) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="claims")
    ids = {c.id for c in claims}

    def node(nid: str, ntype: str, **attrs: Any) -> str:
        if nid not in g:
            g.add_node(nid, type=ntype, **{k: v for k, v in attrs.items() if v is not None})
        return nid

    def edge(u: str, v: str, etype: str, **attrs: Any) -> None:
        if not any(d.get("type") == etype for d in g.get_edge_data(u, v, default={}).values()):
            g.add_edge(u, v, key=etype, type=etype, **{k: val for k, val in attrs.items() if val is not None})

    def org_node(name: str | None) -> str | None:
        ok = org_key(name)
        return node(f"org:{ok[0]}", "organization", label=ok[1]) if ok else None

    used_docs: set[str] = set()
    for c in claims:
        cid = node(f"claim:{c.id}", "claim", label=_short(c.text), text=c.text, kind=c.kind, status=c.status,
                   negated=c.negated, confidence=c.confidence, deadline=c.horizon.end if c.horizon else None,
                   speaker=c.speaker.name if c.speaker else None, topics=list(c.topics))
        if c.speaker:
            skey = speakers.key(c.speaker.name)
            sid = node(f"speaker:{skey}", "speaker", label=speakers.display(c.speaker.name), name=speakers.display(c.speaker.name))
            edge(sid, cid, "made")
            first_doc = docs.get(c.mentions[0].doc_id or "") if c.mentions else None
            # a claim's speaker is an executive of the company whose call it is, unless told otherwise
            oid = org_node(c.speaker.org or (first_doc.company if first_doc else None))
            if oid:
                edge(sid, oid, "holds_role_at", role=c.speaker.role)
        if c.horizon and (c.horizon.start or c.horizon.end):
            hid = node(f"horizon:{c.horizon.start or ''}..{c.horizon.end or ''}", "horizon",
                       label=f"{c.horizon.start or '?'}..{c.horizon.end or '?'}", start=c.horizon.start, end=c.horizon.end,
                       granularity=c.horizon.granularity)
            edge(cid, hid, "due", text=c.horizon.text)
        for t in dict.fromkeys(c.topics):
            edge(cid, node(f"topic:{t}", "topic", label=t), "about")
        by_doc: dict[str, list] = {}
        for mn in c.mentions:
            by_doc.setdefault(mn.doc_id or "", []).append(mn)
            for ent in mn.entities:
                if "ORG" in ent.label:
                    edge(cid, org_node(ent.text), "mentions", text=ent.text)
        for did, mns in by_doc.items():
            if not did:
                continue
            used_docs.add(did)
            d = docs.get(did)
            dnode = node(f"doc:{did}", "document", label=_doc_label(d, did), date=d.date if d else None,
                         lang=d.lang if d else None, company=d.company if d else None, source=d.source if d else None,
                         period=d.period.label if d and d.period else None)
            edge(cid, dnode, "stated_in", mentions=len(mns), offsets=[[mn.start, mn.end] for mn in mns])
        for n, v in enumerate(c.verdicts, 1):
            vid = node(f"verdict:{c.id}:{n}", "verdict", label=v.verdict, verdict=v.verdict, evidence=v.evidence,
                       source=v.source, date=v.date, actor=v.actor, recorded_at=v.recorded_at,
                       current=(n == len(c.verdicts) and c.status == v.verdict))
            edge(cid, vid, "resolved_by")
        for link in c.links:
            if link["src"] == c.id and link["dst"] in ids and link["type"] in ("reiterates", "revises"):
                edge(cid, f"claim:{link['dst']}", link["type"], score=link.get("score"))
    for did in used_docs:
        d = docs.get(did)
        oid = org_node(d.company) if d else None
        if oid:
            edge(f"doc:{did}", oid, "about")
    return g


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _doc_label(d: Document | None, did: str) -> str:
    if d is None:
        return did[:12]
    return " ".join(str(x) for x in (d.company, d.period.label if d.period else None, d.date) if x) or did[:12]


# ---------------------------------------------------------------------------- writers
def _scalar(v: Any) -> Any:
    if isinstance(v, bool) or isinstance(v, (int, float, str)):
        return v
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return json.dumps(v, ensure_ascii=False, default=str)


# characters XML 1.0 cannot hold at all (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF), and
# CR, which a parser turns into LF
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with the characters XML cannot carry written as visible `\\xNN` / `\\uNNNN` escapes."""
    return _XML_INVALID.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def _xml_scalar(v: Any) -> Any:
    v = _scalar(v)
    return xml_safe(v) if isinstance(v, str) else v


def scalar_copy(g: nx.MultiDiGraph, xml: bool = False) -> nx.MultiDiGraph:
    """A copy whose attributes are all str/int/float/bool (lists become JSON strings, dates ISO strings).

    An attribute that is None is left out: GraphML has no null, and a missing value reads back as absent.
    With `xml`, every string (ids and keys too) is made XML-safe (`xml_safe`).
    """
    conv = _xml_scalar if xml else _scalar
    ident = xml_safe if xml else (lambda s: s)
    h = nx.MultiDiGraph(**{k: conv(v) for k, v in g.graph.items()})
    for n, d in g.nodes(data=True):
        h.add_node(ident(n), **{ident(k): conv(v) for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        h.add_edge(ident(u), ident(v), key=ident(k) if isinstance(k, str) else k,
                   **{ident(a): conv(x) for a, x in d.items() if x is not None})
    return h


def to_graphml(g: nx.MultiDiGraph, path) -> None:
    nx.write_graphml(scalar_copy(g, xml=True), path, encoding="utf-8", prettyprint=True)


def to_node_link_json(g: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(g, edges="links")
    return json.dumps(data, ensure_ascii=False, indent=1, default=lambda o: o.isoformat() if hasattr(o, "isoformat") else str(o))


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CYPHER_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def cypher_string(s: str) -> str:
    """A single-quoted Cypher string literal; control characters become \\uXXXX."""
    out = []
    for ch in s:
        if ch in _CYPHER_ESCAPES:
            out.append(_CYPHER_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def _cypher_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v) if v == v and v not in (float("inf"), float("-inf")) else "null"
    if isinstance(v, (dt.date, dt.datetime)):
        return cypher_string(v.isoformat())
    if isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
        return "[" + ", ".join(cypher_string(x) for x in v) + "]"
    if isinstance(v, str):
        return cypher_string(v)
    return cypher_string(json.dumps(v, ensure_ascii=False, default=str))


def _cypher_key(k: str) -> str:
    return k if _IDENT.match(k) else "`" + k.replace("`", "``") + "`"


def _cypher_map(d: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{_cypher_key(k)}: {_cypher_value(v)}" for k, v in d.items() if v is not None) + "}"


def to_cypher(g: nx.MultiDiGraph) -> str:
    """A re-runnable Cypher script (MERGE on `id`) for `cypher-shell -f` or Neo4j Browser.

    Node labels are the capitalised node types, relationship types the upper-cased edge types;
    every node keeps its namespaced id in `id` and a uniqueness constraint per label makes MERGE fast.
    """
    lines = ["// claims graph: nodes are MERGEd on id, relationships on (start, type, end); safe to run twice"]
    labels = sorted({CYPHER_LABELS.get(d.get("type", ""), "Node") for _, d in g.nodes(data=True)})
    for label in labels:
        lines.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
    for n, d in g.nodes(data=True):
        label = CYPHER_LABELS.get(d.get("type", ""), "Node")
        props = {k: v for k, v in d.items() if k != "id"}
        lines.append(f"MERGE (n:{label} {{id: {cypher_string(n)}}}) SET n += {_cypher_map(props)};")
    for u, v, k, d in g.edges(keys=True, data=True):
        lu = CYPHER_LABELS.get(g.nodes[u].get("type", ""), "Node")
        lv = CYPHER_LABELS.get(g.nodes[v].get("type", ""), "Node")
        rel = re.sub(r"[^A-Za-z0-9_]", "_", str(d.get("type", k))).upper()
        props = {a: x for a, x in d.items() if a != "type"}
        props["offsets"] = json.dumps(props["offsets"]) if "offsets" in props else None
        lines.append(f"MATCH (a:{lu} {{id: {cypher_string(u)}}}), (b:{lv} {{id: {cypher_string(v)}}}) "
                     f"MERGE (a)-[r:{rel}]->(b) SET r += {_cypher_map(props)};")
    return "\n".join(lines) + "\n"


def graph_summary(g: nx.MultiDiGraph) -> dict[str, Any]:
    nodes: dict[str, int] = {}
    edges: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        nodes[d.get("type", "?")] = nodes.get(d.get("type", "?"), 0) + 1
    for _, _, d in g.edges(data=True):
        edges[d.get("type", "?")] = edges.get(d.get("type", "?"), 0) + 1
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "node_types": nodes, "edge_types": edges}
