"""Example methodnet plugin for the fictional Энская область."""
