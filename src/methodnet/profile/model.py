"""The profile: one municipal act as data.

Two layers. :class:`ProfileFile` is what a YAML file may say — indicator entries can be
partial, because a municipal profile overrides the shared ``base`` (name, targets,
source) without copying definitions; the JSON Schema in ``schemas/profile.schema.json``
is generated from it. After ``extends`` is resolved each indicator is validated strictly
as one of the :data:`Indicator` kinds (:mod:`methodnet.profile.indicators`), and the result
is a :class:`Profile`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from methodnet.profile.act_meta import Body, GlossaryTerm, Official, Purpose
from methodnet.profile.indicators import (  # noqa: F401  (re-exported: the profile's indicators)
    BUILTIN_KINDS,
    RESULT_KINDS,
    Comparator,
    CountIndicator,
    DeficitClosureIndicator,
    DerivedIndicator,
    ExpertIndicator,
    GroupBy,
    Indicator,
    IndicatorEntry,
    Level,
    LevelBand,
    MunicipalitiesShareIndicator,
    NormalizedIndicator,
    OfIndicator,
    PluginIndicator,
    PopulationSpec,
    PresenceIndicator,
    RatioIndicator,
    ScoreBand,
    ScoreIndicator,
    ShareIndicator,
    StatisticIndicator,
    StrictModel,
    SurveyIndicator,
    TargetRange,
    Targets,
    indicator_expressions,
)
from methodnet.profile.source import SourceRef

_Strict = StrictModel


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
