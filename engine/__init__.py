"""A general engine for historical tabletop wargame scenarios.

Nothing in this package names a particular battle: a battle is a scenario file under
``scenarios/`` (places, roads, forces, calendar) built from a seed article under ``seeds/``.
"""

__version__ = "0.1.0"
