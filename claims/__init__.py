"""claims-tracker: forward-looking claims from earnings calls, kept in a verifiable ledger."""
from claims.core.errors import BadInput, ClaimsError, LedgerError, NotFound
from claims.core.models import (
    Claim,
    Document,
    Entity,
    Horizon,
    Mention,
    Quantity,
    Speaker,
    Verdict,
)

__version__ = "0.1.0"
__all__ = [
    "BadInput", "ClaimsError", "LedgerError", "NotFound",
    "Claim", "Document", "Entity", "Horizon", "Mention", "Quantity", "Speaker", "Verdict",
]
