"""Profiles of municipal acts: the model, loading from YAML and what a profile needs from the data."""
