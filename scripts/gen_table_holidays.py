#!/usr/bin/env python3
"""Regenerate the `table:` entries of claims/horizon/data/holidays.yaml.

    python scripts/gen_table_holidays.py [--git-dir /work/.mirror/facebook+duckling/repo] > /tmp/table.yaml

Jewish, Islamic and Hindu festivals follow lunar or lunisolar calendars whose Gregorian dates are
not a short rule; like the `lunar:` tables of Chinese festivals (scripts/gen_lunar_holidays.py), the
normaliser reads them as data. The dates (1950-2050 for most; 2000-2030 for the Hindu ones, fewer for a few) are the tables of `Duckling/Time/Computed.hs`
in facebook/duckling (BSD licence, Copyright (c) 2016-present, Facebook, Inc.); only those dates are
taken, none of Duckling's code. Holidays derived from these (Yom Kippur = Rosh Hashanah + 9 days,
Diwali = Dhanteras + 2) are `offset:` rules written by hand in holidays.yaml.
"""
from __future__ import annotations

import argparse
import re
import subprocess

# Duckling's name -> our holiday id
TABLES = {
    "chanukah": "hanukkah", "lagBaOmer": "lag_baomer", "passover": "passover",
    "roshHashana": "rosh_hashanah", "tishaBAv": "tisha_bav", "yomHaatzmaut": "yom_haatzmaut",
    "tuBishvat": "tu_bishvat", "purim": "purim", "eidalAdha": "eid_al_adha", "eidalFitr": "eid_al_fitr",
    "rajab": "rajab", "muharram": "islamic_new_year", "ramadan": "ramadan", "mawlid": "mawlid",
    "dhanteras": "dhanteras", "navaratri": "navaratri", "rakshaBandhan": "raksha_bandhan",
    "ganeshChaturthi": "ganesh_chaturthi", "mahavirJayanti": "mahavir_jayanti", "thaiPongal": "thai_pongal",
    "mahaShivaRatri": "maha_shivaratri", "thiruOnam": "thiru_onam", "rathaYatra": "ratha_yatra",
    "vasantPanchami": "vasant_panchami", "globalYouthServiceDay": "global_youth_service_day",
    "guruGobindSinghJayanti": "guru_gobind_singh_jayanti", "karvaChauth": "karva_chauth",
    "krishnaJanmashtami": "krishna_janmashtami", "vesak": "vesak", "vaisakhi": "vaisakhi",
    "saraswatiJayanti": "saraswati_jayanti", "rabindraJayanti": "rabindra_jayanti",
    "ravidassJayanti": "ravidass_jayanti", "pargatDiwas": "pargat_diwas", "ugadi": "ugadi",
    "ramaNavami": "rama_navami",
}

# how long each lasts, when more than its first day (written here so that regenerating keeps them)
EXTRA = {"hanukkah": "days: 8", "passover": "days: 9", "rosh_hashanah": "days: 3", "navaratri": "days: 10",
         "global_youth_service_day": "days: 3", "ramadan": "until: [eid_al_fitr, -1]"}


def tables(hs: str) -> dict[str, list[str]]:
    out = {}
    for name in TABLES:
        m = re.search(rf"^{name}' = mapMaybe toTimeObjectM\s*\[(.*?)\]", hs, re.MULTILINE | re.DOTALL)
        if not m:
            raise SystemExit(f"no table for {name}")
        out[name] = [f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
                     for y, mo, d in re.findall(r"\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)", m.group(1))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--git-dir", default="/work/.mirror/facebook+duckling/repo")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--file", help="Computed.hs instead of the git directory")
    a = ap.parse_args()
    if a.file:
        with open(a.file, encoding="utf-8") as fh:
            hs = fh.read()
    else:
        hs = subprocess.run(["git", f"--git-dir={a.git_dir}", "show", f"{a.rev}:Duckling/Time/Computed.hs"],
                            check=True, capture_output=True, text=True).stdout
    for name, dates in tables(hs).items():
        key = TABLES[name]
        print(f"{key}:" + (f"\n  {EXTRA[key]}" if key in EXTRA else "") + f"\n  table: \"{' '.join(sorted(dates))}\"")


if __name__ == "__main__":
    main()
