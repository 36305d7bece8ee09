"""Named slots that pipeline components read and write.

One place for span keys and `Doc._` extension names, so that every component declares what it
assigns and requires and no component overwrites another's key (see README, "Architecture").
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

# doc.spans keys
TURNS = "turns"            # speaker turns / reported-speech regions; span.label_ = speaker name or "ANALYST"/"NARRATOR"
CLAUSES = "clauses"        # clause-level units the claim detector works on
TIMEX = "timex"            # time expressions
QUANTITIES = "quantities"  # money, percentages, counts
ENTITIES = "entities"      # PERSON / ORG / PRODUCT / ... (besides doc.ents, which must not overlap)
CLAIMS = "claims"          # forward-looking claim mentions
NONCLAIMS = "nonclaims"    # clauses the rules rejected for a reason; span.label_ = the reason (REJECTED_FOR)
SENTENCES = "sentences"    # sentences of the text that can hold claims (a quotation's full stops do not end one)
BOILERPLATE = "en_boilerplate"  # safe-harbor and other non-claim paragraphs (English layout)
HEADERS = "en_speaker_lines"   # the speaker-line text itself, never part of a claim (English layout)
HANDOFFS = "handoffs"      # stretches of an unlabelled call a moderator's hand-off or thanks gives to someone; label = name
OUTCOMES = "outcomes"      # outcome statements: what the document reports as having happened (span.label_ = metric)
# why a rule rejected a clause (NONCLAIMS span labels). The first group is decided by ANNOTATION.md
# itself (a question, another party's view, legal boilerplate, a frame leading the claim it governs):
# nothing may overrule it. The others are the rules' reading of a form (a past tense, a condition, an
# aside), which the learned gate may overrule where, out of fold, it reads the clause better
ANNOTATION_REASONS = ("question", "third_party", "safe_harbor", "frame")
FORM_REASONS = ("past", "condition", "procedure", "second_person", "since_state", "relative", "present")
REJECTED_FOR = ANNOTATION_REASONS + FORM_REASONS
# doc.user_data key: the English cue matches (label, start token, end token) of data/en/cues.jsonl, found
# once by en_claims and read again by the learned gate's features (matching is a third of the rules' time)
CUE_MATCHES = "tracker_en_cue_matches"

# Doc._ extensions
EXT_META = "meta"                  # dict: lang, date (date|None), fiscal_year_end, period (Period|None), company, company_aliases
EXT_NORM_TEXT = "norm_text"        # str, same length as doc.text: script-normalised (simplified, half-width) text
EXT_TEXT = "source_text"           # str == doc.text, kept by the tokenizer: doc.text rebuilds it from tokens on each access
EXT_SPEAKERS = "speakers"          # list[dict]: Speaker model dicts found in the document
EXT_CANDIDATES = "claim_candidates"  # list[dict]: claim mentions ready for claims.extract (see CANDIDATE_FIELDS)

# Span._ extensions
EXT_CLAIM_INFO = "claim_info"  # dict on a CLAIMS span: speaker, kind, negated, confidence, horizon, frame, ...
EXT_TURN = "en_turn"            # dict on a TURNS span: speaker ({...} | None), kind (exec|analyst|operator|narrator)
EXT_QUANTITY = "quantity"      # dict on a QUANTITIES span: value (float|None), unit (str|None)
EXT_OUTCOME = "outcome"        # dict on an OUTCOMES span: metric, metrics, direction, quantities, period, speaker, start, end

CANDIDATE_FIELDS = (
    "text", "start", "end", "speaker", "kind", "negated", "confidence", "horizon",
    "quantities", "entities", "topics", "dedup_key",
)


def register_extensions() -> None:
    """Idempotent: registering twice is a no-op so tests and workers can call it freely."""
    for name, default in ((EXT_META, None), (EXT_NORM_TEXT, None), (EXT_SPEAKERS, None), (EXT_CANDIDATES, None),
                          (EXT_TEXT, None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in (EXT_CLAIM_INFO, EXT_QUANTITY, EXT_TURN, EXT_OUTCOME):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()


def source_text(doc: Doc) -> str:
    """The document's text without rebuilding it from tokens (`doc.text` does, on every access):
    tokenizers that keep the source in `doc._.source_text` spare that; else `doc.text`."""
    t = doc._.get(EXT_TEXT)
    if t is not None and len(doc) and len(t) == doc[-1].idx + len(doc[-1].text_with_ws):
        return t
    return doc.text


def rejection(clause: Span, reason: str) -> Span:
    """A NONCLAIMS span: `clause`, labelled with why the rules rejected it. The learned gate may
    overrule a reading of form ("past", "condition") but never what the annotation rules decide
    ("third_party", "question"); an unknown reason would silently be neither, so it is refused."""
    if reason not in REJECTED_FOR:
        raise ValueError(f"unknown rejection reason {reason!r}: one of {', '.join(REJECTED_FOR)}")
    return Span(clause.doc, clause.start, clause.end, label=reason)
