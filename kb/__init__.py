"""policykb: a knowledge base of Shanxi's follow-up support policy for poverty-alleviation relocation."""

__version__ = "0.1.0"
