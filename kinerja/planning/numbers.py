"""Moved to ``kinerja.core.numbers``, the one reader of numbers for every app; kept so that old imports work."""

from kinerja.core.numbers import parse_number

__all__ = ["parse_number"]
