"""Members a profile adds to the closed vocabularies (``vocabularies: {organization_kinds: …}``).

Why not an open text column: a region's act counts «ЦНППМ» or «сетевая форма», the
municipal acts do not; the closed vocabularies keep every other dataset checked (a typo
in «тип организации» is an error with the allowed values, not a new kind). So the enums
stay the base, and a profile's additions are data: :class:`Extensions` is applied to a
:class:`~methodnet.model.spec.TableRegistry` (``registry.extended(…)``), whose columns
then accept, suggest, list in the intake form's drop-downs and label the added members
exactly like the declared ones. Data loaded without that profile still reject them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from methodnet.model.vocab import (
    EventKind,
    Member,
    OrganizationKind,
    ProgramKind,
    RoleKind,
    StaffCategory,
    StudyForm,
    Vocabulary,
    normalize_label,
)

#: The vocabularies a profile may add members to: the name under ``vocabularies:`` → enum.
#: Statuses and roles the engine reasons about (training status, IOM status…) stay closed.
EXTENSIBLE: dict[str, type[Vocabulary]] = {
    "organization_kinds": OrganizationKind,
    "staff_categories": StaffCategory,
    "event_kinds": EventKind,
    "program_kinds": ProgramKind,
    "study_forms": StudyForm,
    "role_kinds": RoleKind,
}

#: What each extensible vocabulary is (the profile's JSON Schema and the docs show it).
EXTENSIBLE_RU = {
    "organization_kinds": "типы организаций (organization.kind), например cnppm: ЦНППМ",
    "staff_categories": "категории работников (staff.category)",
    "event_kinds": "виды мероприятий (event.kind)",
    "program_kinds": "виды программ ДПО (program.kind)",
    "study_forms": "формы обучения (program.form), например network: сетевая",
    "role_kinds": "роли работников (role.kind)",
}

CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Extensions:
    """Added members per vocabulary; hashable, so table specs that carry it stay comparable."""

    added: tuple[tuple[type[Enum], tuple[Member, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added)

    def of(self, vocabulary: type[Enum] | None) -> tuple[Member, ...]:
        for enum, members in self.added:
            if enum is vocabulary:
                return members
        return ()

    def merged(self, other: "Extensions") -> "Extensions":
        """These and ``other``'s members (``other`` wins on a code both add)."""
        result: dict[type[Enum], dict[str, Member]] = {}
        for source in (self, other):
            for enum, members in source.added:
                result.setdefault(enum, {}).update({m.code: m for m in members})
        return Extensions(tuple((enum, tuple(members.values())) for enum, members in result.items()))

    @classmethod
    def from_profile(cls, vocabularies: Mapping[str, Mapping[str, str]],
                     synonyms: Mapping[str, Mapping[str, Sequence[str]]] | None = None) -> "Extensions":
        """From a profile's ``vocabularies`` (code → label) and its synonyms (code → spellings)."""
        synonyms = synonyms or {}
        added = []
        for name, enum in EXTENSIBLE.items():
            entries = vocabularies.get(name) or {}
            if entries:
                added.append((enum, tuple(Member(code, label, tuple(synonyms.get(name, {}).get(code, ())))
                                          for code, label in entries.items())))
        return cls(tuple(added))


def member_problems(name: str, code: str, label: str, synonyms: Sequence[str],
                    taken: dict[str, str]) -> list[tuple[str, str, str]]:
    """Why a member cannot be added: ``(code, detail, hint)`` for each problem (none if it can).

    ``taken`` maps every spelling already in use (normalized) to the code it stands for;
    the member's own spellings are added to it, so a second member reusing them is caught.
    A spelling that already means another member would make loading ambiguous: «ИПК»
    is an ``dpo_institute`` already, it cannot also be ``ippk``.
    """
    enum = EXTENSIBLE[name]
    problems: list[tuple[str, str, str]] = []
    if not CODE.match(code):
        problems.append(("vocabulary_bad_code", f"{name}: код «{code}»",
                         "код — латиница в нижнем регистре, цифры и «_», с буквы (например, cnppm); "
                         "русское название пишется значением: cnppm: ЦНППМ"))
        return problems
    if code in {m.value for m in enum}:
        base = enum(code)
        problems.append(("vocabulary_member_exists", f"{name}: «{code}» ({base.ru})",
                         f"«{code}» уже есть в словаре: уберите его из профиля или выберите другой код"))
        return problems
    for spelling in (label, *synonyms):
        key = normalize_label(spelling)
        owner = taken.get(key)
        if owner is not None and owner != code:
            problems.append(("vocabulary_member_exists", f"{name}: «{spelling}» уже означает «{owner}»",
                             f"напишите данные с кодом «{owner}» или выберите для «{code}» другое название"))
        else:
            taken[key] = code
    taken[normalize_label(code)] = code
    return problems


def taken_spellings(name: str) -> dict[str, str]:
    """Every spelling the declared members of a vocabulary use (normalized) → its code."""
    return dict(EXTENSIBLE[name].lookup())
