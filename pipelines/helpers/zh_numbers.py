"""Chinese and Arabic numerals and the quantity tables of `data/zh/numbers.yaml`."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .zh_text import lexicon


def alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@lru_cache(maxsize=1)
def number_tables() -> dict[str, Any]:
    lex = lexicon("numbers.yaml")
    digits = {f: int(k[1:]) for k, forms in lex.items() if re.fullmatch(r"D\d", k) for f in forms}
    mags = {f: 10 ** int(k[1:]) for k, forms in lex.items() if re.fullmatch(r"M\d+", k) for f in forms}
    units = {f: k[len("UNIT_"):] for k, forms in lex.items() if k.startswith("UNIT_") for f in forms}
    zh_num = f"[{''.join(digits)}{''.join(m for m in mags if len(m) == 1 and mags[m] < 10 ** 4)}]+"
    big = alternation([m for m in mags if mags[m] >= 10 ** 4])
    unit = alternation(units)
    ar = r"\d+(?:,\d{3})*(?:\.\d+)?"
    pattern = (
        rf"(?P<half>{alternation(lex['HALF'])})|(?P<d2>{alternation(lex['DIGITS_2'])})|(?P<d3>{alternation(lex['DIGITS_3'])})"
        rf"|(?P<pct>百分之(?P<pnum>{ar}|{zh_num}(?:点{zh_num})?))"
        rf"|(?P<num>{ar}|{zh_num}(?:点{zh_num})?)(?P<mag>{big})?(?P<unit>{unit})?"
        rf"|(?P<bare>{big})"
    )
    return {
        "range_re": re.compile(rf"(?:至|到|-|~|—|～)\s*(?:{ar}|{zh_num})(?:{big})?"),
        "re": re.compile(pattern), "digits": digits, "mags": mags, "units": units,
        "gmv": tuple(lex["GMV_NOUN"]), "count": tuple(lex["COUNT_NOUN"]), "time": tuple(lex["TIME_NOUN"]),
        "approx": tuple(lex["APPROX_BEFORE"]),
    }


def zh_number(s: str) -> float | None:
    """'3800' / '3,800' / '三千八百' / '十二' / '1.5' / '二点五' -> float."""
    t = number_tables()
    s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        pass
    if "点" in s:
        whole, frac = s.split("点", 1)
        w = zh_number(whole) if whole else 0.0
        f = "".join(str(t["digits"].get(ch, "")) for ch in frac)
        return None if w is None or not f else float(f"{int(w)}.{f}")
    total, cur = 0, 0
    for ch in s:
        if ch in t["digits"]:
            cur = t["digits"][ch] if cur == 0 else cur * 10 + t["digits"][ch]
        elif ch in t["mags"]:
            total += (cur or 1) * t["mags"][ch]
            cur = 0
        else:
            return None
    return float(total + cur)
