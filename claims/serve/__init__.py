"""`claims serve`: a local web app over the ledger (due queue, claims in their passages, verdicts,
people, companies, topics, search, ego graphs), with a JSON twin of every page under /api/."""
from __future__ import annotations

from .app import check_bind, create_app, is_loopback, verdict_errors

__all__ = ["check_bind", "create_app", "is_loopback", "verdict_errors"]
