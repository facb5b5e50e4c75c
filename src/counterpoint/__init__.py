"""Counterpoint: argue with a body of writing, with every quote verified at its offsets."""

__version__ = "0.1.0"
