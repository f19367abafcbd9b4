"""The ``wargame`` command: the argument parser and one module per command group."""

from engine.cli.main import main

__all__ = ["main"]
