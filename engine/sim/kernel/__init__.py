"""The compiled kernel: the turn's rules again, over C arrays, for speed.

The rules of :mod:`engine.sim` are the reference, written to be read; this package plays
the same rules compiled (Cython, with numpy's own random distributions), and a test
requires both to reach the same state every day of many campaigns. Which one plays is a
choice (:func:`engine.sim.kernel.turn.turn_rules`): the compiled one where it is built,
unless ``WARGAME_TURN=reference``. The commanders' daily work is compiled the same way
(``_command``: the heuristic commander's day and the adaptation of a plan; ``_plan``: the
following of a plan), fed by :mod:`engine.play.compiled`.
"""
