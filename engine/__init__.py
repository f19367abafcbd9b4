"""A general engine for historical tabletop wargame scenarios.

Nothing in this package names a particular battle: a battle is a scenario file under
``scenarios/`` (places, roads, forces, calendar) built from a seed article under ``seeds/``,
with its record under ``replays/``.

The public API, in the order of the data flow (each name is loaded the first time it is
used, so ``import engine`` stays quick)::

    scenario = engine.load_scenario("scenarios/NAME.yaml")          # checked, frozen
    game = engine.build_game(scenario)                               # arrays for the turn
    history = engine.play_campaign(game, seed=1, players=engine.commanders(game))
    engine.summary(game, history)                                    # what it came to

Scenario: :func:`load_scenario`, :class:`Scenario`. The turn: :func:`build_game`,
:class:`Game`, :class:`State`, :func:`initial_state`, :class:`Order`, :func:`parse_order`,
:data:`VERBS`, :func:`play_turn`, :class:`Turn`. Playing: :class:`Player`, :class:`Scripted`,
:func:`commanders` (each side's default commander, fresh for a campaign), :func:`players`
(commanders by kind), :class:`Historical`, :class:`Heuristic`, :class:`Search`, :func:`ai_orders`
(the heuristic's orders for a day), :class:`History`, :func:`play_on`,
:func:`play_campaign`, :func:`rerun`, :func:`summary`, :func:`objective_met`. The record:
:func:`load_replay_file`, :class:`ReplayFile`, :func:`play_replay`, :func:`play_runs`,
:class:`Replay`, :func:`fidelity`. Batches: :class:`BatchSpec`, :class:`Factor`,
:func:`run_batch`, :class:`BatchResult`, :func:`play_batch`. Errors: :class:`WargameError`
(every error about bad input), :class:`ScenarioError` (with every :class:`Problem` of a file).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from engine._version import __version__

#: Public name -> the module that defines it.
_WHERE = {
    "load_scenario": "engine.scenario.loader",
    "Scenario": "engine.scenario.model",
    "build_game": "engine.sim.game",
    "Game": "engine.sim.game",
    "State": "engine.sim.state",
    "initial_state": "engine.sim.state",
    "Order": "engine.sim.orders",
    "parse_order": "engine.sim.orders",
    "VERBS": "engine.sim.verbs",
    "play_turn": "engine.sim.turn",
    "battle": "engine.sim.battle",
    "Assault": "engine.sim.battle",
    "BattleOdds": "engine.sim.battle",
    "Turn": "engine.sim.turn",
    "Player": "engine.play.player",
    "Scripted": "engine.play.player",
    "ai_orders": "engine.play.ai",
    "Heuristic": "engine.play.ai",
    "commanders": "engine.play.commanders",
    "players": "engine.play.commanders",
    "Historical": "engine.play.historical",
    "Search": "engine.play.search",
    "History": "engine.play.campaign",
    "play_on": "engine.play.campaign",
    "play_campaign": "engine.play.campaign",
    "rerun": "engine.play.campaign",
    "summary": "engine.play.metrics",
    "objective_met": "engine.play.metrics",
    "load_replay_file": "engine.play.replayfile",
    "ReplayFile": "engine.play.replayfile",
    "play_replay": "engine.history.replay",
    "play_runs": "engine.history.replay",
    "Replay": "engine.history.replay",
    "fidelity": "engine.history.fidelity",
    "BatchSpec": "engine.batch.spec",
    "Factor": "engine.batch.factors",
    "run_batch": "engine.batch.run",
    "BatchResult": "engine.batch.run",
    "play_batch": "engine.batch.run",
    "WargameError": "engine.errors",
    "ScenarioError": "engine.errors",
    "Problem": "engine.errors",
}

__all__ = [
    "VERBS",
    "Assault",
    "BatchResult",
    "BatchSpec",
    "BattleOdds",
    "Factor",
    "Game",
    "Heuristic",
    "Historical",
    "History",
    "Order",
    "Player",
    "Problem",
    "Replay",
    "ReplayFile",
    "Scenario",
    "ScenarioError",
    "Scripted",
    "Search",
    "State",
    "Turn",
    "WargameError",
    "__version__",
    "ai_orders",
    "battle",
    "build_game",
    "commanders",
    "fidelity",
    "initial_state",
    "load_replay_file",
    "load_scenario",
    "objective_met",
    "parse_order",
    "play_batch",
    "play_campaign",
    "play_on",
    "play_replay",
    "play_runs",
    "play_turn",
    "players",
    "rerun",
    "run_batch",
    "summary",
]


def __getattr__(name: str) -> Any:
    """Load a public name on first use (PEP 562)."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # what type checkers and editors see
    from engine.batch.factors import Factor
    from engine.batch.run import BatchResult, play_batch, run_batch
    from engine.batch.spec import BatchSpec
    from engine.errors import Problem, ScenarioError, WargameError
    from engine.history.fidelity import fidelity
    from engine.history.replay import Replay, play_replay, play_runs
    from engine.play.ai import Heuristic, ai_orders
    from engine.play.campaign import History, play_campaign, play_on, rerun
    from engine.play.commanders import commanders, players
    from engine.play.historical import Historical
    from engine.play.metrics import objective_met, summary
    from engine.play.player import Player, Scripted
    from engine.play.replayfile import ReplayFile, load_replay_file
    from engine.play.search import Search
    from engine.scenario.loader import load_scenario
    from engine.scenario.model import Scenario
    from engine.sim.game import Game, build_game
    from engine.sim.orders import Order, parse_order
    from engine.sim.state import State, initial_state
    from engine.sim.turn import Turn, play_turn
    from engine.sim.verbs import VERBS
