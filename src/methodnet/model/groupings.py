"""Groupings a profile defines as data (subject cycles…): named sets of items that may overlap.

An act groups subjects into cycles («гуманитарный, естественно-математический,
физико-математический, естественно-географический и др.») without saying that a subject
belongs to one cycle only — and it does not: математика is both естественно-математический
and физико-математический. So a grouping is a mapping name → set, and every question is
asked of *all* the sets that hold an item, never of the first one listed.

Items are matched by name, the way the data write them: case and spacing ignored, and a
listed item matches a data value that contains it as a whole phrase (the list's «история»
matches the staff subject «история и обществознание», «литература» matches «русский язык
и литература»). The profile can list a data value verbatim to be exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache


def normalize(name: str) -> str:
    """Lower case, one space between words, «ё» as «е» (how the same subject is spelled apart)."""
    return " ".join(name.lower().replace("ё", "е").split())


@lru_cache(maxsize=65536)  # a school's check asks the same few pairs again and again
def names_match(listed: str, value: str) -> bool:
    """Whether a listed item names the data value: equal, or a whole phrase of it (either way)."""
    a, b = normalize(listed), normalize(value)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long) is not None


def _items(listed: str | Iterable[str]) -> tuple[str, ...]:
    parts = listed.split(",") if isinstance(listed, str) else list(listed)
    return tuple(p.strip() for p in parts if p and p.strip())


@dataclass(frozen=True)
class Grouping:
    """Named, possibly overlapping sets of items (``vocabularies.subject_cycles`` and the like)."""

    groups: dict[str, tuple[str, ...]]

    @classmethod
    def from_vocabulary(cls, vocabulary: Mapping[str, str | Iterable[str]] | None) -> "Grouping":
        """From the profile's vocabulary: group → items, comma-separated or a list."""
        return cls({name: _items(listed) for name, listed in (vocabulary or {}).items()})

    def groups_of(self, item: str) -> tuple[str, ...]:
        """Every group holding ``item`` (in the profile's order); empty when none does."""
        return tuple(g for g, items in self.groups.items() if any(names_match(i, item) for i in items))

    def contains(self, group: str, item: str) -> bool:
        """Whether ``group`` holds ``item``; an unknown group holds nothing."""
        return any(names_match(i, item) for i in self.groups.get(group, ()))
