"""Recurring themes in feedback, grounded in verbatim quotes, with a practice plan."""

from nextround.themes.engine import ENGINE_VERSION, ThemeEngine, ThemeOptions
from nextround.themes.summarize import OfflineSummarizer, Summarizer, ThemeDraft, ThemeText
from nextround.themes.taxonomy import Competency, Taxonomy, load_taxonomy

__all__ = [
    "ENGINE_VERSION",
    "Competency",
    "OfflineSummarizer",
    "Summarizer",
    "Taxonomy",
    "ThemeDraft",
    "ThemeEngine",
    "ThemeOptions",
    "ThemeText",
    "load_taxonomy",
]
