"""The indicator engine: periods, indicator kinds, assembly of results, targets."""
