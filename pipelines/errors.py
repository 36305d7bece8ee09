"""Errors raised by pipelines; the CLI turns them into one `Error: ...` line."""


class PipelineError(Exception):
    """A pipeline could not be built or run (missing backend, model or data file)."""


class DataFileError(PipelineError):
    """A lexicon, pattern or registry file is missing or fails its schema."""
