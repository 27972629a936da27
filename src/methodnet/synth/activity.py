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

from methodnet.synth.community import make_associations, make_mentorships, make_roles
from methodnet.synth.development import (
    employed_mask,
    make_competencies,
    make_diagnostics,
    make_ioms,
    make_programs,
    make_trainings,
)
from methodnet.synth.events import make_events
from methodnet.synth.records import make_attestations, make_documents, make_statistics, make_surveys

__all__ = ["employed_mask", "make_associations", "make_attestations", "make_competencies", "make_diagnostics",
           "make_documents", "make_events", "make_ioms", "make_mentorships", "make_programs", "make_roles",
           "make_statistics", "make_surveys", "make_trainings"]
