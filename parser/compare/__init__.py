"""Comparison of decrees by meaning: facts aligned by concept (kind and language-free keys),
a matrix of concepts by decree, and clause texts side by side."""

from .align import Alignment, align, concept, value
from .matrix import Decree, Row, matrix

__all__ = ["Alignment", "Decree", "Row", "align", "concept", "matrix", "value"]
