#!/usr/bin/env python3
"""Train the learned claim gate (pipelines/components/claim_gate.py) on the real corpus's train split.

For every train document the pipeline runs with the gate switched off; each clause unit becomes an
example (its feature string from pipelines.helpers.claim_features), labelled CLAIM when a gold key
falls in it; the gate learns from those with a required key or none (`decided`), the kind model from
every claim. Thresholds — when a rule's claim is kept, when a clause the rules
passed over is added — are chosen on out-of-fold predictions (documents split into folds), then the
gate is trained on every train document. A second classifier learns the kind of a claim from the
gold kinds. Only `split: train` documents are read: dev and ../shared stay unseen.

    .venv/bin/python scripts/train_claim_gate.py [--lang zh en] [--ngram-size 2] [--dry-run]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from claims.core.meta import resolve_meta  # noqa: E402
from eval_corpus import extract_args, real_docs  # noqa: E402
from pipelines import build_nlp, rules_only  # noqa: E402
from pipelines.data import MODELS_DIR  # noqa: E402
from pipelines.helpers.gate_model import CLAIM, NaiveBayesWeights, classify  # noqa: E402
from pipelines.constants import CLAIMS, EXT_CLAIM_INFO, EXT_META, FORM_REASONS  # noqa: E402
from pipelines.helpers.claim_features import (en_units, has_content, rejections, specific, unit_features,  # noqa: E402
                                             vetoed, zh_units)
from pipelines.helpers.latin_lines import mostly_on  # noqa: E402
from pipelines.helpers.zh_text import norm_text  # noqa: E402

OTHER = "OTHER"
FOLDS = 4
GRID = [round(0.05 * i, 2) for i in range(1, 20)]
NEVER = 1.01  # a threshold above every probability: the decision is never taken
# where coordinate ascent starts: the gate only adds (dropping rule claims at every role's 0.5 cost the
# seed transcript a fifth of its recall for a small gain elsewhere; `make eval`, 2026-12-04)
KEEP_GRID = [0.0]
# ... except an unnamed voice's (speech-to-text calls, the company's own unlabelled text): there the
# rules' claims are the weakest (habitual 会, fragments of subtitle lines) and a low gate score may drop
# one; out of fold on the zh train split unit F1 0.529 -> 0.536, dev 0.545 -> 0.550 (2026-12-05).
# Named speakers' and the narration's rule claims may be dropped too, below a lower ceiling: their
# vague intentions ("我們需要將收入轉移到錢", "we want to make sure …") were most of the real dev
# split's false positives, yet above 0.3 the seed transcript's recall falls under its 0.95 floor
# (keep 0.3: zh dev F1 0.563 -> 0.572, ../shared zh precision 0.918 -> 0.937, seed 18/18;
# keep 0.45: seed 17/18; 2026-12-06). Trained without the optional-only clauses (round 19) the gate
# scores lower, and a named speaker's 0.3 dropped the seed's revised figure ("之前的3800億可能偏小了",
# p 0.26: 17/18); retrained at 0.25: zh dev F1 0.605 -> 0.598, ../shared zh recall 0.849 -> 0.868,
# the seed 18/18
KEEP_GRIDS = {"UNKNOWN": [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3],
              "PERSON": [0.0, 0.1, 0.2, 0.25], "NARRATOR": [0.0, 0.1, 0.2, 0.3]}
# A rule's clause that states no figure and no forward time (claim_features.specific) is what
# ANNOTATION.md leaves optional as a vague intention ("我們會高效地來進行可持續發展"), and may need a
# higher score to stay: `keep_vague` per role, chosen out of fold after the thresholds above. Out of
# fold on the zh train split (296 documents, round 29) a named speaker's vague keep 0.05 / 0.1 / 0.15 /
# 0.25: clause F1 0.533 / 0.537 / 0.540 / 0.543 while the specific clauses' keep was flat; the
# Chinese ceiling is the seed transcript's again: its present-tense forecast "所謂的AI泡沫是不存在的"
# scores 0.18 and has neither a figure nor a time
VAGUE_KEEP_GRIDS = {"zh": {"PERSON": [0.05, 0.1, 0.15], "UNKNOWN": [0.15, 0.2, 0.25, 0.3], "NARRATOR": [0.1, 0.2, 0.3]},
                    "en": {"PERSON": [0.2, 0.25, 0.3, 0.35, 0.4], "UNKNOWN": [0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
                           "NARRATOR": [0.2, 0.25, 0.3, 0.35, 0.4]}}


def examples_of(nlp, d: Path, lang: str) -> list[dict]:
    meta_json = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
    text = (d / "text.txt").read_text(encoding="utf-8")
    meta = resolve_meta(d / "text.txt", text, **extract_args(meta_json))
    doc = nlp.make_doc(text)
    doc._.set(EXT_META, meta.as_pipeline_meta())
    doc = nlp(doc)
    units = zh_units(doc) if lang == "zh" else en_units(doc)
    rule_spans = list(doc.spans[CLAIMS]) if CLAIMS in doc.spans else []
    rules = [(s.start_char, s.end_char) for s in rule_spans]
    rule_kind = [(s.start_char, s.end_char, (s._.get(EXT_CLAIM_INFO) or {}).get("kind", s.label_)) for s in rule_spans]
    feats = unit_features(doc, lang, units, rules)
    veto = vetoed(units, rejections(doc))
    keys = []
    for g in gold["claims"]:
        i = text.find(g["key"])
        keys.append((i, i + len(g["key"]), g))
    out = []
    source = norm_text(doc) if lang == "zh" else doc.text
    english = english_lines_of(nlp, text)
    for u, f, v in zip(units, feats, veto):
        if english(u.start, u.end):
            continue  # an English line of a Chinese call: the English pipeline decides it (zh_english_lines)
        best, kind, required = 0.0, None, False
        for s, e, g in keys:
            ov = min(u.end, e) - max(u.start, s)
            if ov > 0 and (ov >= 0.5 * (e - s) or ov >= 0.5 * (u.end - u.start)):
                required = required or g.get("required", True)
                if ov > best:
                    best, kind = ov, g["kind"]
        said = max(((min(u.end, e) - max(u.start, s), k) for s, e, k in rule_kind), default=(0, None))
        content = has_content(lang, source[u.start:u.end])
        out.append({"doc": d.name, "features": f, "claim": kind is not None, "kind": kind, "specific": specific(f),
                    "optional_only": kind is not None and not required,
                    "rule_kind": said[1] if said[0] > 0 else None,
                    "rule": "RULE" in f.split()[:2], "veto": bool(v) or not content,
                    "reason": v, "content": content})
    return out


def english_lines_of(nlp, text: str):
    """A test of whether a clause lies on the English lines that `zh_english_lines` hands to the
    English pipeline (never, for a pipeline without it)."""
    if "zh_english_lines" not in nlp.pipe_names:
        return lambda start, end: False
    return mostly_on(nlp.get_pipe("zh_english_lines").lines_of(text))


def train_linear(texts: list[str], labels: list[str], ngram_size: int = 2, c: float = 3.0, balanced: bool = False,
                 nb_weights: bool = False):
    """A regularised logistic regression over TF-IDF n-grams of the feature words (split on spaces,
    as claim_gate builds them). Chosen over spaCy's TextCatBOW, which over-fitted these few thousand
    clauses: on the dev split its average precision over the clauses the gate may add was 0.52 (zh) /
    0.55 (en) against 0.60 / 0.55 here, out-of-fold clause F1 0.43 / 0.71 against 0.51 / 0.73.
    `balanced` weighs the rare class up (claims are 7 % of Chinese clauses); `nb_weights` scales the
    columns by their naive Bayes log-count ratios first (GATE_NB). lbfgs is deterministic."""
    steps = [TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, ngram_size), sublinear_tf=True, min_df=2)]
    if nb_weights:
        steps.append(NaiveBayesWeights())
    model = make_pipeline(*steps, LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None))
    model.fit(texts, labels)
    vectorizer = model[0]
    # byte-identical files run to run: the vocabulary's insertion order follows string hashing, and the
    # vectorizer caches a memory address (id of its stop-word list; it re-checks when the cache is absent)
    vectorizer.vocabulary_ = dict(sorted(vectorizer.vocabulary_.items()))
    vars(vectorizer).pop("_stop_words_id", None)
    return model


def train_kind(rows: list[dict], ngram_size: int):
    """The kind model, trained on every claim row's gold kind (optional keys too: their kind is gold)."""
    pos = [r for r in rows if r["claim"]]
    return train_linear([r["features"] for r in pos], [r["kind"] for r in pos], ngram_size)


def gate_probs(model, texts: list[str]) -> list[float]:
    return [c[CLAIM] for c in classify(model, texts)]


ROLES = ("PERSON", "UNKNOWN", "NARRATOR")
TIE = 0.005  # out-of-fold F1 differences below this are noise of the folds


def role_of(row: dict) -> str:
    return next((t[4:] for t in row["features"].split()[:1] if t.startswith("ROLE")), "UNKNOWN")


def _f1(rows: list[dict], probs: list[float], th: dict[str, tuple[float, float]],
        vague: dict[str, float] | None = None, add_rejected: dict[str, float] | None = None) -> float:
    """Clause F1 of the decisions at thresholds `th` (keep, add per role), with `vague` the keep of a
    rule's clause that is not `specific` (absent: the role's keep) and `add_rejected` the add
    threshold of a clause the rules rejected, per reason (absent: never added)."""
    pos = sum(r["claim"] for r in rows)
    tp = npred = 0
    vague = vague or {}
    add_rejected = add_rejected or {}
    for r, p in zip(rows, probs):
        role = role_of(r)
        keep, add = th[role]
        if not r.get("specific", True):
            keep = vague.get(role, keep)
        if r["rule"]:
            y = p >= keep
        elif r["veto"]:
            y = r.get("content", True) and r.get("reason") in add_rejected and p >= add_rejected[r["reason"]]
        else:
            y = p >= add
        npred += y
        tp += y and r["claim"]
    if not npred or not pos:
        return 0.0
    prec, rec = tp / npred, tp / pos
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def choose_thresholds(rows: list[dict], probs: list[float],
                      previous: dict[str, tuple[float, float]] | None = None,
                      grids: dict[str, list[float]] = KEEP_GRIDS) -> tuple[dict[str, tuple[float, float]], float]:
    """Per speaker role (a named person, an unnamed speaker, a reporter's narration), the (keep, add)
    thresholds that maximise the overall F1 of out-of-fold decisions: a rule's clause is kept at
    p >= keep, another clause added at p >= add. Coordinate ascent from one shared pair, or from the
    `previous` model's thresholds, which stand while they stay on the plateau.

    Why `previous`: the out-of-fold curve is flat over a wide band of add thresholds, and two
    retrains in a row slid the named speakers' add threshold down its plateau (zh 0.45 -> 0.35, en
    0.5 -> 0.3) for no out-of-fold gain, while precision on the dev split and ../shared fell
    (en dev clauses P 0.790 -> 0.781, ../shared en 0.812 -> 0.788; 2026-12-07). A threshold now moves
    only when the new folds put the old one more than TIE below the best."""
    if previous:
        th = {r: previous.get(r, (0.0, 0.5)) for r in ROLES}
    else:
        best_pair, best = (0.0, 0.5), -1.0
        for keep in KEEP_GRID:
            for add in GRID:
                f = _f1(rows, probs, {r: (keep, add) for r in ROLES})
                if f > best:
                    best_pair, best = (keep, add), f
        th = {r: best_pair for r in ROLES}
    for _ in range(2):
        for role in ROLES:
            scored = [(_f1(rows, probs, dict(th, **{role: (keep, add)})), keep, add)
                      for keep in grids.get(role, KEEP_GRID) for add in GRID]
            top = max(f for f, _, _ in scored)
            if previous and _f1(rows, probs, th) >= top - TIE:
                continue  # the previous pair is on the plateau: it stands
            _, keep, add = _plateau_middle(scored)
            th = dict(th, **{role: (keep, add)})
    return th, _f1(rows, probs, th)


def _plateau_middle(scored: list[tuple]) -> tuple:
    """Of (F1, *thresholds) candidates, the middle of those within TIE of the best F1, ordered by
    their thresholds (recall's side on a tie): the curve is flat near its top, and which point of
    that plateau wins is noise of the folds."""
    top = max(x[0] for x in scored)
    plateau = sorted((x for x in scored if x[0] >= top - TIE), key=lambda x: x[1:])
    return plateau[(len(plateau) - 1) // 2]


def choose_vague_keeps(rows: list[dict], probs: list[float], th: dict[str, tuple[float, float]],
                       previous: dict[str, float] | None = None,
                       grids: dict[str, list[float]] = VAGUE_KEEP_GRIDS["zh"]) -> tuple[dict[str, float], float]:
    """Per role, the keep threshold of a rule's clause that states no figure and no forward time
    (`keep_vague`), never below the role's keep: as `choose_thresholds`, the previous value stands
    while it stays within TIE of the best, else the middle of the plateau."""
    vague = {r: max(th[r][0], (previous or {}).get(r, th[r][0])) for r in ROLES}
    for role in ROLES:
        scored = [(_f1(rows, probs, th, dict(vague, **{role: k})), k) for k in grids.get(role, []) if k >= th[role][0]]
        if not scored:
            continue
        if _f1(rows, probs, th, vague) >= max(f for f, _ in scored) - TIE:
            continue
        vague[role] = _plateau_middle(scored)[1]
    return vague, _f1(rows, probs, th, vague)


# the add thresholds a clause the rules rejected for a reading of form may be given (NEVER: the
# rejection stands). One threshold for all FORM_REASONS: out of fold on the en train split (round 31)
# each reason alone gained 0.0002-0.0016 clause F1, noise, and together 0.005
REJECTED_ADD_GRID = [0.5, 0.6, 0.7, 0.8, 0.9, NEVER]


def choose_rejected_add(rows: list[dict], probs: list[float], th: dict[str, tuple[float, float]],
                        vague: dict[str, float], previous: float = NEVER) -> tuple[dict[str, float], float]:
    """The gate's probability above which it adds a clause the rules rejected for a reading of form
    (a past tense, a condition, an aside: constants.FORM_REASONS), never one ANNOTATION.md decides
    (a question, another party's view). Why: the rules read a form from words, the gate reads the
    same clause in its context; 121 of en dev's 344 untouched required claims lay in rejected clauses
    (round 30). As the other thresholds: the previous value stands while within TIE of the best."""
    def at(a: float) -> dict[str, float]:
        return {r: a for r in FORM_REASONS} if a <= 1.0 else {}

    scored = [(_f1(rows, probs, th, vague, at(a)), a) for a in REJECTED_ADD_GRID]
    if _f1(rows, probs, th, vague, at(previous)) >= max(f for f, _ in scored) - TIE:
        best = previous
    else:
        best = _plateau_middle(scored)[1]
    return at(best), _f1(rows, probs, th, vague, at(best))


def _shipped_settings(out: Path) -> dict:
    """settings.json of the model at `out` (empty without one)."""
    settings = out / "settings.json"
    return json.loads(settings.read_text(encoding="utf-8")) if settings.exists() else {}


def previous_rejected_add(out: Path) -> float:
    """The shared `add_rejected` threshold of the model at `out` (NEVER without one)."""
    return min(_shipped_settings(out).get("add_rejected", {}).values(), default=NEVER)


def _shipped_thresholds(out: Path) -> dict[str, dict]:
    """settings.json's thresholds per role of the model at `out` (empty without one)."""
    return _shipped_settings(out).get("thresholds", {})


def previous_vague_keeps(out: Path) -> dict[str, float] | None:
    """The `keep_vague` thresholds of the model at `out`, where it has them."""
    return {r: t["keep_vague"] for r, t in _shipped_thresholds(out).items() if "keep_vague" in t} or None


def previous_thresholds(out: Path) -> dict[str, tuple[float, float]] | None:
    """The thresholds of the model at `out`, if one is there."""
    return {r: (t["keep"], t["add"]) for r, t in _shipped_thresholds(out).items()} or None


KIND_GRID = [round(0.05 * i, 2) for i in range(6, 20)] + [1.01]


def choose_kind_override(rows: list[dict], folds: dict[str, int], ngram_size: int) -> tuple[dict[str, float], float, float]:
    """Per kind a rule gave its claim, the probability above which the kind model's answer replaces
    it, chosen on out-of-fold predictions over the rules' true claims (NEVER where the rules' kind
    is the better one): (thresholds, accuracy with them, accuracy of the rules' kinds)."""
    judged = [i for i, r in enumerate(rows) if r["rule"] and r["claim"] and r["rule_kind"]]
    guess: dict[int, tuple[str, float]] = {}
    for k in range(FOLDS):
        train = [r for r in rows if r["claim"] and folds[r["doc"]] != k]
        test = [i for i in judged if folds[rows[i]["doc"]] == k]
        if not train or not test:
            continue
        m = train_kind(train, ngram_size)
        for i, c in zip(test, classify(m, [rows[i]["features"] for i in test])):
            guess[i] = (max(c, key=c.get), max(c.values()))
    if not guess:
        return {}, 0.0, 0.0

    def right(i: int, t: float) -> bool:
        g, p = guess[i]
        return (g if p >= t else rows[i]["rule_kind"]) == rows[i]["kind"]

    thresholds = {}
    for said in sorted({rows[i]["rule_kind"] for i in guess}):
        mine = [i for i in guess if rows[i]["rule_kind"] == said]
        scored = [(sum(right(i, t) for i in mine), t) for t in KIND_GRID]
        top = max(n for n, _ in scored)
        # as for the gate's thresholds: the top is flat, and where on it the fold noise puts the
        # best point says nothing; take the middle of the thresholds within TIE of the best
        plateau = sorted(t for n, t in scored if n >= top - TIE * len(mine))
        thresholds[said] = plateau[(len(plateau) - 1) // 2]
    accuracy = sum(right(i, thresholds[rows[i]["rule_kind"]]) for i in guess) / len(guess)
    return thresholds, accuracy, sum(right(i, NEVER) for i in guess) / len(guess)


REPEATS = 3  # splits of the documents into FOLDS folds whose out-of-fold scores choose the thresholds
# the gate's inverse regularisation strength per language, from a grid out of fold (round 20, zh 211
# and en 191 train documents, thresholds chosen as below): zh C 1 / 3 / 10 -> clause F1 0.516 / 0.534 /
# 0.532; en C 3 / 10 / 30 / 100 -> 0.733 / 0.740 / 0.744 / 0.743 (dev clauses 0.724 -> 0.772 at 30):
# the English gate gains from fitting its clauses closer, the Chinese one does not
GATE_C = {"zh": 3.0, "en": 30.0}
# naive Bayes log-count ratios before the regression (NaiveBayesWeights), per language, out of fold on
# one split of the train documents into 4 folds (round 26): zh clause F1 0.536 -> 0.547 (C 1 / 3 / 10:
# 0.533 / 0.547 / 0.539), en 0.755 -> 0.752 (C 10: 0.756): the Chinese gate gains, the English does not
GATE_NB = {"zh": True, "en": False}
# With naive Bayes weights (GATE_NB) the gate's scores lie further from the middle, and the same keep
# drops more: a named speaker's 0.25 dropped two of the seed transcript's 18 claims ("所謂的AI泡沫是
# 不存在的", "之前的3800億可能偏小了"), 0.1 and 0.15 one, 0.05 none (zh dev F1 at 0.25 / 0.05: 0.612 /
# 0.599, against 0.591 before; 2026-12-07)
KEEP_GRIDS_NB = dict(KEEP_GRIDS, PERSON=[0.0, 0.05])


def keep_grids(lang: str) -> dict[str, list[float]]:
    """The keep thresholds the trainer may choose from per role, for the language's gate."""
    return KEEP_GRIDS_NB if GATE_NB[lang] else KEEP_GRIDS


def decided(rows: list[dict]) -> list[dict]:
    """The rows the gate learns from: every clause but those whose only gold keys are optional.

    ANNOTATION.md makes vague intentions, hedged asides, continuations and repeats optional, and the
    scorer counts them neither way; as CLAIM examples they taught the gate that "we will continue to
    …" is a claim, and the thresholds then had to sit high. Left out (round 19), out of fold on the
    zh train split clause F1 0.533 -> 0.536, on the dev split's clauses (optional ones neutral, as
    the scorer counts them) 0.486 -> 0.518."""
    return [r for r in rows if not r.get("optional_only")]


def out_of_fold(rows: list[dict], fold_of: dict[str, int], ngram_size: int, c: float, nb_weights: bool) -> list[float]:
    """Each unit's gate probability from a model trained on the other folds' documents."""
    oof = [0.0] * len(rows)
    for k in range(FOLDS):
        tr = decided([r for r in rows if fold_of[r["doc"]] != k])
        te = [i for i, r in enumerate(rows) if fold_of[r["doc"]] == k]
        m = train_linear([r["features"] for r in tr], [CLAIM if r["claim"] else OTHER for r in tr],
                         ngram_size, c=c, balanced=True, nb_weights=nb_weights)
        for i, p in zip(te, gate_probs(m, [rows[i]["features"] for i in te])):
            oof[i] = p
    return oof


def retrain_kind(out: Path, rows: list[dict], names: list[str], fold_of: dict[str, int], ngram_size: int,
                 dry_run: bool) -> None:
    """Retrain the kind model alone; the gate and its thresholds stay as shipped.

    Why apart: the two learn different things from more documents. On r53-r57 (583 train documents)
    the kind model gained on the dev split's required claims (en 0.733 -> 0.750, zh 0.783 -> 0.795,
    ../shared level), while the retrained gate lost at its own thresholds (dev clause F1 zh 0.602 ->
    0.595; ../shared zh 0.894 -> 0.883, en 0.851 -> 0.837; 2026-12-07)."""
    kind_override, kind_acc, rule_kind_acc = choose_kind_override(rows, fold_of, ngram_size)
    pos = [r for r in rows if r["claim"]]
    print(f"{out.name}: kind model on {len(names)} docs, {len(pos)} claims; override {kind_override}: "
          f"out-of-fold kind accuracy {kind_acc:.3f} (rules' {rule_kind_acc:.3f})")
    if dry_run:
        return
    settings_path = out / "settings.json"
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    joblib.dump(train_kind(rows, ngram_size), out / "kind.joblib")
    settings.update(kind_override=kind_override, out_of_fold_kind_accuracy=round(kind_acc, 3),
                    rules_kind_accuracy=round(rule_kind_acc, 3), kind_trained_on=names, kind_positives=len(pos))
    settings_path.write_text(json.dumps(settings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", nargs="+", default=["zh", "en"])
    ap.add_argument("--ngram-size", type=int, default=2, help="word n-grams of the bag (1-3)")
    ap.add_argument("--gate-c", type=float, help="the gate's C for every language (default: GATE_C per language)")
    ap.add_argument("--fresh-thresholds", action="store_true",
                    help="choose the thresholds from scratch, not starting from the shipped model's")
    ap.add_argument("--kind-only", action="store_true",
                    help="retrain the kind model (and when it overrides the rules) beside the shipped gate")
    ap.add_argument("--dry-run", action="store_true", help="report the out-of-fold scores only; write no model")
    a = ap.parse_args(argv)
    for lang in a.lang:
        gate_c = GATE_C[lang] if a.gate_c is None else a.gate_c
        nlp = build_nlp(lang, overrides=rules_only(lang))  # the gate learns from the rules' own spans
        docs = real_docs(lang, "train")
        rows = [r for d in docs for r in examples_of(nlp, d, lang)]
        names = sorted({r["doc"] for r in rows})
        fold_of = {n: i % FOLDS for i, n in enumerate(names)}
        out = MODELS_DIR / f"claim_gate_{lang}"
        if a.kind_only:
            retrain_kind(out, rows, names, fold_of, a.ngram_size, a.dry_run)
            continue
        # thresholds from several splits of the documents into folds, pooled: one split's choice moved
        # with every retrain (a document more changed an add threshold by 0.15)
        pooled_rows, pooled_oof = [], []
        for rep in range(REPEATS):
            order = names if rep == 0 else random.Random(rep).sample(names, len(names))
            folds = {n: i % FOLDS for i, n in enumerate(order)}
            pooled_rows += rows
            pooled_oof += out_of_fold(rows, folds, a.ngram_size, gate_c, GATE_NB[lang])
        previous = None if a.fresh_thresholds else previous_thresholds(out)
        thresholds, f1 = choose_thresholds(pooled_rows, pooled_oof, previous, keep_grids(lang))
        vague, f1 = choose_vague_keeps(pooled_rows, pooled_oof, thresholds,
                                       None if a.fresh_thresholds else previous_vague_keeps(out), VAGUE_KEEP_GRIDS[lang])
        add_rejected, f1 = choose_rejected_add(pooled_rows, pooled_oof, thresholds, vague,
                                               NEVER if a.fresh_thresholds else previous_rejected_add(out))
        rules_alone = _f1(rows, [1.0 if r["rule"] else 0.0 for r in rows], {r: (0.5, 0.5) for r in ROLES})
        kind_override, kind_acc, rule_kind_acc = choose_kind_override(rows, fold_of, a.ngram_size)
        if a.dry_run:
            print(f"{lang}: out-of-fold unit F1 {f1:.3f} (rules alone {rules_alone:.3f}); thresholds {thresholds}, "
                  f"vague keeps {vague}; rejected clauses added at {add_rejected or 'never'}; "
                  f"kind override {kind_override}: out-of-fold kind accuracy {kind_acc:.3f} (rules' {rule_kind_acc:.3f})")
            continue
        learn = decided(rows)
        gate = train_linear([r["features"] for r in learn], [CLAIM if r["claim"] else OTHER for r in learn],
                            a.ngram_size, c=gate_c, balanced=True, nb_weights=GATE_NB[lang])
        pos = [r for r in rows if r["claim"]]
        kind = train_kind(rows, a.ngram_size)
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        joblib.dump(gate, out / "gate.joblib")
        joblib.dump(kind, out / "kind.joblib")
        settings = {"thresholds": {r: {"keep": k, "add": a_, "keep_vague": vague[r]} for r, (k, a_) in thresholds.items()},
                    **({"add_rejected": add_rejected} if add_rejected else {}),
                    "trained_on": names, "units": len(rows), "positives": len(pos),
                    "out_of_fold_unit_f1": round(f1, 3), "rules_alone_unit_f1": round(rules_alone, 3),
                    "kind_override": kind_override, "out_of_fold_kind_accuracy": round(kind_acc, 3),
                    "rules_kind_accuracy": round(rule_kind_acc, 3),
                    "model": "tfidf " + ("x naive Bayes ratios " if GATE_NB[lang] else "") + "+ logistic regression (scikit-learn)", "ngram_size": a.ngram_size, "gate_c": gate_c, "folds": FOLDS,
                    "fold_splits": REPEATS}
        (out / "settings.json").write_text(json.dumps(settings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{lang}: {len(names)} docs, {len(rows)} units, {len(pos)} claims; C {gate_c}; thresholds {thresholds}, "
              f"vague keeps {vague}; rejected clauses added at {add_rejected or 'never'}; "
              f"out-of-fold unit F1 {f1:.3f} (rules alone {rules_alone:.3f}); kind override {kind_override}: "
              f"kind accuracy {kind_acc:.3f} (rules' {rule_kind_acc:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
