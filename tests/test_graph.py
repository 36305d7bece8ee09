"""The claim graph: structure derived from the ledger, and exports that load back."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from tests.graphfixtures import build
from typer.testing import CliRunner

from claims.cli import app
from claims.graph import EDGE_TYPES, NODE_TYPES, build_graph, cypher_string, to_cypher, to_graphml
from claims.ledger import Ledger

runner = CliRunner()


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "l.db"
    ledger = Ledger(path)
    ids = build(ledger)
    return path, ledger, ids


def test_graph_has_one_node_per_claim_with_mentions_merged(built):
    _, ledger, ids = built
    g = build_graph(ledger)
    claim_nodes = [n for n, d in g.nodes(data=True) if d["type"] == "claim"]
    assert len(claim_nodes) == ledger.counts()["claims"] == len(ids)
    # the capex claim has two mentions in one call: one node, one stated_in edge saying 2 mentions
    stated = [d for _, v, d in g.out_edges(f"claim:{ids['capex']}", data=True) if d["type"] == "stated_in"]
    assert len(stated) == 1 and stated[0]["mentions"] == 2


def test_graph_claim_links_to_speaker_horizon_and_topics(built):
    _, ledger, ids = built
    g = build_graph(ledger)
    c = f"claim:{ids['capex']}"
    assert g.nodes[c]["text"] and g.nodes[c]["kind"] == "plan" and g.nodes[c]["status"] in ("open", "due")
    out = {(d["type"], v) for _, v, d in g.out_edges(c, data=True)}
    assert ("due", "horizon:2025-11-25..2028-11-25") in out
    assert {("about", "topic:ai-capex"), ("about", "topic:cloud")} <= out
    made = [u for u, _, d in g.in_edges(c, data=True) if d["type"] == "made"]
    assert len(made) == 1 and g.nodes[made[0]]["type"] == "speaker"
    h = g.nodes["horizon:2025-11-25..2028-11-25"]
    assert str(h["start"]) == "2025-11-25" and str(h["end"]) == "2028-11-25"


def test_graph_merges_speaker_aliases_across_scripts_and_languages(built):
    _, ledger, ids = built
    g = build_graph(ledger)
    speakers_of = {name: next(u for u, _, d in g.in_edges(f"claim:{ids[name]}", data=True) if d["type"] == "made")
                   for name in ("capex", "retail", "en_cloud")}  # 吳泳銘, 吴泳铭, Eddie Wu
    assert len(set(speakers_of.values())) == 1
    assert sum(1 for _, d in g.nodes(data=True) if d["type"] == "speaker") == 3


def test_graph_nodes_and_edges_carry_contract_types(built):
    _, ledger, ids = built
    ledger.verify(ids["retail"], "kept", "spending fell", actor="t")
    g = build_graph(ledger)
    assert {d["type"] for _, d in g.nodes(data=True)} == set(NODE_TYPES)
    edge_types = {d["type"] for _, _, d in g.edges(data=True)}
    assert edge_types <= set(EDGE_TYPES)
    assert {"made", "holds_role_at", "due", "about", "stated_in", "resolved_by", "reiterates", "revises"} <= edge_types


def test_graph_links_later_claims_to_earlier_ones(built):
    _, ledger, ids = built
    g = build_graph(ledger)
    assert g.has_edge(f"claim:{ids['capex_again']}", f"claim:{ids['capex']}", key="reiterates")
    assert g.has_edge(f"claim:{ids['capex_revised']}", f"claim:{ids['capex']}", key="revises")


@pytest.mark.parametrize("option, value, expected", [
    ("speaker", "Eddie Wu", {"capex", "retail", "capex_again", "capex_revised", "en_cloud"}),
    ("speaker", "蒋凡", {"users"}),
    ("topic", "cloud", {"capex", "en_cloud"}),
    ("org", "Alibaba", {"capex", "retail", "users", "capex_again", "capex_revised", "en_cloud"}),
])
def test_graph_filters_keep_only_matching_claims(built, option, value, expected):
    _, ledger, ids = built
    g = build_graph(ledger, **{option: value})
    got = {n.split(":", 1)[1] for n, d in g.nodes(data=True) if d["type"] == "claim"}
    assert got == {ids[k] for k in expected}


def test_graph_graphml_from_cli_loads_back_with_same_counts(built, tmp_path):
    path, ledger, _ = built
    out = tmp_path / "g.graphml"
    r = runner.invoke(app, ["--db", str(path), "graph", "--format", "graphml", "-o", str(out)])
    assert r.exit_code == 0, r.output
    g = build_graph(ledger)
    back = nx.read_graphml(out, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    assert {n: d["type"] for n, d in back.nodes(data=True)} == {n: d["type"] for n, d in g.nodes(data=True)}
    claim = next(d for _, d in back.nodes(data=True) if d["type"] == "claim" and d["kind"] == "plan")
    assert isinstance(claim["confidence"], float) and json.loads(claim["topics"])


def test_graph_json_from_cli_is_node_link(built):
    path, ledger, _ = built
    r = runner.invoke(app, ["--db", str(path), "graph", "--format", "json"])
    assert r.exit_code == 0, r.output
    back = nx.node_link_graph(json.loads(r.stdout), edges="links")
    g = build_graph(ledger)
    assert back.is_multigraph() and back.is_directed()
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())


_LITERAL = re.compile(r"'((?:[^'\\]|\\.)*)'")
_UNESCAPE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "'": "'", '"': '"', "\\": "\\"}


def _unescape(s: str) -> str:
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "u" and len(m.group(1)) == 5 else _UNESCAPE[m.group(1)], s)


@pytest.mark.parametrize("text", ["plain", "it's 'quoted'", "back\\slash", "two\nlines\tand tab", "控\x01制", "混合 'O\\'Neil'"])
def test_graph_cypher_string_round_trips(text):
    lit = cypher_string(text)
    assert lit.startswith("'") and lit.endswith("'") and "\n" not in lit
    assert _LITERAL.fullmatch(lit) and _unescape(lit[1:-1]) == text


def test_graph_cypher_script_has_labels_types_and_escaped_text():
    g = nx.MultiDiGraph()
    g.add_node("speaker:o'neil", type="speaker", label="O'Neil")
    g.add_node("claim:x", type="claim", text="We'll \"double\" it\\n\nnext year", kind="target", status="open",
               topics=["a", "b"], confidence=0.5)
    g.add_edge("speaker:o'neil", "claim:x", key="made", type="made")
    script = to_cypher(g)
    statements = [s for s in script.splitlines() if s and not s.startswith("//")]
    assert all(s.endswith(";") for s in statements)
    assert any(s.startswith("MERGE (n:Speaker {id: 'speaker:o\\'neil'})") for s in statements)
    assert any("-[r:MADE]->" in s for s in statements)
    claim_line = next(s for s in statements if s.startswith("MERGE (n:Claim"))
    texts = [_unescape(m) for m in _LITERAL.findall(claim_line)]
    assert "We'll \"double\" it\\n\nnext year" in texts and "topics: ['a', 'b']" in claim_line


def test_graph_graphml_stringifies_lists_dates_and_drops_none(tmp_path):
    import datetime as dt

    g = nx.MultiDiGraph()
    g.add_node("claim:x", type="claim", topics=["a"], deadline=dt.date(2026, 1, 1), speaker=None)
    to_graphml(g, tmp_path / "x.graphml")
    back = nx.read_graphml(tmp_path / "x.graphml")
    assert back.nodes["claim:x"] == {"type": "claim", "topics": '["a"]', "deadline": "2026-01-01"}


def test_graph_cli_rejects_output_in_missing_folder(built, tmp_path):
    path, _, _ = built
    r = runner.invoke(app, ["--db", str(path), "graph", "-o", str(tmp_path / "nope" / "g.graphml")])
    assert r.exit_code == 1 and "Error:" in r.stderr


def test_graph_of_seed_has_one_node_per_claim_and_round_trips(seed_dir, tmp_path):
    db = tmp_path / "seed.db"
    r = runner.invoke(app, ["--db", str(db), "ingest", str(seed_dir / "text.txt")])
    assert r.exit_code == 0, r.output
    ledger = Ledger(db)
    g = build_graph(ledger)
    claims = ledger.list_claims()
    assert sum(1 for _, d in g.nodes(data=True) if d["type"] == "claim") == len(claims)
    for c in claims:
        out = {d["type"] for _, _, d in g.out_edges(f"claim:{c.id}", data=True)}
        assert "stated_in" in out
        assert ("due" in out) == bool(c.horizon and c.horizon.end)
        assert ("about" in out) == bool(c.topics)
    out = tmp_path / "seed.graphml"
    assert runner.invoke(app, ["--db", str(db), "graph", "-o", str(out)]).exit_code == 0
    back = nx.read_graphml(out, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())


def test_graph_speaker_without_org_holds_role_at_the_calls_company(tmp_path):
    from tests.claimfactory import doc, extraction, mention

    ledger = Ledger(tmp_path / "l.db")
    ledger.ingest(extraction(doc("n1", company="Northwind Cloud"), mention("n1", "We will hire 500 engineers next year", end="2026-12-31")))
    g = build_graph(ledger)
    assert g.has_edge("speaker:adalin", "org:northwindcloud", key="holds_role_at")
