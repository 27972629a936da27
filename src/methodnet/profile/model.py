"""The profile: one municipal act as data.

Two layers. :class:`ProfileFile` is what a YAML file may say — indicator entries can be
partial, because a municipal profile overrides the shared ``base`` (name, targets,
source) without copying definitions; the JSON Schema in ``schemas/profile.schema.json``
is generated from it. After ``extends`` is resolved each indicator is validated strictly
as one of the :data:`Indicator` kinds, and the result is a :class:`Profile`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from methodnet.profile.act_meta import Body, GlossaryTerm, Official, Purpose
from methodnet.profile.source import SourceRef

Comparator = Literal["min", "max", "exact"]
Level = Literal["municipality", "organization"]
GroupBy = Literal["municipality", "organization", "organization_kind", "level"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Act(_Strict):
    title: str = Field(description="Название акта")
    kind: str | None = Field(None, description="Вид: приказ, программа, положение, концепция")
    number: str | None = Field(None, description="Номер")
    date: dt.date | None = Field(None, description="Дата")
    issuer: str | None = Field(None, description="Кто издал")
    adopted: str | None = Field(None, description="Кем рассмотрен и принят (совет, протокол), как в акте")
    basis: list[str] = Field(default_factory=list, description="На основе каких документов разработан")
    source: SourceRef | None = None


class ProgramPeriod(_Strict):
    start: int = Field(description="Первый год программы")
    end: int | None = Field(None, description="Последний год программы (нет — бессрочно)")

    def contains(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year <= self.end)


class Stage(_Strict):
    name: str
    start: int
    end: int
    note: str | None = None
    content: list[str] = Field(default_factory=list, description="Содержание деятельности на этапе")
    results: list[str] = Field(default_factory=list, description="Результаты этапа")
    source: SourceRef | None = None


class Monitoring(_Strict):
    per_year: int = Field(ge=1, description="Сколько раз в год проводится мониторинг (не реже)")
    note: str | None = None
    source: SourceRef | None = None
    directions: list[str] = Field(default_factory=list, description="О чём собирается информация")
    methods: list[str] = Field(default_factory=list, description="Методы и источники сбора информации")


class OrganizationEntry(_Strict):
    name: str
    short_name: str | None = None
    kind: str | None = None


class PopulationSpec(_Strict):
    """Which rows an indicator counts, as a profile writes it (``population: {table, where}``): rows
    of a table, as of the period's end (staff employed, organizations operating). What a kind
    computes from it, the rows themselves, is :class:`methodnet.plugins.Population`."""

    table: str = Field("staff", description="Таблица: staff, organization, event, document…")
    where: str | None = Field(None, description="Условие отбора (выражение)")


class VocabularyTerm(_Strict):
    """A member a profile adds, with the other spellings data may use for it."""

    label: str = Field(description="Русское название (так значение показывают отчёты и форма сбора)")
    synonyms: list[str] = Field(default_factory=list, description="Другие написания в данных: «цнппм», «центр НППМ»")


#: Members added to a closed vocabulary: code (latin, snake_case) → label, or label with synonyms.
#: The code's form is checked by the loader (to name the key's line and say how to write it).
AddedMembers = dict[str, str | VocabularyTerm]


class Vocabularies(BaseModel):
    """What ``vocabularies:`` may hold (the JSON Schema lists these; the loader reports any other name).

    The profile's own vocabularies (document kinds, contests…) are code → label. The
    closed vocabularies of the data (organization kinds, staff categories, event kinds,
    program kinds, study forms, role kinds) get members added: data loaded for this
    profile accept them, expressions may compare with them, reports show their labels.
    """

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, dict[str, Any]]

    document_kinds: dict[str, str] | None = Field(None, description="Виды документов (локальные акты, планы, мониторинги)")
    contests: dict[str, str] | None = Field(None, description="Конкурсы профессионального мастерства")
    subject_cycles: dict[str, str] | None = Field(None, description="Циклы предметов (для ШМО): цикл → предметы через запятую")
    competency_areas: dict[str, str] | None = Field(None, description="Области компетенций")
    competencies: dict[str, str] | None = Field(None, description="Компетенции рамки")
    tags: dict[str, str] | None = Field(None, description="Метки программ и мероприятий")
    organization_kinds: AddedMembers | None = Field(
        None, description="Добавить типы организаций (organization.kind), например cnppm: ЦНППМ")
    staff_categories: AddedMembers | None = Field(None, description="Добавить категории работников (staff.category)")
    event_kinds: AddedMembers | None = Field(None, description="Добавить виды мероприятий (event.kind)")
    program_kinds: AddedMembers | None = Field(None, description="Добавить виды программ ДПО (program.kind)")
    study_forms: AddedMembers | None = Field(
        None, description="Добавить формы обучения (program.form), например network: сетевая")
    role_kinds: AddedMembers | None = Field(None, description="Добавить роли работников (role.kind)")


class Parameters(_Strict):
    young_max_age: int = Field(35, description="Молодой педагог: возраст меньше")
    young_max_years: int = Field(3, description="Молодой педагог: педагогический стаж меньше (лет)")
    satisfied_min_share: float = Field(0.8, description="Анкеты: доля максимума шкалы, с которой ответ — «удовлетворён»")
    extra: dict[str, Any] = Field(default_factory=dict, description="Другие параметры (правила, плагины)")


class RuleEntry(_Strict):
    id: str
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    severity: Literal["error", "warning", "info"] = "warning"
    source: SourceRef | None = None


class RoadmapItem(_Strict):
    id: str
    title: str
    deadline: str | None = Field(None, description="Срок, как в акте (месяц, «в течение периода»)")
    due: dt.date | None = Field(None, description="Крайняя дата, если срок определённый")
    responsible: str | None = None
    expected_result: str | None = None
    repeats: str | None = Field(None, description="id пункта, который этот пункт повторяет")
    recurrence: Literal["yearly"] | None = Field(
        None, description="yearly — срок (месяц без года) повторяется в каждый год программы; due — первый срок")
    stage: str | None = Field(None, description="Этап программы, к которому относится мероприятие")
    source: SourceRef | None = None


class SpravkaSection(_Strict):
    """A direction of the analytical note: its heading and the indicators it shows (ids or globs)."""

    title: str
    indicators: list[str] = Field(description="id показателей или шаблоны вида diagnostics_*")
    to: list[Literal["associations", "teachers"]] = Field(
        default_factory=list, description="Кому ещё адресовать рекомендации по невыполненным показателям направления")


class FindingAdvice(_Strict):
    """What the note recommends when a rule has findings, and to whom."""

    to: Literal["department", "service", "organizations", "associations", "teachers", "none"]
    text: str = Field(description="Шаблон предложения: {count} (число замечаний), {people}, {organizations}")


class SpravkaSettings(_Strict):
    """The analytical note (аналитическая справка): template, addressees, directions, recommendation wording.

    Sentence templates are ``str.format`` strings; counts take a case, ``{indicators:дат}``
    → «3 показателям». A municipal profile overrides single keys; the rest comes from ``base``.
    """

    template: str | None = Field(None, description="Шаблон DOCX (путь относительно файла профиля)")
    author: str | None = Field(None, description="Кто составляет справку (реквизит «наименование организации»)")
    signer: str | None = Field(None, description="Должность и И. О. Фамилия подписывающего")
    heading: str | None = Field(None, description="Заголовок к тексту: шаблон с {period} («за 2025 год»)")
    goal: str | None = Field(None, description="Цель мониторинга (раздел «Общие сведения»)")
    addressees: dict[str, str] = Field(default_factory=dict, description="Адресаты в дательном падеже по ключам")
    sections: list[SpravkaSection] = Field(default_factory=list, description="Направления (разделы результатов)")
    risk_share: float = Field(0.5, ge=0, le=1, description="Зона риска: доля невыполненных показателей организации не ниже")
    recommendations: dict[str, str] = Field(default_factory=dict, description="Шаблоны рекомендаций по ключам")
    findings: dict[str, FindingAdvice] = Field(default_factory=dict, description="Рекомендации по замечаниям правил")


# ---------------------------------------------------------------------------- indicators

class TargetRange(_Strict):
    """A target between two values («от 60 до 80 %»); either bound may be left out."""

    min: float | None = Field(None, description="Не ниже")
    max: float | None = Field(None, description="Не выше")


#: period (``2025``, ``2024/2025``, ``2025-Q1``), ``2021+`` (from that year on) or ``*`` (every year)
#: → a number or a range (see :mod:`methodnet.profile.targets`)
Targets = dict[str, float | TargetRange]


class ScoreBand(_Strict):
    """Points for a value in [min, max) — «≥ 90 % — 15 баллов, 70–90 % — 5, < 50 % — −5»."""

    min: float | None = Field(None, description="Значение не ниже (включительно)")
    max: float | None = Field(None, description="Значение ниже (не включительно)")
    points: float = Field(description="Баллы")


class LevelBand(_Strict):
    """A level named for values from ``min`` on: «высокий» from 25 points, «средний» from 15…"""

    min: float = Field(description="Значение не ниже (включительно)")
    label: str = Field(description="Уровень: высокий, средний, низкий…")


class _IndicatorBase(_Strict):
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


class IndicatorEntry(_Strict):
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


class ProfileFile(_Strict):
    """A profile YAML file (``profiles/<id>.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              json_schema_extra={"title": "methodnet profile"})

    schema_: str | None = Field(None, alias="$schema")
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    extends: str | None = Field(None, description="id профиля, на котором строится этот")
    name: str | None = Field(None, description="Наименование профиля (по-русски)")
    region: str | None = None
    municipality: str | None = None
    act: Act | None = None
    period: ProgramPeriod | None = None
    stages: list[Stage] | None = None
    monitoring: Monitoring | None = None
    organizations: list[OrganizationEntry] | None = None
    vocabularies: Vocabularies | None = Field(
        None, description="Словари профиля (document_kinds, contests…) и значения, добавленные к словарям данных "
                          "(organization_kinds, event_kinds, study_forms…)")
    parameters: Parameters | None = None
    inherit_indicators: bool | None = Field(
        None, description="Вычислять и все показатели родителя (по умолчанию — только перечисленные)")
    indicators: list[IndicatorEntry] | None = None
    rules: list[RuleEntry] | None = None
    roadmap: list[RoadmapItem] | None = None
    purpose: Purpose | None = Field(None, description="Цель, задачи, функции, ожидаемые результаты акта")
    bodies: list[Body] | None = Field(None, description="Органы и организации, названные актом, и их роли")
    officials: list[Official] | None = Field(None, description="Ответственные должностные лица (по должности)")
    glossary: list[GlossaryTerm] | None = Field(None, description="Понятия, которые определяет акт")
    notes: list[str] | None = Field(None, description="Решения при чтении акта (неясности, противоречия)")
    spravka: SpravkaSettings | None = Field(None, description="Аналитическая справка: шаблон, адресаты, формулировки")


class Profile(BaseModel):
    """A resolved profile: ``extends`` applied, every indicator complete and checked."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: str
    name: str
    chain: list[str] = Field(default_factory=list, description="This profile and its ancestors, nearest first")
    region: str | None = None
    municipality: str | None = None
    act: Act | None = None
    period: ProgramPeriod | None = None
    stages: list[Stage] = Field(default_factory=list)
    monitoring: Monitoring | None = None
    organizations: list[OrganizationEntry] = Field(default_factory=list)
    vocabularies: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: other spellings of added members: vocabulary → code → synonyms
    vocabulary_synonyms: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    parameters: Parameters = Field(default_factory=Parameters)
    indicators: list[Indicator] = Field(default_factory=list)
    rules: list[RuleEntry] = Field(default_factory=list)
    roadmap: list[RoadmapItem] = Field(default_factory=list)
    purpose: Purpose | None = None
    bodies: list[Body] = Field(default_factory=list)
    officials: list[Official] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    spravka: SpravkaSettings = Field(default_factory=SpravkaSettings)
    file: str | None = None

    @property
    def extensions(self) -> Any:
        """The members this profile adds to closed vocabularies (:class:`~methodnet.model.extensions.Extensions`)."""
        from methodnet.model.extensions import Extensions

        return Extensions.from_profile(self.vocabularies, self.vocabulary_synonyms)

    def table_registry(self, registry: Any) -> Any:
        """``registry``'s tables as data loaded for this profile see them: vocabulary columns accept its
        added members (``Dataset.load(path, profile=profile)`` uses it); ``registry`` is not changed."""
        return registry.extended(self.extensions)

    def indicator(self, indicator_id: str) -> Any:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(f"no indicator {indicator_id!r} in profile {self.id!r}")


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
