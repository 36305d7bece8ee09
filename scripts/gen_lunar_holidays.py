"""Regenerate the `lunar:` tables of claims/horizon/data/holidays.yaml.

    pip install lunardate && python scripts/gen_lunar_holidays.py > /tmp/lunar.yaml

Chinese festivals fall on fixed lunar dates; the normaliser reads their Gregorian dates from the
data file instead of carrying a lunar calendar, so this is only run when the range of years grows.
"""
from __future__ import annotations

from lunardate import LunarDate

FESTIVALS = {"spring_festival": (1, 1), "lantern_festival": (1, 15), "dragon_boat": (5, 5), "mid_autumn": (8, 15)}
YEARS = range(2000, 2061)

for name, (month, day) in FESTIVALS.items():
    print(f"{name}:")
    print("  lunar: {" + ", ".join(f"{y}: \"{LunarDate(y, month, day).to_solar_date():%m-%d}\"" for y in YEARS) + "}")
