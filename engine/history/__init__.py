"""Played campaigns kept and judged: replay files, recorded and adjudicated replays, saved
games, fidelity to the record, calibration and paired comparison."""
