"""Indicators, targets, survey rounds and their values: the measurement layer of ovop."""
