"""Activity rows of a synthetic dataset: diagnostics, trainings, IOMs, mentoring, events, documents…

The tables are generated in four modules, one a group of tables that belong together:
:mod:`~methodnet.synth.development` (competencies, diagnostics, programs, trainings, IOMs),
:mod:`~methodnet.synth.community` (mentorships, associations, roles),
:mod:`~methodnet.synth.events` (events and participation) and
:mod:`~methodnet.synth.records` (documents, attestations, surveys, statistics).
This module gathers them for :mod:`methodnet.synth.generator`, which calls them in a fixed
order, so the same seed gives the same rows.
"""

from __future__ import annotations

from methodnet.synth.community import _associations, _mentorships, _roles
from methodnet.synth.development import _competencies, _diagnostics, _employed, _ioms, _programs, _trainings
from methodnet.synth.events import _events
from methodnet.synth.records import _attestations, _documents, _statistics, _surveys

__all__ = ["_associations", "_attestations", "_competencies", "_diagnostics", "_documents", "_employed", "_events",
           "_ioms", "_mentorships", "_programs", "_roles", "_statistics", "_surveys", "_trainings"]
