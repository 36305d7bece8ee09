"""Exceptions the library raises; the CLI maps each to one `Error: ...` line and exit 1."""


class ClaimsError(Exception):
    """Base class: anything a user can fix by changing input or options."""


class BadInput(ClaimsError):
    """A file, option or metadata value that cannot be used."""


class NotFound(ClaimsError):
    """An id that is not in the ledger."""


class LedgerError(ClaimsError):
    """The ledger cannot be opened or a write failed (nothing was changed)."""


class AuditError(ClaimsError):
    """The event hash chain does not verify."""


class PipelineError(Exception):
    """A pipeline could not be built or run (missing backend, model or data file)."""


class DataFileError(PipelineError):
    """A lexicon, pattern or registry file is missing or fails its schema."""
