"""Numbers with their magnitude and unit: 3800億元 → 3.8e11 CNY, 萬億成交 → 1e12, 75%, 一半.

Forecasts are checked against numbers, so each quantity gets a value and a unit. The finder runs
one regular expression over the simplified text of the whole document (cheap), and skips numbers
that are parts of dates (2026財年, 11月25日: those are time expressions).
"""
from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..constants import EXT_QUANTITY, QUANTITIES
from ..helpers.zh_numbers import number_tables, zh_number
from ..helpers.zh_text import norm_text


def find_quantities(nt: str) -> list[dict[str, Any]]:
    """Quantities in simplified text: text offsets, value, unit and an entity label."""
    t = number_tables()
    out = []
    for m in t["re"].finditer(nt):
        s, e = m.span()
        after = nt[e:e + 4]
        rng = t["range_re"].match(nt, e) if not m.group("unit") else None
        if rng:  # "13萬至14萬輛": the unit comes after the range's second figure
            after = nt[rng.end():rng.end() + 4]
            tail = re.match("|".join(re.escape(u) for u in sorted(t["units"], key=len, reverse=True)), after)
            if tail:
                unit_after = t["units"][tail.group(0)]
                after = ""
            else:
                unit_after = None
        else:
            unit_after = None
        if m.group("half"):
            out.append({"start": s, "end": e, "value": 0.5, "unit": "fraction", "label": "PERCENT"})
            continue
        if m.group("d2") or m.group("d3"):
            out.append({"start": s, "end": e, "value": 10.0 if m.group("d2") else 100.0, "unit": "%-digits",
                        "label": "PERCENT"})
            continue
        if m.group("pct"):
            v = zh_number(m.group("pnum"))
            out.append({"start": s, "end": e, "value": v, "unit": "%", "label": "PERCENT"})
            continue
        if m.group("bare"):
            before = nt[max(0, s - 2):s]
            if not (any(before.endswith(a) for a in t["approx"]) or after.startswith(t["gmv"] + ("元",))):
                continue
            value = float(t["mags"][m.group("bare")])
            mag_only = True
        else:
            num = m.group("num")
            if not re.search(r"\d", num) and not (m.group("mag") or m.group("unit")):
                continue  # 一 / 三 on their own are words, not quantities
            if not m.group("unit") and after.startswith(t["time"]) and not m.group("mag"):
                continue  # part of a date or a duration
            v = zh_number(num)
            if v is None:
                continue
            value = v * (t["mags"][m.group("mag")] if m.group("mag") else 1)
            mag_only = False
        unit = t["units"].get(m.group("unit") or "") if not m.groupdict().get("bare") else None
        unit = unit or unit_after
        if unit in (None, "CNY"):  # "港幣50億": the currency may come first
            before = nt[max(0, s - 3):s].rstrip()
            pre = [u for f, u in t["units"].items() if u in ("CNY", "USD", "HKD") and len(f) > 1 and before.endswith(f)]
            unit = pre[0] if pre else unit
        label = "CARDINAL"
        if unit in ("CNY", "USD", "HKD"):
            label = "MONEY"
        elif unit == "PERCENT":
            unit, label = "%", "PERCENT"
        elif unit == "TIMES":
            unit = "x"
        elif unit == "TENTHS":
            if re.search(r"\d", m.group("num") or "") or value > 10:
                continue  # "5成" is rare; "成" after Arabic digits is usually 成交 / 成本
            value, unit, label = value * 10, "%", "PERCENT"
        elif (m.group("mag") or mag_only) and not after.startswith(t["count"]):
            unit, label = ("GMV (CNY)" if after.startswith(t["gmv"]) else "CNY"), "MONEY"
        if unit == "%" and m.group("unit") in ("个百分点", "百分点"):
            unit = "pp"
        out.append({"start": s, "end": e, "value": value, "unit": unit, "label": label})
    return out


@Language.factory(
    "zh_quantities",
    assigns=["doc.spans", "span._.quantity"],
    default_config={},
)
def make_zh_quantities(nlp: Language, name: str):
    return ZhQuantities()


class ZhQuantities:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for q in find_quantities(norm_text(doc)):
            sp = doc.char_span(q["start"], q["end"], label=q["label"], alignment_mode="expand")
            if sp is None:
                continue
            sp._.set(EXT_QUANTITY, {"value": q["value"], "unit": q["unit"],
                                     "start": q["start"], "end": q["end"]})
            spans.append(sp)
        doc.spans[QUANTITIES] = spans
        return doc
