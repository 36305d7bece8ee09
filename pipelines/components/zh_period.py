"""Infer the reported quarter when the metadata does not give it.

"下個季度" means the quarter after the one the call reports on (../shared/HORIZONS.md), so the
reported quarter matters. Reports name it as a fiscal quarter ("2026財年第二季度", read with the
fiscal year end) or by its last month ("九月季度", "截至9月30日止的季度"); the first mention wins.
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from claims.core.fiscal import fiscal_quarter_bounds, fiscal_year_of, month_end
from claims.core.models import Period

from ..constants import EXT_META
from ..helpers.zh_numbers import zh_number
from ..helpers.zh_text import norm_text

FISCAL_Q = re.compile(r"(\d{4})\s*财年\s*第?([一二三四1-4])季度")
NTH_Q = re.compile(r"第([一二三四1-4])(?:财)?季(?:度)?(?:业绩|财报|度业绩|度财报)")
MONTH_Q = re.compile(r"(?:截至|截止)?([一二三四五六七八九十]{1,3}|\d{1,2})月(?:\d{1,2}日)?(?:止的|份)?季度")


def infer_period(nt: str, fye: str, ref: dt.date | None) -> Period | None:
    m = FISCAL_Q.search(nt)
    if m:
        fy, q = int(m.group(1)), int(zh_number(m.group(2)) or 0)
        if 1 <= q <= 4:
            s, e = fiscal_quarter_bounds(fy, q, fye)
            return Period(start=s, end=e, label=f"FY{fy}-Q{q}")
    m = NTH_Q.search(nt)
    if m and ref is not None:
        # "第三季業績": the latest fiscal quarter with that number that has ended by the call
        q = int(zh_number(m.group(1)) or 0)
        for fy in (fiscal_year_of(ref, fye), fiscal_year_of(ref, fye) - 1):
            s, e = fiscal_quarter_bounds(fy, q, fye)
            if e <= ref:
                return Period(start=s, end=e, label=f"FY{fy}-Q{q}")
    m = MONTH_Q.search(nt)
    if m and ref is not None:
        month = int(zh_number(m.group(1)) or 0)
        if month in (3, 6, 9, 12):
            year = ref.year if month_end(ref.year, month) <= ref else ref.year - 1
            e = month_end(year, month)
            s = dt.date(year, month - 2, 1)
            return Period(start=s, end=e, label=f"{year}-Q{month // 3}")
    return None


@Language.factory("zh_period", assigns=[f"doc._.{EXT_META}"], default_config={})
def make_zh_period(nlp: Language, name: str):
    return ZhPeriod()


class ZhPeriod:
    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.get(EXT_META)
        if meta is None:
            meta = {}
            doc._.set(EXT_META, meta)
        if meta.get("period") is None:
            meta["period"] = infer_period(norm_text(doc), meta.get("fiscal_year_end") or "12-31", meta.get("date"))
        return doc
