"""The domain model: every entity the municipal acts talk about (DESIGN §2).

Each class is declared once; the columnar schema and the JSON Schema come from it.
Derived facts (age, years of pedagogical work, «молодой педагог») are functions in
:mod:`methodnet.model.derived`, never stored columns.
"""

from __future__ import annotations

import datetime as dt

from methodnet.model.base import Entity, TableMeta, column, core_entity
from methodnet.model.vocab import (
    AssociationLevel,
    EventKind,
    IomStatus,
    IomStepKind,
    Level,
    MemberRole,
    MentorshipKind,
    OrganizationKind,
    ParticipationResult,
    ParticipationRole,
    ProgramKind,
    QualificationCategory,
    RoadmapState,
    RoleKind,
    StaffCategory,
    StudyForm,
    TrainingStatus,
)

ID = ("ид", "код", "идентификатор", "№")


@core_entity
class DatasetInfo(Entity):
    """What the data are as a whole: the day they were collected (one row).

    The dataset's date anchors everything that would otherwise depend on the calendar
    (DESIGN §4): which period is still in progress, consistency checks ("in progress but
    already ended"), and the date of a status that has none of its own.
    """

    meta = TableMeta("dataset_info", "Сведения о данных", ("сведения о наборе данных", "о данных"), key=("as_of",))
    as_of: dt.date = column("Дата сбора данных", aliases=("дата данных", "по состоянию на"))
    label: str | None = column("Наименование", None, aliases=("название", "описание"))


@core_entity
class Municipality(Entity):
    """A municipal district, okrug or city: the owner of a methodical service."""

    meta = TableMeta("municipality", "Муниципалитеты", ("муниципалитет", "муниципальные образования", "мо"))
    id: str = column("Идентификатор", aliases=ID)
    name: str = column("Наименование", aliases=("название", "муниципальное образование"))
    region: str = column("Субъект РФ", aliases=("регион", "область"))


@core_entity
class Organization(Entity):
    """An educational organization (ОО) or a body of the education system."""

    meta = TableMeta(
        "organization",
        "Организации",
        ("организация", "образовательные организации", "оо"),
        date_order=(("opened", "closed"),),
    span=("opened", "closed"), entity=True)
    id: str = column("Идентификатор", aliases=ID)
    name: str = column("Наименование", aliases=("название", "полное наименование"))
    short_name: str | None = column("Краткое наименование", None, aliases=("сокращённое наименование",))
    municipality_id: str = column("Муниципалитет", ref="municipality", aliases=("код муниципалитета",))
    kind: OrganizationKind = column("Тип организации", aliases=("тип", "вид"))
    settlement: str | None = column("Населённый пункт", None, aliases=("нп", "поселение"))
    rural: bool = column("Сельская", False, aliases=("сельская местность",))
    low_results: bool = column("Низкие результаты", False, aliases=("шнор", "низкие образовательные результаты"))
    students: int | None = column("Число обучающихся", None, ge=0, aliases=("обучающихся", "контингент"))
    opened: dt.date | None = column("Дата открытия", None)
    closed: dt.date | None = column("Дата закрытия", None, aliases=("дата ликвидации",))


@core_entity
class Staff(Entity):
    """A pedagogue (ПР) or manager (УК). Personal data: reports aggregate it."""

    meta = TableMeta(
        "staff",
        "Работники",
        ("работник", "кадры", "сотрудники", "педагоги", "персонал"),
        date_order=(("birth_date", "career_start"), ("hired", "left")),
    span=("hired", "left"), entity=True)
    id: str = column("Идентификатор", aliases=ID + ("табельный номер",))
    full_name: str | None = column("ФИО", None, aliases=("фамилия имя отчество",))
    organization_id: str = column("Организация", ref="organization", aliases=("код организации", "оо"))
    category: StaffCategory = column("Категория", aliases=("категория работника",))
    position: str = column("Должность")
    subjects: list[str] = column("Предметы", [], aliases=("преподаваемые предметы", "предмет"))
    birth_date: dt.date = column("Дата рождения", past=True)
    career_start: dt.date | None = column(
        "Начало педагогической деятельности", None, past=True,
        aliases=("дата начала педагогической работы", "педагогический стаж с"),
    )
    hired: dt.date | None = column("Дата приёма", None, aliases=("дата приема", "принят"))
    left: dt.date | None = column("Дата увольнения", None, aliases=("уволен",))
    qualification_category: QualificationCategory | None = column(
        "Квалификационная категория", None, aliases=("категория квалификации",)
    )


@core_entity
class Role(Entity):
    """A time-bound role of a person: regional methodist, tutor, expert, jury member…"""

    meta = TableMeta("role", "Роли", ("роли работников", "статусы"), date_order=(("start", "end"),), span=("start", "end"))
    id: str = column("Идентификатор", aliases=ID)
    staff_id: str = column("Работник", ref="staff", aliases=("код работника",))
    kind: RoleKind = column("Роль", aliases=("статус",))
    level: Level = column("Уровень")
    start: dt.date = column("Начало", aliases=("дата назначения", "с"))
    end: dt.date | None = column("Окончание", None, aliases=("по",))


@core_entity
class Competency(Entity):
    """A competency of the framework; a diagnostic score below ``threshold`` is a deficit."""

    meta = TableMeta("competency", "Компетенции", ("компетенция", "рамка компетенций"))
    id: str = column("Идентификатор", aliases=ID)
    name: str = column("Наименование", aliases=("компетенция",))
    area: str | None = column("Область", None, aliases=("группа", "направление"))
    threshold: float = column("Пороговый балл", ge=0, aliases=("порог",))
    max_score: float = column("Максимальный балл", 100.0, ge=0)


@core_entity
class Diagnostic(Entity):
    """One diagnostic of professional competencies taken by one person."""

    meta = TableMeta("diagnostic", "Диагностики", ("диагностика", "диагностики компетенций"), span=("date", None))
    id: str = column("Идентификатор", aliases=ID)
    staff_id: str = column("Работник", ref="staff", aliases=("код работника",))
    date: dt.date = column("Дата", past=True, aliases=("дата диагностики",))
    kind: str | None = column("Вид диагностики", None, aliases=("вид",))
    provider: str | None = column("Оператор", None, aliases=("проводил",))


@core_entity
class DiagnosticResult(Entity):
    """A per-competency result of a diagnostic. ``deficit`` overrides the threshold if given."""

    meta = TableMeta(
        "diagnostic_result",
        "Результаты диагностики",
        ("результаты диагностик", "результат диагностики"),
        key=("diagnostic_id", "competency_id"),
    span=("diagnostic.date", None))
    diagnostic_id: str = column("Диагностика", ref="diagnostic", aliases=("код диагностики",))
    competency_id: str = column("Компетенция", ref="competency", aliases=("код компетенции",))
    score: float = column("Балл", ge=0, aliases=("результат",))
    deficit: bool | None = column("Дефицит", None, aliases=("профессиональный дефицит",))


@core_entity
class Program(Entity):
    """A ДПО program in the catalog: advanced training or retraining."""

    meta = TableMeta("program", "Программы ДПО", ("программы", "программа", "каталог программ"))
    id: str = column("Идентификатор", aliases=ID)
    title: str = column("Наименование", aliases=("название", "программа"))
    kind: ProgramKind = column("Вид программы", aliases=("вид",))
    hours: int = column("Часы", ge=0, aliases=("объём часов", "объем часов", "количество часов"))
    provider: str = column("Организация ДПО", aliases=("провайдер", "исполнитель"))
    in_federal_registry: bool = column("Федеральный реестр", False, aliases=("фр дпп", "в федеральном реестре"))
    competencies: list[str] = column("Компетенции", [], aliases=("закрываемые дефициты",))
    audience: list[str] = column("Категории слушателей", [], aliases=("целевая аудитория", "слушатели"))
    form: StudyForm | None = column("Форма обучения", None, aliases=("форма",))
    management_team: bool = column("Для управленческих команд", False, aliases=("управленческие команды",))
    network: bool = column("Сетевая форма", False, aliases=("сетевая",))
    nppm: bool = column("Программа ЦНППМ", False, aliases=("цнппм", "нппм"))
    tags: list[str] = column("Метки", [], aliases=("теги",))


@core_entity
class Training(Entity):
    """A person on a program: «прохождение курсов»."""

    meta = TableMeta(
        "training", "Обучение", ("курсы", "курсовая подготовка", "прохождение курсов"),
        date_order=(("start", "end"),),
    span=("start", "end"))
    id: str = column("Идентификатор", aliases=ID)
    staff_id: str = column("Работник", ref="staff", aliases=("код работника", "слушатель"))
    program_id: str = column("Программа", ref="program", aliases=("код программы",))
    start: dt.date = column("Начало", aliases=("дата начала",))
    end: dt.date | None = column("Окончание", None, aliases=("дата окончания",))
    status: TrainingStatus = column("Статус")
    dropped_on: dt.date | None = column("Дата отчисления", None, past=True, aliases=("отчислен",))
    diagnostic_id: str | None = column(
        "Основание: диагностика", None, ref="diagnostic", aliases=("по итогам диагностики",)
    )


@core_entity
class Iom(Entity):
    """An individual educational route (ИОМ)."""

    meta = TableMeta(
        "iom", "ИОМ", ("индивидуальные образовательные маршруты", "маршруты"),
        date_order=(("start", "end"),),
    span=("developed", "end"))
    id: str = column("Идентификатор", aliases=ID)
    staff_id: str = column("Работник", ref="staff", aliases=("код работника",))
    diagnostic_id: str | None = column("Диагностика", None, ref="diagnostic", aliases=("основание",))
    developed: dt.date = column("Дата разработки", aliases=("разработан",))
    start: dt.date | None = column("Начало", None)
    end: dt.date | None = column("Окончание", None)
    status: IomStatus = column("Статус")
    completed_on: dt.date | None = column("Дата завершения", None, past=True, aliases=("завершён",))
    cancelled_on: dt.date | None = column("Дата отмены", None, past=True, aliases=("отменён",))
    developed_by: str | None = column("Кем разработан", None, aliases=("разработчик",))


@core_entity
class IomStep(Entity):
    """A step of an IOM and the deficits (competencies) it addresses."""

    meta = TableMeta("iom_step", "Шаги ИОМ", ("шаги маршрута", "мероприятия иом"), date_order=(("start", "end"),), span=("start", "end"))
    id: str = column("Идентификатор", aliases=ID)
    iom_id: str = column("ИОМ", ref="iom", aliases=("код иом",))
    kind: IomStepKind = column("Форма", aliases=("вид",))
    title: str | None = column("Содержание", None, aliases=("наименование",))
    program_id: str | None = column("Программа", None, ref="program")
    competencies: list[str] = column("Компетенции", [], aliases=("дефициты",))
    start: dt.date | None = column("Начало", None)
    end: dt.date | None = column("Окончание", None)
    done_on: dt.date | None = column("Выполнено", None, past=True)


@core_entity
class Mentorship(Entity):
    """A mentoring pair («наставник — наставляемый»)."""

    meta = TableMeta("mentorship", "Наставничество", ("наставнические пары", "пары"), date_order=(("start", "end"),), span=("start", "end"))
    id: str = column("Идентификатор", aliases=ID)
    mentor_id: str = column("Наставник", ref="staff")
    mentee_id: str = column("Наставляемый", ref="staff")
    kind: MentorshipKind = column("Форма наставничества", MentorshipKind.teacher, aliases=("форма",))
    start: dt.date = column("Начало")
    end: dt.date | None = column("Окончание", None)


@core_entity
class Association(Entity):
    """A methodical association: ШМО (school), ГМО (city), РМО (district)."""

    meta = TableMeta(
        "association", "Методические объединения", ("шмо", "объединения", "методические объединения (мо)"),
        date_order=(("created", "closed"),),
    span=("created", "closed"), entity=True)
    id: str = column("Идентификатор", aliases=ID)
    name: str = column("Наименование")
    level: AssociationLevel = column("Уровень", aliases=("вид",))
    municipality_id: str = column("Муниципалитет", ref="municipality")
    organization_id: str | None = column("Организация", None, ref="organization")
    subject: str | None = column("Предмет", None)
    subject_cycle: str | None = column("Цикл предметов", None, aliases=("цикл",))
    created: dt.date | None = column("Дата создания", None)
    closed: dt.date | None = column("Дата закрытия", None)


@core_entity
class AssociationMember(Entity):
    """Membership of a person in an association."""

    meta = TableMeta(
        "association_member", "Участники объединений", ("члены мо", "состав мо"),
        key=("association_id", "staff_id"), date_order=(("start", "end"),),
    span=("start", "end"))
    association_id: str = column("Объединение", ref="association")
    staff_id: str = column("Работник", ref="staff")
    role: MemberRole = column("Роль", MemberRole.member)
    start: dt.date | None = column("Начало", None)
    end: dt.date | None = column("Окончание", None)


@core_entity
class Event(Entity):
    """A contest, conference, seminar, open day… at some level."""

    meta = TableMeta("event", "Мероприятия", ("мероприятие", "конкурсы"), date_order=(("start", "end"),), span=("start", "end"),
                     open_ended=False)
    id: str = column("Идентификатор", aliases=ID)
    title: str = column("Наименование", aliases=("название",))
    kind: EventKind = column("Вид мероприятия", aliases=("вид",))
    contest: str | None = column("Конкурс", None, aliases=("название конкурса",))
    level: Level = column("Уровень")
    municipality_id: str | None = column("Муниципалитет", None, ref="municipality")
    organizer_id: str | None = column("Организатор", None, ref="organization")
    start: dt.date = column("Дата", aliases=("дата проведения", "начало"))
    end: dt.date | None = column("Окончание", None)


@core_entity
class Participation(Entity):
    """A person's or an organization's part in an event: role and result."""

    meta = TableMeta(
        "participation", "Участие", ("участие в мероприятиях", "участники"),
        one_of=(("staff_id", "organization_id"),),
    span=("event.start", "event.end"), open_ended=False)
    id: str = column("Идентификатор", aliases=ID)
    event_id: str = column("Мероприятие", ref="event")
    staff_id: str | None = column("Работник", None, ref="staff")
    organization_id: str | None = column("Организация", None, ref="organization")
    role: ParticipationRole = column("Роль", ParticipationRole.participant)
    result: ParticipationResult | None = column("Результат", None)


@core_entity
class Document(Entity):
    """A local act or plan: положение, план-график, программа, мониторинг…

    ``kind`` comes from the profile's vocabulary of document kinds.
    """

    meta = TableMeta(
        "document", "Документы", ("локальные акты", "документ"),
        date_order=(("period_start", "period_end"),), one_of=(("municipality_id", "organization_id"),),
    span=("period_start", "period_end"))
    id: str = column("Идентификатор", aliases=ID)
    kind: str = column("Вид документа", aliases=("вид",))
    title: str | None = column("Наименование", None)
    municipality_id: str | None = column("Муниципалитет", None, ref="municipality")
    organization_id: str | None = column("Организация", None, ref="organization")
    approved: dt.date | None = column("Дата утверждения", None, past=True)
    number: str | None = column("Номер", None)
    period_start: dt.date | None = column("Действует с", None)
    period_end: dt.date | None = column("Действует по", None)
    url: str | None = column("Ссылка", None, aliases=("адрес", "url"))
    remarks: str | None = column("Замечания об исполнении", None, aliases=("замечания", "примечание"))


@core_entity
class Attestation(Entity):
    """An attestation: a qualification category assigned on a date."""

    meta = TableMeta("attestation", "Аттестация", ("аттестации",), date_order=(("date", "expires"),), span=("date", "expires"))
    id: str = column("Идентификатор", aliases=ID)
    staff_id: str = column("Работник", ref="staff")
    date: dt.date = column("Дата", past=True, aliases=("дата аттестации",))
    category: QualificationCategory = column("Категория")
    expires: dt.date | None = column("Действует до", None, aliases=("срок действия",))


@core_entity
class SurveyResponse(Entity):
    """An answer to a satisfaction survey; ``score`` on a scale up to ``scale_max``."""

    meta = TableMeta("survey_response", "Анкетирование", ("ответы анкет", "опрос"), span=("date", None))
    id: str = column("Идентификатор", aliases=ID)
    survey: str = column("Анкета", aliases=("опрос",))
    respondent_id: str | None = column("Респондент", None, ref="staff")
    respondent_category: StaffCategory | None = column("Категория респондента", None)
    organization_id: str | None = column("Организация", None, ref="organization")
    municipality_id: str | None = column("Муниципалитет", None, ref="municipality")
    date: dt.date = column("Дата", past=True)
    question: str | None = column("Вопрос", None)
    score: float = column("Оценка", ge=0, aliases=("балл",))
    scale_max: float = column("Максимум шкалы", 5.0, ge=1)


@core_entity
class ExpertAssessment(Entity):
    """An expert's score of a criterion for an organization or a municipality, with its evidence."""

    meta = TableMeta("expert_assessment", "Экспертные оценки", ("экспертиза", "оценки экспертов"),
                     one_of=(("organization_id", "municipality_id"),), span=("date", None))
    id: str = column("Идентификатор", aliases=ID)
    criterion: str = column("Критерий", aliases=("код критерия", "показатель"))
    organization_id: str | None = column("Организация", None, ref="organization")
    municipality_id: str | None = column("Муниципалитет", None, ref="municipality")
    score: float = column("Балл", ge=0, aliases=("оценка",))
    max_score: float | None = column("Максимальный балл", None, ge=0)
    evidence: str | None = column("Подтверждение", None, aliases=("ссылка на подтверждение", "доказательство"))
    assessor: str | None = column("Эксперт", None, aliases=("оценил",))
    date: dt.date = column("Дата", past=True, aliases=("дата оценки",))


@core_entity
class Statistic(Entity):
    """An externally reported value (e.g. children 5–18 in additional education, %)."""

    meta = TableMeta(
        "statistic", "Статистика", ("статистические данные", "отчётные данные"),
        date_order=(("period_start", "period_end"),),
    span=("period_start", "period_end"))
    id: str = column("Идентификатор", aliases=ID)
    key: str = column("Показатель", aliases=("код показателя",))
    municipality_id: str | None = column("Муниципалитет", None, ref="municipality")
    organization_id: str | None = column("Организация", None, ref="organization")
    period_start: dt.date = column("Период с")
    period_end: dt.date = column("Период по")
    value: float = column("Значение")
    unit: str | None = column("Единица", None, aliases=("ед. изм.",))
    source: str | None = column("Источник", None)


@core_entity
class RoadmapStatus(Entity):
    """A record that a roadmap measure of the profile was done (or where it stands)."""

    meta = TableMeta("roadmap_status", "Дорожная карта", ("исполнение дорожной карты",), span=("completed_on", None))
    id: str = column("Идентификатор", aliases=ID)
    measure: str = column("Мероприятие", aliases=("пункт",))
    municipality_id: str = column("Муниципалитет", ref="municipality")
    organization_id: str | None = column("Организация", None, ref="organization")
    status: RoadmapState = column("Статус")
    completed_on: dt.date | None = column("Дата выполнения", None, past=True)
    note: str | None = column("Примечание", None)
