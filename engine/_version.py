"""The engine's version: written into saved games and batch descriptions."""

__version__ = "0.1.0"
