"""A static HTML report: claims on a deadline timeline, per-speaker scorecards, the claim graph.

Everything is written into one folder — `index.html`, inline CSS, SVG pictures drawn with
matplotlib, and `report.json` (the same claims and scorecards for scripts) — and nothing refers to the network, so the report opens from a file
system, an e-mail attachment or an air-gapped machine exactly as it was written. Evidence URLs
are printed as text, not links, for the same reason.

The pictures keep their text as SVG text (`svg.fonttype: none`), so the browser draws every label,
Chinese included, with the fonts of the machine that opens the report, whatever the server had.
matplotlib only lays the text out; it uses an installed CJK font for that when there is one
(`cjk_font`), never a fallback font that draws every character as a box (matplotlib's bundled
"Last Resort").
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from claims.core.errors import BadInput
from claims.core.safefile import new_file, write_text
from .graph import SpeakerIndex, build_graph
from .review import Scorecard, scorecards
from claims.ledger import Ledger

STATUS_COLOURS = {"open": "#1f77b4", "due": "#ff7f0e", "kept": "#2ca02c", "broken": "#d62728",
                  "partial": "#bcbd22", "unverifiable": "#7f7f7f", "withdrawn": "#9467bd"}
NODE_COLOURS = {"speaker": "#17becf", "topic": "#e377c2", "organization": "#8c564b"}
MAX_TIMELINE_ROWS = 40  # people with most dated claims; the table below the picture lists every claim
PROBE = "中銘"  # one simplified and one traditional character a usable font must have
UNASSIGNED = 0x0378  # no character: a font with a glyph for it draws boxes for everything


@dataclass
class ReportResult:
    index: Path
    images: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Family name of an installed font with Chinese glyphs (both scripts), or None."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    def covers(path: str) -> bool:
        """Real glyphs for both probe characters: present, distinct, and not a last-resort font,
        which maps every code point of a block (even unassigned ones) to one placeholder box."""
        try:
            font = FT2Font(path)
            glyphs = [font.get_char_index(ord(ch)) for ch in PROBE]
            if "last resort" in (font.family_name or "").lower():
                return False
            return all(glyphs) and len(set(glyphs)) == len(glyphs) and not font.get_char_index(UNASSIGNED)
        except (OSError, RuntimeError, ValueError):
            return False

    entries = sorted(font_manager.fontManager.ttflist, key=lambda f: ("CJK" not in f.name, f.name))
    for entry in entries:
        if covers(entry.fname):
            return entry.name
    # fonts installed after matplotlib built its cache: ask fontconfig
    import shutil
    import subprocess

    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            path = line.split(":")[0].strip()
            if path and covers(path):
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
    return None


class Labeller:
    """Picture labels: the text itself when it is drawn as text (SVG) or the font can draw it, else
    a short code with a key (for raster pictures without a CJK font)."""

    def __init__(self, font: str | None, keep_text: bool = False):
        self.font = font
        self.keep_text = keep_text
        self.codes: dict[str, str] = {}

    def __call__(self, text: str, prefix: str = "L") -> str:
        if self.keep_text or self.font or text.isascii():
            return text
        if text not in self.codes:
            self.codes[text] = f"{prefix}{len(self.codes) + 1}"
        return self.codes[text]


def _pyplot(font: str | None):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [font, "DejaVu Sans", "sans-serif"] if font else ["DejaVu Sans", "sans-serif"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: the browser picks the fonts
    plt.rcParams["svg.hashsalt"] = "claims-report"  # stable ids: the same ledger writes the same files
    return plt


def _quiet(draw):
    """In SVG, labels the layout font lacks (Chinese without a CJK font) are still written as text,
    so matplotlib's missing-glyph warnings say nothing about what the reader sees."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            return draw(*args, **kwargs)

    return wrapper


def _save(fig, path: Path) -> None:
    """Save a picture through a file this report creates (never through a planted symlink); the
    format follows the name's suffix."""
    with new_file(path) as tmp:
        fig.savefig(tmp, format=Path(path).suffix.lstrip(".") or "png", facecolor="white")


# ---------------------------------------------------------------------------- pictures
@_quiet
def draw_timeline(claims: list, as_of: dt.date, path: Path, lab: Labeller, speakers: SpeakerIndex | None = None) -> bool:
    """Claims by deadline (x) and person (y, aliases merged), coloured by status. False when no claim has a deadline."""
    dated = [c for c in claims if c.horizon and c.horizon.end]
    if not dated:
        return False
    plt = _pyplot(lab.font)

    def who(c) -> str:
        name = c.speaker.name if c.speaker else "?"
        return lab((speakers.display(name) if speakers and c.speaker else None) or name, "S")

    counts: dict[str, int] = {}
    for c in dated:
        counts[who(c)] = counts.get(who(c), 0) + 1
    top = set(sorted(counts, key=lambda p: -counts[p])[:MAX_TIMELINE_ROWS])
    dated = [c for c in dated if who(c) in top]
    people = list(dict.fromkeys(who(c) for c in sorted(dated, key=lambda c: c.horizon.end)))
    fig, ax = plt.subplots(figsize=(10, max(2.5, 0.6 * len(people) + 1.5)), dpi=100)
    for status, colour in STATUS_COLOURS.items():
        xs = [c.horizon.end for c in dated if c.status == status]
        ys = [people.index(who(c)) for c in dated if c.status == status]
        if xs:
            ax.scatter(xs, ys, s=60, c=colour, label=status, edgecolors="black", linewidths=0.5, zorder=3)
    ax.axvline(as_of, color="black", linestyle="--", linewidth=1)
    ax.annotate(f"as of {as_of}", (as_of, len(people) - 0.5), fontsize=8, ha="left")
    ax.set_yticks(range(len(people)), people)
    ax.set_ylim(-0.8, len(people) - 0.2)
    ax.set_xlabel("deadline")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, title="status")
    fig.autofmt_xdate()
    fig.tight_layout()
    _save(fig, path)
    plt.close(fig)
    return True


@_quiet
def draw_calibration(card: Scorecard, path: Path, lab: Labeller) -> None:
    plt = _pyplot(lab.font)
    fig, ax = plt.subplots(figsize=(3.6, 3.6), dpi=100)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect")
    pts = [b for b in card.calibration if b.count]
    if pts:
        ax.scatter([b.mean_confidence for b in pts], [b.hit_rate for b in pts], s=[40 + 30 * b.count for b in pts],
                   c="#1f77b4", edgecolors="black", zorder=3, label="bands")
        for b in pts:
            ax.annotate(str(b.count), (b.mean_confidence, b.hit_rate), fontsize=7, ha="center", va="center", color="white")
    else:
        ax.text(0.5, 0.5, "no scored claims yet", ha="center", va="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("confidence")
    ax.set_ylabel("hit rate")
    ax.set_title(lab(card.speaker, "S"), fontsize=10)
    fig.tight_layout()
    _save(fig, path)
    plt.close(fig)


def _layout(sub) -> dict:
    """Spring layout for small graphs; for large ones three columns (speakers | claims | topics),
    claims grouped by speaker and speakers and topics placed beside their claims, which stays readable
    where a force layout turns into a hairball."""
    import networkx as nx

    claims = [n for n, d in sub.nodes(data=True) if d["type"] == "claim"]
    if len(claims) <= 40:
        return nx.spring_layout(sub, seed=7, k=1.5 / max(1, sub.number_of_nodes()) ** 0.5)
    owner = {}
    for u, v, d in sub.edges(data=True):
        if d.get("type") == "made":
            owner[v] = u
    claims.sort(key=lambda c: (owner.get(c, "~"), str(sub.nodes[c].get("deadline") or "~"), c))
    pos = {c: (0.0, 1 - i / max(1, len(claims) - 1)) for i, c in enumerate(claims)}

    def beside(node: str, x: float) -> tuple[float, float]:
        ys = [pos[c][1] for c in nx.all_neighbors(sub, node) if c in pos]
        return (x, sum(ys) / len(ys) if ys else 0.5)

    for t in ("speaker", "topic"):
        nodes = [n for n, d in sub.nodes(data=True) if d["type"] == t]
        placed = sorted(((beside(n, -1.0 if t == "speaker" else 1.0), n) for n in nodes), key=lambda p: -p[0][1])
        for i, (xy, n) in enumerate(placed):  # spread evenly, keeping the order
            pos[n] = (xy[0], 1 - i / max(1, len(placed) - 1) if len(placed) > 1 else xy[1])
    return pos


@_quiet
def draw_graph(g, path: Path, lab: Labeller) -> None:
    """Speakers, claims and topics with made / about / reiterates / revises edges."""
    import networkx as nx

    keep = [n for n, d in g.nodes(data=True) if d.get("type") in ("speaker", "claim", "topic")]
    sub = nx.DiGraph()
    for n in keep:
        sub.add_node(n, **g.nodes[n])
    for u, v, d in g.edges(data=True):
        if u in sub and v in sub:
            sub.add_edge(u, v, type=d.get("type"))
    plt = _pyplot(lab.font)
    n = max(1, sub.number_of_nodes())
    side = min(16, 6 + n ** 0.5)
    fig, ax = plt.subplots(figsize=(side, side * 0.75), dpi=100)
    if sub.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no claims", ha="center", va="center")
    else:
        pos = _layout(sub)
        colours, sizes = [], []
        for node, d in sub.nodes(data=True):
            if d["type"] == "claim":
                colours.append(STATUS_COLOURS.get(d.get("status"), "#cccccc"))
                sizes.append(120)
            else:
                colours.append(NODE_COLOURS[d["type"]])
                sizes.append(700 if d["type"] == "speaker" else 400)
        nx.draw_networkx_nodes(sub, pos, ax=ax, node_color=colours, node_size=sizes, edgecolors="black", linewidths=0.5)
        styles = {"made": ("#999999", "solid"), "about": ("#e377c2", "dotted"),
                  "reiterates": ("#2ca02c", "solid"), "revises": ("#d62728", "solid")}
        for etype, (colour, style) in styles.items():
            edges = [(u, v) for u, v, d in sub.edges(data=True) if d["type"] == etype]
            if edges:
                nx.draw_networkx_edges(sub, pos, edgelist=edges, ax=ax, edge_color=colour, style=style, arrows=True,
                                       arrowsize=8, width=2 if etype in ("reiterates", "revises") else 0.8)
        labels = {node: lab(d.get("label", node), "S" if d["type"] == "speaker" else "T")
                  for node, d in sub.nodes(data=True) if d["type"] != "claim"}
        if sum(1 for _, d in sub.nodes(data=True) if d["type"] == "claim") <= 40:
            labels.update({node: node.split(":", 1)[1][:6] for node, d in sub.nodes(data=True) if d["type"] == "claim"})
        nx.draw_networkx_labels(sub, pos, labels=labels, ax=ax, font_size=8,
                                font_family=list(plt.rcParams["font.family"]))
    ax.set_axis_off()
    fig.tight_layout()
    _save(fig, path)
    plt.close(fig)


# ---------------------------------------------------------------------------- HTML
CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans CJK TC",sans-serif;margin:2em;color:#222;background:#fff}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right}
.status{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;font-size:.85em}
.card{display:flex;gap:1.5em;align-items:flex-start;flex-wrap:wrap}
img{max-width:100%;border:1px solid #eee}.note{color:#666;font-size:.85em}code{font-size:.85em}
"""


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def _status(s: str) -> str:
    return f'<span class="status" style="background:{STATUS_COLOURS.get(s, "#999")}">{_e(s)}</span>'


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def _table(head: list[str], rows: list[list[str]]) -> str:
    out = ["<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows]
    return "".join(out) + "</table>"


def build_report(ledger: "Ledger", out_dir: str | Path, as_of: dt.date | None = None) -> ReportResult:
    """Write `index.html` and its pictures into `out_dir` (created if missing)."""
    out = Path(out_dir)
    if out.is_symlink() and not out.exists():
        raise BadInput(f"cannot write the report into {out}: it is a symbolic link to nothing")
    if out.exists() and not out.is_dir():
        raise BadInput(f"cannot write the report into {out}: it is a file")
    if not out.parent.exists():
        raise BadInput(f"cannot write the report into {out}: folder {out.parent} does not exist")
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot write the report into {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise BadInput(f"cannot write the report into {out}: permission denied")
    as_of = as_of or dt.date.today()
    claims = ledger.list_claims(as_of=as_of)
    cards = scorecards(ledger, as_of=as_of)
    font = cjk_font()
    lab = Labeller(font, keep_text=True)  # SVG text: the browser draws Chinese names with its own fonts
    res = ReportResult(index=out / "index.html")

    parts = [f"<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>Claims report {as_of}</title>"
             f"<style>{CSS}</style></head><body>",
             f"<h1>Claims report</h1><p>As of <b>{as_of}</b>: {len(claims)} claims from {len(ledger.documents())} documents; "
             + ", ".join(f"{sum(1 for c in claims if c.status == s)} {s}" for s in STATUS_COLOURS) + ".</p>"]

    parts.append("<h2>Timeline of deadlines</h2>")
    if draw_timeline(claims, as_of, out / "timeline.svg", lab, SpeakerIndex.from_ledger(ledger)):
        res.images.append(out / "timeline.svg")
        parts.append('<img src="timeline.svg" alt="claims by deadline, coloured by status">')
    id_short = {c.id: c.id[:10] for c in claims}
    rows = []
    for c in claims:
        links = "; ".join(f"{_e(l['type'])} <code>{_e(id_short.get(l['dst'], l['dst'][:10]))}</code>" for l in c.links
                          if l["src"] == c.id)
        revised_by = "; ".join(f"revised by <code>{_e(l['src'][:10])}</code>" for l in c.links
                               if l["dst"] == c.id and l["type"] == "revises")
        rows.append([_e(c.horizon.end if c.horizon and c.horizon.end else "no deadline"), _status(c.status),
                     _e(c.speaker.name if c.speaker else ""), _e(c.text), f"<code>{_e(c.id[:10])}</code>",
                     "; ".join(x for x in (links, revised_by) if x)])
    parts.append(_table(["deadline", "status", "speaker", "claim", "id", "links"], rows))

    parts.append("<h2>Scorecards</h2><p class=\"note\">Hit rate: kept = 1, partial = ½, broken = 0 "
                 "(unverifiable and withdrawn are not scored). Brier: mean (confidence − outcome)², lower is better.</p>")
    for i, card in enumerate(cards, 1):
        img = f"calibration-{i}.svg"
        picture = '<p class="note">No scored verdicts yet: no calibration plot.</p>'
        if card.scored:  # an empty plot per unverified speaker would only cost time
            draw_calibration(card, out / img, lab)
            res.images.append(out / img)
            picture = f"<img src=\"{img}\" alt=\"calibration of {_e(card.speaker)}\" width=\"360\">"
        summary = _table(["claims", "open", "due", "resolved", *card.verdicts, "hit rate", "Brier"],
                         [[str(card.claims), str(card.open), str(card.due), str(card.resolved),
                           *[str(n) for n in card.verdicts.values()], _pct(card.hit_rate),
                           "–" if card.brier is None else f"{card.brier:.3f}"]])
        bands = _table(["confidence", "claims", "mean confidence", "hit rate"],
                       [[b.band, str(b.count), "–" if b.mean_confidence is None else f"{b.mean_confidence:.2f}",
                         _pct(b.hit_rate)] for b in card.calibration])
        also = f" <span class=\"note\">({_e(', '.join(card.names))})</span>" if len(card.names) > 1 else ""
        parts.append(f"<h3>{_e(card.speaker)}{also}</h3><div class=\"card\"><div>{summary}{bands}</div>{picture}</div>")

    parts.append("<h2>Speakers, claims and topics</h2>")
    draw_graph(build_graph(ledger, as_of=as_of), out / "graph.svg", lab)
    res.images.append(out / "graph.svg")
    parts.append('<img src="graph.svg" alt="speaker–claim–topic graph"><p class="note">Large nodes: speakers '
                 '(cyan) and topics (pink); small nodes: claims, coloured by status and labelled by id. Green '
                 'arrows: reiterates; red: revises.</p>')

    verdicts = [(c, v) for c in claims for v in c.verdicts]
    if verdicts:
        parts.append("<h2>Verdicts</h2>")
        parts.append(_table(["claim", "verdict", "evidence", "source", "date", "by", "recorded"],
                            [[f"<code>{_e(c.id[:10])}</code>", _status(v.verdict), _e(v.evidence), _e(v.source),
                              _e(v.date), _e(v.actor), _e(v.recorded_at.isoformat(timespec="seconds") if v.recorded_at else "")]
                             for c, v in verdicts]))
    if lab.codes:
        parts.append("<h2>Key to picture labels</h2>" + _table(["code", "name"], [[_e(v), _e(k)] for k, v in lab.codes.items()]))
    for note in res.notes:
        parts.append(f"<p class=\"note\">{_e(note)}</p>")
    parts.append(f"<p class=\"note\">Generated {dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')} "
                 "by claims report. No external resources.</p></body></html>")
    twin = {"as_of": as_of.isoformat(), "claims": [c.model_dump(mode="json", exclude={"mentions"}) for c in claims],
            "scorecards": [c.model_dump(mode="json") for c in cards], "notes": res.notes}
    # every file goes through a new temporary file renamed into place: a symlink planted in the
    # folder is replaced, never written through, and a failure leaves no half-written file
    write_text(out / "report.json", json.dumps(twin, ensure_ascii=False, indent=1))
    write_text(res.index, "\n".join(parts))
    return res
