"""The text and JSON reports of show, run, replay, calibrate and compare."""
