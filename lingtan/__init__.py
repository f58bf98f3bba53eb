"""lingtan (零碳): data validation, scoring, form generation and evidence checking for
zero-carbon, near-zero-carbon and green low-carbon factory applications."""

__version__ = "0.1.0"
