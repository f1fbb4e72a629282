"""Normalize: clean article text as it comes and fold names into matching keys."""
from kg.normalize.text import clean_text, fold_tones, name_key, ascii_slug

__all__ = ["clean_text", "fold_tones", "name_key", "ascii_slug"]
