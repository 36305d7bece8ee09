"""Synthetic earnings-call transcripts, for benchmarks and for the crash/concurrency tests.

Deterministic for a given seed, so a benchmark figure can be reproduced exactly. The transcripts
follow the usual layout (participants, operator, prepared remarks, Q&A) with forward-looking
statements of varied shape in English and Chinese; every company and person is made up.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

_EN_COMPANY_WORDS = (["Bluefin", "Corvid", "Maple Grove", "Tessellate", "Orchard", "Quarry", "Harrow", "Lumen",
                      "Silverbeck", "Ostrava", "Pinecrest", "Vantor"],
                     ["Logistics", "Software", "Foods", "Chips", "Health", "Materials", "Energy", "Retail",
                      "Networks", "Motors", "Biotech", "Media"])
_EN_FIRST = ["Dana", "Marcus", "Priya", "Tomás", "Helen", "Kwame", "Sofia", "Arjun", "Mei", "Lars"]
_EN_LAST = ["Whitfield", "Oyelaran", "Raman", "Ferreira", "Kovacs", "Mensah", "Lindqvist", "Okafor", "Tan", "Berg"]
_EN_ROLES = ["Chief Executive Officer", "Chief Financial Officer", "Chief Operating Officer", "President"]
DOCS_PER_COMPANY = 8  # about two years of quarterly calls
_EN_ANALYSTS = ["Hannah Cole -- Birchwood Capital -- Analyst", "Leo Marsh -- Kestrel Securities -- Analyst"]
_EN_CLAIMS = [
    "We expect revenue to grow {p}% in fiscal {y}.",
    "We will open {n} new distribution centers by the end of {y}.",
    "Operating margin should expand by about {q} basis points next year.",
    "We are targeting free cash flow of ${n}0 million for the full year {y}.",
    "Capital expenditure will decline in the second half of {y}.",
    "We plan to launch our next platform release in the first quarter of {y}.",
    "We do not expect any further price increases this year.",
    "By {y} we aim to have {p}% of sales coming from subscriptions.",
    "Headcount is likely to stay flat through the next two quarters.",
    "We anticipate gross margin of roughly {p2}% in Q{k}.",
]
_EN_FILLER = [
    "Thank you, and good morning, everyone.",
    "Demand in our core markets was solid during the quarter and customer retention remained high.",
    "Let me turn to the balance sheet, which remains strong.",
    "We saw healthy growth across all three segments compared with a year ago.",
    "Inventory levels are now back in line with our historical range.",
]
_ZH_COMPANY_WORDS = (["星河", "青石", "远帆", "云岭", "松涛", "鹏程", "海澜", "金桥", "长风", "玉衡", "北辰", "南屿"],
                     ["物流", "软件", "食品", "半导体", "医疗", "建材", "能源", "零售", "通信", "汽车", "生物", "传媒"])
_ZH_SURNAMES = ["刘", "陈", "王", "周", "李", "赵", "孙", "吴", "郑", "冯"]
_ZH_GIVEN = ["振华", "佳怡", "立群", "晓明", "文博", "思远", "雅琴", "国栋", "嘉欣", "子涵"]
_ZH_ROLES = ["首席执行官", "首席财务官", "总裁", "首席运营官"]
_ZH_CLAIMS = [
    "我们预计{y}年营业收入将增长百分之{p}。",
    "公司计划在{y}年底前新开{n}家门店。",
    "下个季度毛利率有望提升{p}个百分点。",
    "我们的目标是到{y}年实现订阅收入占比百分之{p}。",
    "明年资本开支将会明显下降。",
    "我们不会在今年内再次提价。",
    "预计第{k}季度经营利润率将达到百分之{p2}左右。",
    "未来两个季度员工人数将保持稳定。",
]
_ZH_FILLER = [
    "谢谢主持人，各位投资者下午好。",
    "本季度核心业务需求稳健，客户留存率保持在较高水平。",
    "下面我简单介绍一下资产负债表的情况。",
    "与去年同期相比，三大业务板块均实现了较快增长。",
]


def _fill(tpl: str, rng: random.Random) -> str:
    return tpl.format(p=rng.randint(3, 40), p2=rng.randint(30, 70), q=rng.choice([50, 80, 120, 150]),
                      n=rng.randint(2, 90), y=rng.choice([2026, 2027, 2028]), k=rng.randint(1, 4))


def _company_rng(lang: str, i: int, seed: int) -> random.Random:
    """Calls i, i+1, ... of one company share its name and executives, as real call series do."""
    return random.Random(f"{lang}-company-{seed}-{i // DOCS_PER_COMPANY}")


def transcript_en(i: int, paragraphs: int = 12, seed: int = 0) -> tuple[str, dict]:
    rng = random.Random(f"en-{seed}-{i}")
    crng = _company_rng("en", i, seed)
    company = f"{crng.choice(_EN_COMPANY_WORDS[0])} {crng.choice(_EN_COMPANY_WORDS[1])} {i // DOCS_PER_COMPANY}"
    ticker = "".join(w[0] for w in company.split()[:2]).upper() + str(i // DOCS_PER_COMPANY)
    people = [(f"{crng.choice(_EN_FIRST)} {crng.choice(_EN_LAST)}", role) for role in crng.sample(_EN_ROLES, 2)]
    lines = [f"{company} ({ticker}) Q{rng.randint(1, 4)} 2025 Earnings Call Transcript  #{i}", "",
             "Company Participants", *[f"{n} -- {r}" for n, r in people], "",
             "Operator: Good morning, and welcome to the call. I will now turn it over to management.", ""]
    for k in range(paragraphs):
        if k == paragraphs // 2:
            lines += ["Questions & Answers:", "", f"{rng.choice(_EN_ANALYSTS)}", "",
                      "Can you talk about the outlook for next year?", ""]
        name, role = people[k % 2]
        body = [rng.choice(_EN_FILLER)] + [_fill(rng.choice(_EN_CLAIMS), rng) for _ in range(rng.randint(2, 4))]
        lines += [f"{name} -- {role}", "", " ".join(body), ""]
    meta = {"lang": "en", "company": company, "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
    return "\n".join(lines), meta


def transcript_zh(i: int, paragraphs: int = 12, seed: int = 0) -> tuple[str, dict]:
    rng = random.Random(f"zh-{seed}-{i}")
    crng = _company_rng("zh", i, seed)
    company = f"{crng.choice(_ZH_COMPANY_WORDS[0])}{crng.choice(_ZH_COMPANY_WORDS[1])}{i // DOCS_PER_COMPANY}号"
    people = [(crng.choice(_ZH_SURNAMES) + crng.choice(_ZH_GIVEN), role) for role in crng.sample(_ZH_ROLES, 2)]
    lines = [f"{company}2025年第{rng.randint(1, 4)}季度业绩电话会议 第{i}号", "", "出席管理层:",
             *[f"{n} {r}" for n, r in people], "", "主持人: 各位好，欢迎参加本次业绩电话会议。", ""]
    for k in range(paragraphs):
        name, _role = people[k % 2]
        body = [rng.choice(_ZH_FILLER)] + [_fill(rng.choice(_ZH_CLAIMS), rng) for _ in range(rng.randint(2, 4))]
        lines += [f"{name}: " + "".join(body), ""]
    meta = {"lang": "zh", "company": company, "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
    return "\n".join(lines), meta


def write_corpus(folder: Path, n: int, *, langs: tuple[str, ...] = ("en", "zh"), paragraphs: int = 12,
                 seed: int = 0) -> list[Path]:
    """Write n transcripts (alternating languages) as `<folder>/<k>.txt` + `<k>.txt.meta.json`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        lang = langs[k % len(langs)]
        text, meta = (transcript_en if lang == "en" else transcript_zh)(k, paragraphs, seed)
        p = folder / f"{k:05d}-{lang}.txt"
        p.write_text(text, encoding="utf-8")
        p.with_name(p.name + ".meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        paths.append(p)
    return paths
