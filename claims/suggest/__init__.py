"""Evidence suggestions: for a claim whose deadline has passed, what the company later reported,
and the verdict that report suggests.

Outcome statements (pipelines/components/outcome_detector.py) are stored with each document. For a
due claim the candidates are the outcomes of documents of the same company (or stated by the same
person) dated after the claim was made, whose reported period overlaps the claim's horizon (a claim
without a horizon takes reports of the following year). One module per step:

- `figures`: the figures of a text, read so that like compares with like (kind, scale, basis,
  direction, bands and bounds);
- `facts`: what one side says (metrics and their words, the business named, topics, figures,
  direction, basis, period, wording);
- `scoring`: how likely an outcome is the report on the claim (0-100, with reasons);
- `verdict`: the verdict it suggests (kept / partial / broken / none);
- `suggester`: over a ledger, best first, offered only when the best is confident.

Suggestions are never recorded by themselves: a reviewer accepts one (`Ledger.verify(...,
suggested=True)`, the web claim page's accept button), which records an ordinary verdict by that
reviewer.
"""
from __future__ import annotations

from .facts import (
    Facts,
    claim_facts,
    lang_of,
    outcome_facts,
    primary_metric,
    qualifiers,
)
from .figures import Figure, read_figures
from .scoring import score
from .suggester import (
    CLEAR_MARGIN,
    CONFIDENT_SCORE,
    MIN_SCORE,
    Suggester,
    Suggestion,
    find_suggestion,
    is_confident,
    suggest,
    suggestions_for,
)
from .verdict import Match, closest, compare

__all__ = ["CLEAR_MARGIN", "CONFIDENT_SCORE", "MIN_SCORE", "Facts", "Figure", "Match", "Suggester", "Suggestion",
           "claim_facts", "closest", "compare", "find_suggestion", "is_confident", "lang_of", "outcome_facts",
           "primary_metric", "qualifiers", "read_figures", "score", "suggest", "suggestions_for"]
