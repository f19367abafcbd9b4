"""A general engine for historical tabletop wargame scenarios.

Nothing in this package names a particular battle: a battle is a scenario file under
``scenarios/`` (places, roads, forces, calendar) built from a seed article under ``seeds/``.
"""

from engine._version import __version__

__all__ = ["__version__"]
