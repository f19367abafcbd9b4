"""The turn engine: the theatre and game arrays, the state, orders, chance, combat, the
who-is-where queries and the turn's phases."""
