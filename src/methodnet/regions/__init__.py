"""Regional packs, shipped with methodnet and registered through the same entry points a
third-party plugin uses (``[project.entry-points.methodnet]`` in pyproject.toml)."""
