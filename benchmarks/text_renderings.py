"""Text renderings: the same real documents as a PDF, a subtitle file, a Windows editor or a web page
would hand them over, scored with their gold carried along.

`layout_invariance.py` re-renders speaker lines; this re-renders the body, which the held-back
documents also bring in forms the corpus may not hold: lines hard-wrapped at a page's width, page
footers inside a paragraph, a timestamp before every line, every line a paragraph,
non-breaking spaces (English), full-width or ASCII punctuation and the other script (Chinese). A
rendering only inserts text or swaps a character for another of the same length, so each gold key and
negative is carried to its place in the new text by an offset map: the speech and the gold are the
same, only the rendering differs, and a fall in F1 is the extractor's.

    .venv/bin/python benchmarks/text_renderings.py [--shared ../shared] [--lang en|zh] [--every N] [--out FILE]
"""
from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_corpus as ev  # noqa: E402

from pipelines.helpers.timestamps import TIMESTAMP  # noqa: E402

Insertions = list[tuple[int, str]]        # (offset in the original, text inserted before that character)
Swaps = dict[int, str]                    # offset -> the one character that replaces it

EN_WIDTH, ZH_WIDTH = 78, 38               # a PDF page's line, in characters
PAGE_EVERY = 2500                         # characters between page footers


class Rendering:
    """A rendering of a text as insertions and same-length swaps, with the offset map they imply."""

    def __init__(self, text: str, insertions: Insertions = (), swaps: Swaps | None = None):
        self.source = text
        self.insertions = sorted(insertions, key=lambda x: x[0])
        self.swaps = swaps or {}
        self._at = [p for p, _ in self.insertions]
        self._before = [0]
        for _, s in self.insertions:
            self._before.append(self._before[-1] + len(s))

    def text(self) -> str:
        chars = [self.swaps.get(i, c) for i, c in enumerate(self.source)]
        out, last = [], 0
        for p, s in self.insertions:
            out.append("".join(chars[last:p]))
            out.append(s)
            last = p
        out.append("".join(chars[last:]))
        return "".join(out)

    def start(self, i: int) -> int:
        """Where original character i now stands (after anything inserted before it)."""
        return i + self._before[bisect.bisect_right(self._at, i)]

    def end(self, i: int) -> int:
        """Where a span ending before original character i now ends (insertions at i fall outside)."""
        return i + self._before[bisect.bisect_left(self._at, i)]


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text) if m.end() < len(text)]


def hard_wrap(text: str, lang: str) -> Rendering:
    """Each long line broken at a page's width: at a space in English (the space becomes the line
    break, as a PDF's text layer gives it), anywhere in Chinese."""
    swaps, inserts = {}, []
    for start in _line_starts(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        col = start
        while end - col > (EN_WIDTH if lang == "en" else ZH_WIDTH):
            if lang == "zh":
                col += ZH_WIDTH
                inserts.append((col, "\n"))
                continue
            cut = text.rfind(" ", col, col + EN_WIDTH)
            if cut <= col:
                break
            swaps[cut] = "\n"
            col = cut + 1
    return Rendering(text, inserts, swaps)


def hyphenated_wrap(text: str, lang: str) -> Rendering:
    """Long lines filled to the page's width exactly, a word that runs over the margin broken with a
    hyphen ("expec-" / "ted"), as typeset PDFs are (English)."""
    inserts = []
    for start in _line_starts(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        col = start + EN_WIDTH
        while col < end:
            if text[col - 1].isalpha() and text[col].isalpha():
                inserts.append((col, "-\n"))
            elif text[col] == " ":
                inserts.append((col + 1, "\n"))
            else:
                inserts.append((col, "\n"))
            col += EN_WIDTH
    return Rendering(text, inserts)


def page_footers(text: str, lang: str) -> Rendering:
    """A page footer every PAGE_EVERY characters, inside the sentence that runs across the page."""
    n = len(text) // PAGE_EVERY
    inserts = []
    for k in range(1, n + 1):
        at = k * PAGE_EVERY
        if lang == "en":
            at = text.rfind(" ", 0, at) + 1 or at
            inserts.append((at, f"\n\nPage {k} of {n + 1}\n\n"))
        else:
            inserts.append((at, f"\n\n第 {k} 頁，共 {n + 1} 頁\n\n"))
    return Rendering(text, inserts)


def timestamps(text: str, lang: str) -> Rendering:
    """A subtitle timestamp before every non-empty line that has none."""
    inserts = []
    for k, start in enumerate(_line_starts(text)):
        stamp = TIMESTAMP.match(text, start)
        if text[start:start + 1] not in ("\n", "") and not (stamp and stamp.end() > start):
            s = 7 * k
            inserts.append((start, f"[{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}] "))
    return Rendering(text, inserts)


def blank_lines(text: str, lang: str) -> Rendering:
    """Every line its own paragraph (a blank line after each), as some scrapes give it."""
    return Rendering(text, [(m.start(), "\n") for m in re.finditer(r"(?<!\n)\n(?!\n)", text)])


def nbsp(text: str, lang: str) -> Rendering:
    return Rendering(text, swaps={m.start(): "\u00a0" for m in re.finditer(" ", text)})


_FULL, _HALF = "，：；？！（）", ",:;?!()"


def punctuation_width(text: str, lang: str) -> Rendering:
    """Full-width punctuation as ASCII, or ASCII as full-width, whichever the document does not use;
    ASCII only beside a Chinese character ("3,000", "00:01" and a URL's "(" stay as typed)."""
    full = sum(text.count(c) for c in _FULL)
    half = sum(text.count(c) for c in _HALF)
    src, dst = (_FULL, _HALF) if full >= half else (_HALF, _FULL)
    table = dict(zip(src, dst))

    def beside_chinese(i: int) -> bool:
        return any("\u4e00" <= text[j] <= "\u9fff" for j in (i - 1, i + 1) if 0 <= j < len(text))

    return Rendering(text, swaps={i: table[c] for i, c in enumerate(text)
                                  if c in table and (src is _FULL or beside_chinese(i))})


def other_script(text: str, lang: str) -> Rendering:
    """Simplified characters as traditional and traditional as simplified, character by character
    (OpenCC's one-character conversions: the length stays)."""
    import opencc

    trad = sum(c != s for c, s in zip(text, opencc.OpenCC("t2s").convert(text)))
    conv = opencc.OpenCC("t2s" if trad else "s2t")
    swaps = {}
    for i, c in enumerate(text):
        if "\u4e00" <= c <= "\u9fff":
            o = conv.convert(c)
            if len(o) == 1 and o != c:
                swaps[i] = o
    return Rendering(text, swaps=swaps)


RENDERINGS: dict[str, dict[str, Callable[[str, str], Rendering]]] = {
    "en": {"hard_wrap": hard_wrap, "hyphenated_wrap": hyphenated_wrap, "page_footers": page_footers, "timestamps": timestamps, "blank_lines": blank_lines, "nbsp": nbsp},
    "zh": {"hard_wrap": hard_wrap, "page_footers": page_footers, "timestamps": timestamps, "blank_lines": blank_lines, "punctuation_width": punctuation_width, "other_script": other_script},
}


def carried_gold(text: str, gold: dict, r: Rendering, new: str) -> dict:
    """`gold` with every key and negative rewritten as the rendering wrote its span."""
    def carry(key: str) -> str:
        i = text.find(key)
        return new[r.start(i):r.end(i + len(key))] if i >= 0 else key

    out = json.loads(json.dumps(gold))
    for c in out["claims"]:
        c["key"] = carry(c["key"])
    out["negatives"] = [carry(k) for k in out.get("negatives", [])]
    return out


def documents(lang: str, every: int) -> list[Path]:
    return ev.real_docs(lang, "dev")[::every]


def evaluate(lang: str, docs: list[Path], scorer, only: list[str] | None = None) -> dict[str, dict]:
    results: dict[str, dict] = {}
    chosen = [(n, r) for n, r in RENDERINGS[lang].items() if not only or n in only]
    with tempfile.TemporaryDirectory() as tmp:
        for name, render in [("original", None), *chosen]:
            dirs = []
            for d in docs:
                text = (d / "text.txt").read_text(encoding="utf-8")
                gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
                out = Path(tmp) / name / d.name
                out.mkdir(parents=True)
                if render is not None:
                    r = render(text, lang)
                    new = r.text()
                    gold = carried_gold(text, gold, r, new)
                    text = new
                (out / "text.txt").write_text(text, encoding="utf-8")
                (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
                (out / "meta.json").write_text((d / "meta.json").read_text(encoding="utf-8"), encoding="utf-8")
                dirs.append(out)
            results[name], _ = ev.evaluate(scorer, dirs, "pipeline")
            s = results[name]
            print(f"  {lang} {name:18s} {s['recall']:7.3f} {s['precision']:7.3f} {s['f1']:7.3f} "
                  f"{s['f1'] - results['original']['f1']:+7.3f} {s['speaker_acc']:8.3f} {s['horizon_acc']:8.3f} "
                  f"{s['negatives_hit']:4d}", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ev.DEFAULT_SHARED)
    ap.add_argument("--lang", choices=("en", "zh"), action="append")
    ap.add_argument("--every", type=int, default=1, help="every Nth dev document (sorted by id)")
    ap.add_argument("--rendering", action="append", help="only these renderings (default: all)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "renderings.json")
    args = ap.parse_args(argv)
    scorer = ev.load_scorer(args.shared)
    if scorer is None:
        print(f"error: no scorer at {args.shared}/tools/score_claims.py", file=sys.stderr)
        return 2
    report = {}
    for lang in args.lang or ("en", "zh"):
        docs = documents(lang, args.every)
        print(f"{lang}: {len(docs)} dev documents\n  {'rendering':21s} {'recall':>7s} {'prec':>7s} {'f1':>7s} "
              f"{'Δf1':>7s} {'speaker':>8s} {'horizon':>8s} {'negs':>4s}")
        report[lang] = {"documents": [d.name for d in docs], "renderings": evaluate(lang, docs, scorer, args.rendering)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
