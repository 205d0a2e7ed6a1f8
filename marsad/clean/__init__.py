"""Clean stage: tidy text, drop boilerplate and repeats (recorded), detect language, link near-duplicates."""

from marsad.clean.paragraphs import CleanRules, clean_text, split_paragraphs
from marsad.clean.stage import CLEAN_VERSION, CleanSummary, run_clean

__all__ = ["CLEAN_VERSION", "CleanRules", "CleanSummary", "clean_text", "run_clean", "split_paragraphs"]
