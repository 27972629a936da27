"""The indicators of a profile: their kinds, populations, targets, bands and the expressions they hold.

Each kind (share, count, ratio, presence…) is a strict model; :data:`Indicator` is their
union, told apart by ``kind``, and :class:`IndicatorEntry` is what a YAML file may say of one
(partial, since a municipal profile overrides the shared ``base``). The rest of a profile is
in :mod:`methodnet.profile.model`, which re-exports these names.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from methodnet.profile.source import SourceRef

Comparator = Literal["min", "max", "exact"]
Level = Literal["municipality", "organization"]
GroupBy = Literal["municipality", "organization", "organization_kind", "level"]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PopulationSpec(StrictModel):
    """Which rows an indicator counts, as a profile writes it (``population: {table, where}``): rows
    of a table, as of the period's end (staff employed, organizations operating). What a kind
    computes from it, the rows themselves, is :class:`methodnet.plugins.Population`."""

    table: str = Field("staff", description="Таблица: staff, organization, event, document…")
    where: str | None = Field(None, description="Условие отбора (выражение)")


class TargetRange(StrictModel):
    """A target between two values («от 60 до 80 %»); either bound may be left out."""

    min: float | None = Field(None, description="Не ниже")
    max: float | None = Field(None, description="Не выше")


#: period (``2025``, ``2024/2025``, ``2025-Q1``), ``2021+`` (from that year on) or ``*`` (every year)
#: → a number or a range (see :mod:`methodnet.profile.targets`)
Targets = dict[str, float | TargetRange]


class ScoreBand(StrictModel):
    """Points for a value in [min, max) — «≥ 90 % — 15 баллов, 70–90 % — 5, < 50 % — −5»."""

    min: float | None = Field(None, description="Значение не ниже (включительно)")
    max: float | None = Field(None, description="Значение ниже (не включительно)")
    points: float = Field(description="Баллы")


class LevelBand(StrictModel):
    """A level named for values from ``min`` on: «высокий» from 25 points, «средний» from 15…"""

    min: float = Field(description="Значение не ниже (включительно)")
    label: str = Field(description="Уровень: высокий, средний, низкий…")


class _IndicatorBase(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Идентификатор (латиница, snake_case)")
    name: str = Field(description="Наименование показателя, как в акте")
    unit: str = Field("%", description="Единица измерения")
    targets: Targets = Field(default_factory=dict, description="Целевые значения по годам (или периодам)")
    comparator: Comparator = Field("min", description="min — не ниже цели, max — не выше, exact — равно")
    cumulative: bool = Field(False, description="Нарастающим итогом с начала программы")
    lookback_years: int | None = Field(None, ge=1, description="Смотреть записи за N последних лет до конца периода")
    source: SourceRef | None = None
    note: str | None = None
    by: list[GroupBy] = Field(default_factory=list, description="Разрезы по умолчанию")
    plugin: str | None = Field(None, description="Плагин, который даёт этот вид показателя")
    own_targets: Targets = Field(default_factory=dict, description=(
        "Второе целевое значение (например, собственное значение региона при федеральном минимуме в targets)"))
    own_target_label: str = Field("собственное значение", description="Как называть второе целевое значение")
    records: Literal["active", "started", "ended"] = Field("active", description=(
        "Какие записи периода считать: active — действовавшие в периоде, started — начатые в нём, "
        "ended — завершённые в нём (курс на стыке кварталов считается один раз)"))
    levels: list[LevelBand] = Field(default_factory=list, description="Уровни по значению (высокий/средний/низкий)")
    max_value: float | None = Field(None, description="Наибольшее возможное значение (сумма баллов «из N»)")
    hidden: bool = Field(False, description="Вспомогательный показатель: считается, но в отчёты не выводится")


class ShareIndicator(_IndicatorBase):
    kind: Literal["share"] = "share"
    population: PopulationSpec
    condition: str


class CountIndicator(_IndicatorBase):
    kind: Literal["count"] = "count"
    unit: str = "ед."
    population: PopulationSpec
    distinct: str | None = Field(None, description="Считать различные значения выражения")


class RatioIndicator(_IndicatorBase):
    kind: Literal["ratio"] = "ratio"
    unit: str = "чел."
    numerator: PopulationSpec
    denominator: PopulationSpec


class PresenceIndicator(_IndicatorBase):
    """A document of a kind exists: for the municipality (yes/no), or in each organization (a share, %)."""

    kind: Literal["presence"] = "presence"
    unit: str = "да/нет"
    document_kind: str
    level: Level = "municipality"
    organizations: str | None = Field(None, description="Какие организации обязаны иметь документ (выражение)")

    @model_validator(mode="after")
    def _share_per_organization(self) -> "PresenceIndicator":
        if self.level == "organization" and self.unit == "да/нет":
            object.__setattr__(self, "unit", "%")  # a share of organizations, not a yes/no
        return self


class SurveyIndicator(_IndicatorBase):
    kind: Literal["survey"] = "survey"
    survey: str
    respondents: str | None = Field(None, description="Условие отбора ответов (выражение)")
    measure: Literal["share_satisfied", "mean"] = "share_satisfied"


class StatisticIndicator(_IndicatorBase):
    kind: Literal["statistic"] = "statistic"
    key: str


class DerivedIndicator(_IndicatorBase):
    kind: Literal["derived"] = "derived"
    formula: str = Field(description="Арифметика над id других показателей")


class ScoreIndicator(_IndicatorBase):
    """Points for another indicator's value by bands (a criterion of a rating)."""

    kind: Literal["score"] = "score"
    unit: str = "балл"
    of: str = Field(description="id показателя, значение которого переводится в баллы")
    bands: list[ScoreBand] = Field(min_length=1, description="Полосы значений и баллы за них")


class ExpertIndicator(_IndicatorBase):
    """Expert scores of a criterion (table ``expert_assessment``): the latest score of each subject in the window."""

    kind: Literal["expert"] = "expert"
    unit: str = "балл"
    criterion: str = Field(description="Код критерия, как в таблице экспертных оценок")
    level: Level = Field("organization", description="Кого оценивают: organization или municipality")
    measure: Literal["mean", "sum"] = Field("mean", description="Среднее по оцениваемым или сумма")


class MunicipalitiesShareIndicator(_IndicatorBase):
    """Region level: the share of municipalities where another indicator meets its target."""

    kind: Literal["municipalities_share"] = "municipalities_share"
    of: str = Field(description="id показателя, вычисляемого по муниципалитетам")
    status: Literal["met", "measured"] = Field("met", description="met — достигли цели; measured — есть значение")


class NormalizedIndicator(_IndicatorBase):
    """Region level: 100 × value / the best municipality's value (a rating across municipalities)."""

    kind: Literal["normalized"] = "normalized"
    unit: str = "балл"
    of: str = Field(description="id показателя, вычисляемого по муниципалитетам")
    best: Literal["max", "min"] = Field("max", description="Лучшее значение — наибольшее или наименьшее")


class DeficitClosureIndicator(_IndicatorBase):
    """Deficits found in the window and closed by a later diagnostic (by the window's end), %."""

    kind: Literal["deficit_closure"] = "deficit_closure"


class PluginIndicator(_IndicatorBase):
    """A kind a plugin provides (``namespace.kind``); its parameters are the plugin's to check."""

    kind: str = Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$")
    params: dict[str, Any] = Field(default_factory=dict)


BUILTIN_KINDS = ("share", "count", "ratio", "presence", "survey", "statistic", "derived", "deficit_closure",
                 "score", "expert", "municipalities_share", "normalized")
#: kinds computed from other indicators' results, after them
RESULT_KINDS = ("derived", "score", "municipalities_share", "normalized")
#: the kinds computed from one other indicator (``of``)
OfIndicator = ScoreIndicator | MunicipalitiesShareIndicator | NormalizedIndicator


def _indicator_kind(value: Any) -> str:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if kind in BUILTIN_KINDS else "plugin"


Indicator = Annotated[
    Annotated[ShareIndicator, Tag("share")]
    | Annotated[CountIndicator, Tag("count")]
    | Annotated[RatioIndicator, Tag("ratio")]
    | Annotated[PresenceIndicator, Tag("presence")]
    | Annotated[SurveyIndicator, Tag("survey")]
    | Annotated[StatisticIndicator, Tag("statistic")]
    | Annotated[DerivedIndicator, Tag("derived")]
    | Annotated[DeficitClosureIndicator, Tag("deficit_closure")]
    | Annotated[ScoreIndicator, Tag("score")]
    | Annotated[ExpertIndicator, Tag("expert")]
    | Annotated[MunicipalitiesShareIndicator, Tag("municipalities_share")]
    | Annotated[NormalizedIndicator, Tag("normalized")]
    | Annotated[PluginIndicator, Tag("plugin")],
    Discriminator(_indicator_kind),
]


class IndicatorEntry(StrictModel):
    """An indicator as a file may write it: full, or partial over a parent's (``from`` / same id)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    from_: str | None = Field(None, alias="from", description="id показателя родительского профиля за основу")
    kind: str | None = None
    name: str | None = None
    unit: str | None = None
    targets: Targets | None = None
    comparator: Comparator | None = None
    cumulative: bool | None = None
    lookback_years: int | None = None
    source: SourceRef | None = None
    note: str | None = None
    by: list[GroupBy] | None = None
    plugin: str | None = None
    population: PopulationSpec | None = None
    condition: str | None = None
    distinct: str | None = None
    numerator: PopulationSpec | None = None
    denominator: PopulationSpec | None = None
    document_kind: str | None = None
    level: Level | None = None
    organizations: str | None = None
    survey: str | None = None
    respondents: str | None = None
    measure: Literal["share_satisfied", "mean", "sum"] | None = None
    key: str | None = None
    formula: str | None = None
    params: dict[str, Any] | None = None
    own_targets: Targets | None = None
    own_target_label: str | None = None
    records: Literal["active", "started", "ended"] | None = None
    levels: list[LevelBand] | None = None
    max_value: float | None = None
    hidden: bool | None = None
    of: str | None = None
    bands: list[ScoreBand] | None = None
    criterion: str | None = None
    status: Literal["met", "measured"] | None = None
    best: Literal["max", "min"] | None = None


def indicator_expressions(ind: Indicator) -> list[tuple[tuple[str, ...], str, str]]:
    """Every expression an indicator holds: (path in the entry, text, table it runs over).

    The loader checks them (and locates problems by the path); the engine compiles them.
    """
    found: list[tuple[tuple[str, ...], str, str]] = []
    if isinstance(ind, ShareIndicator | CountIndicator):
        if ind.population.where:
            found.append((("population", "where"), ind.population.where, ind.population.table))
        if isinstance(ind, ShareIndicator):
            found.append((("condition",), ind.condition, ind.population.table))
        elif ind.distinct:
            found.append((("distinct",), ind.distinct, ind.population.table))
    elif isinstance(ind, RatioIndicator):
        for side, population in (("numerator", ind.numerator), ("denominator", ind.denominator)):
            if population.where:
                found.append(((side, "where"), population.where, population.table))
    elif isinstance(ind, PresenceIndicator) and ind.organizations:
        found.append((("organizations",), ind.organizations, "organization"))
    elif isinstance(ind, SurveyIndicator) and ind.respondents:
        found.append((("respondents",), ind.respondents, "survey_response"))
    return found
