"""Charts as SVG with their text kept as text, so the browser draws every label (Chinese included)
with whatever fonts it has; nothing here measures glyphs or needs a font on the server.

Each function takes plain data and returns an SVG string; every piece of user text goes through
`escape`, so a hostile name or claim is shown, never run.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable

from markupsafe import Markup, escape

STATUS_COLOURS = {"open": "#1f77b4", "due": "#ff7f0e", "kept": "#2ca02c", "broken": "#d62728",
                  "partial": "#bcbd22", "unverifiable": "#7f7f7f", "withdrawn": "#9467bd"}
FONT = 'font-family="system-ui, \'Noto Sans CJK SC\', \'Noto Sans CJK TC\', sans-serif"'
MAX_GRAPH_CLAIMS = 100


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _svg(width: int, height: int, body: Iterable[str], label: str) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
                  f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" {FONT} font-size="12">'
                  + "".join(body) + "</svg>")


def timeline(claims: list, as_of: dt.date, href=lambda c: "#", width: int = 860) -> Markup:
    """Claims by deadline (x), one row per status, with the as-of line; claims without a deadline are left out."""
    dated = [c for c in claims if c.horizon and c.horizon.end]
    statuses = [s for s in STATUS_COLOURS if any(c.status == s for c in dated)] or ["open"]
    row_h, left, right, top = 28, 110, 20, 26
    height = top + row_h * len(statuses) + 40
    body = []
    if not dated:
        body.append(f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle">no deadlines · 没有期限</text>')
        return _svg(width, height, body, "timeline")
    lo = min(min(c.horizon.end for c in dated), as_of)
    hi = max(max(c.horizon.end for c in dated), as_of)
    lo, hi = dt.date(lo.year, 1, 1), dt.date(hi.year + 1, 1, 1)
    span = (hi - lo).days or 1

    def x(d: dt.date) -> float:
        return left + (width - left - right) * (d - lo).days / span

    for year in range(lo.year, hi.year + 1):
        xx = x(dt.date(year, 1, 1))
        body.append(f'<line x1="{xx:.1f}" y1="{top - 6}" x2="{xx:.1f}" y2="{height - 30}" stroke="#ddd"/>'
                    f'<text x="{xx:.1f}" y="{height - 14}" text-anchor="middle" fill="#555">{year}</text>')
    for i, s in enumerate(statuses):
        y = top + row_h * i + row_h / 2
        body.append(f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end">{escape(s)}</text>'
                    f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#f0f0f0"/>')
    ax = x(as_of)
    body.append(f'<line x1="{ax:.1f}" y1="{top - 12}" x2="{ax:.1f}" y2="{height - 30}" stroke="#000" stroke-dasharray="4 3"/>'
                f'<text x="{ax + 4:.1f}" y="{top - 14}" font-size="11">as of 截至 {as_of}</text>')
    jitter: dict[tuple[int, int], int] = defaultdict(int)
    for c in sorted(dated, key=lambda c: c.horizon.end):
        i = statuses.index(c.status) if c.status in statuses else 0
        xx = x(c.horizon.end)
        k = jitter[(i, round(xx / 6))]
        jitter[(i, round(xx / 6))] += 1
        y = top + row_h * i + row_h / 2 + ((k % 3) - 1) * 6
        body.append(f'<a href="{escape(href(c))}"><circle cx="{xx:.1f}" cy="{y:.1f}" r="5" fill="{STATUS_COLOURS.get(c.status, "#999")}" '
                    f'stroke="#222" stroke-width="0.5"><title>{escape(str(c.horizon.end))} · {escape(c.status)} · '
                    f'{escape(_short(c.text, 120))}</title></circle></a>')
    return _svg(width, height, body, "claims by deadline")


def calibration(bands: list, size: int = 280) -> Markup:
    """Hit rate (y) against mean confidence (x) per confidence band; circle area grows with the count."""
    pad = 44
    inner = size - pad - 14

    def px(v: float) -> float:
        return pad + inner * v

    def py(v: float) -> float:
        return 14 + inner * (1 - v)

    body = [f'<rect x="{pad}" y="14" width="{inner}" height="{inner}" fill="none" stroke="#bbb"/>',
            f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(1)}" y2="{py(1)}" stroke="#999" stroke-dasharray="4 3"/>']
    for v in (0, 0.5, 1):
        body.append(f'<text x="{px(v):.1f}" y="{size - 20}" text-anchor="middle" font-size="10">{v:g}</text>'
                    f'<text x="{pad - 6}" y="{py(v) + 4:.1f}" text-anchor="end" font-size="10">{v:g}</text>')
    body.append(f'<text x="{pad + inner / 2:.1f}" y="{size - 4}" text-anchor="middle">confidence 置信度</text>'
                f'<text x="12" y="{14 + inner / 2:.1f}" text-anchor="middle" transform="rotate(-90 12 {14 + inner / 2:.1f})">'
                f'hit rate 兑现率</text>')
    pts = [b for b in bands if b.count and b.mean_confidence is not None and b.hit_rate is not None]
    for b in pts:
        r = 5 + 3 * min(b.count, 12) ** 0.5
        body.append(f'<circle cx="{px(b.mean_confidence):.1f}" cy="{py(b.hit_rate):.1f}" r="{r:.1f}" fill="#1f77b4" '
                    f'fill-opacity="0.8" stroke="#123"><title>{escape(b.band)}: {b.count} claims, hit rate '
                    f'{100 * b.hit_rate:.0f}%</title></circle>'
                    f'<text x="{px(b.mean_confidence):.1f}" y="{py(b.hit_rate) + 4:.1f}" text-anchor="middle" '
                    f'fill="#fff" font-size="10">{b.count}</text>')
    if not pts:
        body.append(f'<text x="{pad + inner / 2:.1f}" y="{14 + inner / 2:.1f}" text-anchor="middle" fill="#666">'
                    'no scored verdicts yet · 暂无评分</text>')
    return _svg(size, size, body, "calibration")


def _quarter(d: dt.date | None) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}" if d else "no deadline"


def ego_graph(centre: list[str], claims: list, href_claim, href_topic, *, centre_href=None,
              width: int = 1100) -> Markup:
    """A layered picture of one person's or one company's claims: centre | claims (by deadline) |
    deadline quarters | topics, with reiterates/revises arcs between claims. Readable at 100 claims
    because every claim has its own row and the other columns are shared, not a force layout."""
    claims = sorted(claims, key=lambda c: (c.horizon.end if c.horizon and c.horizon.end else dt.date.max, c.id))
    row, top = 22, 34
    n = max(1, len(claims))
    height = top + row * n + 20
    xc, xk, xh, xt = 20, 250, 700, 900
    ypos = {c.id: top + row * i + row / 2 for i, c in enumerate(claims)}
    quarters: dict[str, list[float]] = defaultdict(list)
    topics: dict[str, list[float]] = defaultdict(list)
    for c in claims:
        quarters[_quarter(c.horizon.end if c.horizon else None)].append(ypos[c.id])
        for t in dict.fromkeys(c.topics):
            topics[t].append(ypos[c.id])

    def spread(groups: dict[str, list[float]]) -> dict[str, float]:
        names = sorted(groups, key=lambda k: sum(groups[k]) / len(groups[k]))
        if not names:
            return {}
        step = min(row * 2.0, (height - top - 20) / max(1, len(names)))
        ideal = [sum(groups[k]) / len(groups[k]) for k in names]
        out, last = {}, top - step
        for k, y in zip(names, ideal):
            last = max(y, last + step)
            out[k] = last
        shift = max(0.0, last - (height - 20))  # keep the column on the canvas
        return {k: y - shift for k, y in out.items()}

    qy, ty = spread(quarters), spread(topics)
    cy = top + row * n / 2
    body = [f'<text x="{xc}" y="18" font-weight="bold" fill="#555">person / company 人物 / 公司</text>'
            f'<text x="{xk}" y="18" font-weight="bold" fill="#555">claims 表态 ({len(claims)})</text>'
            f'<text x="{xh}" y="18" font-weight="bold" fill="#555">deadline 期限</text>'
            f'<text x="{xt}" y="18" font-weight="bold" fill="#555">topic 主题</text>']
    edges = []
    for c in claims:
        y = ypos[c.id]
        edges.append(f'<path d="M{xc + 170},{cy:.1f} C{xk - 60},{cy:.1f} {xk - 60},{y:.1f} {xk - 8},{y:.1f}" '
                     'fill="none" stroke="#ccc" stroke-width="0.7"/>')
        q = _quarter(c.horizon.end if c.horizon else None)
        edges.append(f'<line x1="{xh - 150}" y1="{y:.1f}" x2="{xh - 8}" y2="{qy[q]:.1f}" stroke="#9ecae1" stroke-width="0.8"/>')
        for t in dict.fromkeys(c.topics):
            edges.append(f'<line x1="{xh + 90}" y1="{qy[q]:.1f}" x2="{xt - 8}" y2="{ty[t]:.1f}" stroke="#f4b6d8" '
                         'stroke-width="0.6" stroke-dasharray="3 2"/>')
        for link in c.links:
            if link.get("src") == c.id and link.get("dst") in ypos and link.get("type") in ("reiterates", "revises"):
                y2 = ypos[link["dst"]]
                colour = "#2ca02c" if link["type"] == "reiterates" else "#d62728"
                bend = xk - 30 - min(120, abs(y2 - y) / 4)
                edges.append(f'<path d="M{xk - 8},{y:.1f} C{bend:.1f},{y:.1f} {bend:.1f},{y2:.1f} {xk - 8},{y2:.1f}" '
                             f'fill="none" stroke="{colour}" stroke-width="1.6"><title>{escape(link["type"])}</title></path>')
    body += edges
    centre_label = " = ".join(centre[:3]) or "?"
    box = f'<rect x="{xc}" y="{cy - 16:.1f}" width="170" height="32" rx="6" fill="#17becf"/>' \
          f'<text x="{xc + 85}" y="{cy + 4:.1f}" text-anchor="middle" fill="#fff" font-weight="bold">{escape(_short(centre_label, 22))}</text>'
    body.append(f'<a href="{escape(centre_href)}">{box}</a>' if centre_href else box)
    for c in claims:
        y = ypos[c.id]
        colour = STATUS_COLOURS.get(c.status, "#999")
        body.append(f'<a href="{escape(href_claim(c))}"><circle cx="{xk}" cy="{y:.1f}" r="6" fill="{colour}" stroke="#222" '
                    f'stroke-width="0.5"/><text x="{xk + 12}" y="{y + 4:.1f}">{escape(_short(c.text, 34))}'
                    f'<title>{escape(c.text)} ({escape(c.status)})</title></text></a>')
    for q, y in qy.items():
        body.append(f'<rect x="{xh - 8}" y="{y - 10:.1f}" width="98" height="20" rx="4" fill="#deebf7"/>'
                    f'<text x="{xh + 41}" y="{y + 4:.1f}" text-anchor="middle">{escape(q)}</text>')
    for t, y in ty.items():
        body.append(f'<a href="{escape(href_topic(t))}"><rect x="{xt - 8}" y="{y - 10:.1f}" width="180" height="20" rx="4" '
                    f'fill="#fde0ef"/><text x="{xt}" y="{y + 4:.1f}">{escape(_short(t, 24))}</text></a>')
    return _svg(width, int(height), body, "claim graph")
