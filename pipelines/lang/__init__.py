"""Language-specific tokenizers: they only pick and wrap a segmenter, no extraction logic."""
