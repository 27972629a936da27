"""What an act says besides indicators: its purpose, bodies, officials and terms.

A methodist hands the report to the department as the act's monitoring, so the report
must show who does what under the act (the control body, the responsible official, the
unit the service works in), what the act is for (goal, tasks) and how it defines its
words (Петровский's glossary). These sections are optional metadata of a profile:
nothing is computed from them; they are kept next to the act's indicators so the act
is encoded whole and a checklist item can point at its line in the profile.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from methodnet.profile.source import SourceRef


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Body(_Strict):
    """A body named by the act: an authority, the service's host unit, a partner, a council."""

    name: str = Field(description="Полное наименование, как в акте")
    short_name: str | None = Field(None, description="Сокращение, как в акте (ИМО, ЦТОУО…)")
    roles: list[str] = Field(default_factory=list,
                             description="Что этот орган делает по акту (учредитель, контроль, база ММС…)")
    source: SourceRef | None = None


class Official(_Strict):
    """A position the act makes responsible for something (by position only, never a name)."""

    position: str = Field(description="Должность, как в акте")
    duty: str = Field(description="За что отвечает по акту (контроль исполнения, реализация…)")
    source: SourceRef | None = None


class Purpose(_Strict):
    """The act's goal, tasks, functions and expected results, in its own words."""

    goal: str | None = Field(None, description="Цель")
    tasks: list[str] = Field(default_factory=list, description="Задачи")
    functions: list[str] = Field(default_factory=list, description="Функции (для положений)")
    directions: list[str] = Field(default_factory=list, description="Направления деятельности")
    expected_results: list[str] = Field(default_factory=list, description="Ожидаемые результаты")
    source: SourceRef | None = None


class GlossaryTerm(_Strict):
    """A term the act defines («В Концепции используются следующие понятия…»)."""

    term: str
    definition: str
    source: SourceRef | None = None
