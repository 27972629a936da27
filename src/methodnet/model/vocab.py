"""Closed vocabularies of the domain: codes in English, labels in Russian.

A vocabulary member carries its Russian label and synonyms, so a CSV or a workbook
filled in Russian («высшая», «педагог») loads to the same codes as one written with
the English codes. Vocabularies a municipality defines itself (document kinds,
contest names, subject cycles) live in its profile, not here; a profile may also add
members to some of these (:mod:`methodnet.model.extensions`), which then load and check
like the ones declared here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Vocabulary(StrEnum):
    """A ``StrEnum`` whose members also carry ``ru`` (label) and ``aliases`` (synonyms)."""

    ru: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, ru: str = "", *aliases: str) -> "Vocabulary":
        member = str.__new__(cls, value)
        member._value_ = value
        member.ru = ru or value
        member.aliases = aliases
        return member

    @classmethod
    def members(cls) -> tuple["Member", ...]:
        """The members as plain data (what a profile's added members also are)."""
        return tuple(Member(m.value, m.ru, m.aliases) for m in cls)

    @classmethod
    def lookup(cls) -> dict[str, str]:
        """Every accepted spelling (lower-cased) mapped to its code."""
        table: dict[str, str] = {}
        for member in cls:
            for spelling in (member.value, member.ru, *member.aliases):
                table[normalize_label(spelling)] = member.value
        return table


@dataclass(frozen=True)
class Member:
    """A vocabulary member as data: its code, Russian label and synonyms.

    The declared members of a :class:`Vocabulary` and those a profile adds look the same
    to loaders, forms and reports, so neither needs to know where a member came from.
    """

    code: str
    ru: str
    aliases: tuple[str, ...] = ()

    @property
    def value(self) -> str:
        return self.code

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.ru, *self.aliases)


def normalize_label(text: str) -> str:
    """Case-, ё- and whitespace-insensitive form used to match labels and headers."""
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").lower().split())


class OrganizationKind(Vocabulary):
    school = "school", "общеобразовательная организация", "школа", "оо", "сош", "оош", "гимназия", "лицей"
    kindergarten = "kindergarten", "дошкольная образовательная организация", "детский сад", "доо"
    additional = "additional", "организация дополнительного образования", "удо", "дод"
    college = "college", "профессиональная образовательная организация", "колледж", "техникум"
    university = "university", "образовательная организация высшего образования", "вуз"
    dpo_institute = "dpo_institute", "организация ДПО", "институт развития образования", "ипк"
    methodical_center = "methodical_center", "методический центр", "ммц", "ммс"
    authority = "authority", "орган управления образованием", "управление образования", "ооуо"


class StaffCategory(Vocabulary):
    """Who a person is for the acts. ПР and УК are what the federal indicators count; the
    methodists of a methodical service, specialists of the education authority and other
    staff appear in the acts (Кисловодск: «5 ведущих методистов и начальник ИМО»; Петровск:
    «компетентность методистов») but are neither, so indicators about «ПР и УК» leave them
    out. Педагог-психолог, логопед, социальный педагог, воспитатель are pedagogical
    positions (номенклатура должностей, ПП РФ № 225): category ``pedagogue``."""

    pedagogue = "pedagogue", "педагогический работник", "педагог", "пр"
    manager = "manager", "управленческие кадры", "руководитель", "ук", "управленец"
    methodist = "methodist", "методист", "методисты", "методический работник", "ведущий методист", "старший методист"
    specialist = "specialist", "специалист органа управления образованием", "специалист", "специалист уо"
    other = "other", "иные работники", "прочие работники", "учебно-вспомогательный персонал"


class QualificationCategory(Vocabulary):
    highest = "highest", "высшая", "высшая категория", "вкк"
    first = "first", "первая", "первая категория", "1кк"
    szd = "szd", "соответствие занимаемой должности", "сзд"
    none = "none", "без категории", "нет"


class Level(Vocabulary):
    school = "school", "школьный", "уровень оо", "институциональный"
    municipal = "municipal", "муниципальный"
    regional = "regional", "региональный"
    interregional = "interregional", "межрегиональный"
    federal = "federal", "федеральный", "всероссийский"
    international = "international", "международный"


class RoleKind(Vocabulary):
    regional_methodist = "regional_methodist", "региональный методист"
    municipal_methodist = "municipal_methodist", "муниципальный методист"
    tutor = "tutor", "тьютор", "педагог-тьютор"
    expert = "expert", "эксперт"
    jury_member = "jury_member", "член жюри", "жюри"
    mentor = "mentor", "наставник"
    association_head = "association_head", "руководитель методического объединения", "руководитель мо"


class ProgramKind(Vocabulary):
    advanced_training = "advanced_training", "повышение квалификации", "пк"
    retraining = "retraining", "профессиональная переподготовка", "переподготовка", "пп"


class StudyForm(Vocabulary):
    in_person = "in_person", "очная", "очно"
    on_site = "on_site", "выездная", "выездные курсы"
    correspondence = "correspondence", "заочная", "заочно"
    distance = "distance", "дистанционная", "дистанционно"
    online = "online", "интернет-обучение", "онлайн"
    blended = "blended", "очно-заочная", "смешанная"


class TrainingStatus(Vocabulary):
    planned = "planned", "запланировано", "план"
    in_progress = "in_progress", "обучается", "в процессе"
    completed = "completed", "завершено", "прошёл", "окончил"
    dropped = "dropped", "не завершено", "отчислен"


class IomStatus(Vocabulary):
    developed = "developed", "разработан"
    in_progress = "in_progress", "реализуется"
    completed = "completed", "завершён", "выполнен"
    cancelled = "cancelled", "отменён"


class IomStepKind(Vocabulary):
    training = "training", "курсы", "курсы пк", "дпо"
    mentoring = "mentoring", "наставничество"
    horizontal_learning = "horizontal_learning", "горизонтальное обучение"
    self_education = "self_education", "самообразование"
    event = "event", "мероприятие"
    consultation = "consultation", "консультация"


class MentorshipKind(Vocabulary):
    teacher = "teacher", "педагог — педагог", "педагогическое"
    managerial = "managerial", "управленческое", "руководитель — руководитель"
    peer = "peer", "равный — равному"
    group = "group", "групповое"


class AssociationLevel(Vocabulary):
    school = "school", "ШМО", "школьное методическое объединение"
    city = "city", "ГМО", "городское методическое объединение"
    district = "district", "РМО", "районное методическое объединение"
    regional = "regional", "региональное методическое объединение"


class MemberRole(Vocabulary):
    member = "member", "участник", "член"
    head = "head", "руководитель"


class EventKind(Vocabulary):
    contest = "contest", "конкурс"
    conference = "conference", "конференция"
    seminar = "seminar", "семинар"
    master_class = "master_class", "мастер-класс"
    open_day = "open_day", "день открытых дверей"
    methodical_day = "methodical_day", "единый методический день", "методический день"
    experience_presentation = "experience_presentation", "презентация опыта", "трансляция опыта"
    round_table = "round_table", "круглый стол"
    webinar = "webinar", "вебинар"
    young_teacher_school = "young_teacher_school", "школа молодого педагога"
    meeting = "meeting", "заседание"
    other = "other", "другое"


class ParticipationRole(Vocabulary):
    participant = "participant", "участник"
    speaker = "speaker", "докладчик", "выступающий"
    jury = "jury", "член жюри", "жюри"
    expert = "expert", "эксперт"
    tutor = "tutor", "тьютор"
    organizer = "organizer", "организатор"


class ParticipationResult(Vocabulary):
    winner = "winner", "победитель"
    prize_winner = "prize_winner", "призёр"
    laureate = "laureate", "лауреат"
    participant = "participant", "участник"


class RoadmapState(Vocabulary):
    planned = "planned", "запланировано"
    in_progress = "in_progress", "выполняется"
    done = "done", "выполнено"
    cancelled = "cancelled", "отменено"


def closest(word: str, candidates: list[str]) -> str | None:
    """The candidate spelled most like ``word`` (after :func:`normalize_label`), for «возможно, …» hints."""
    import difflib

    if len(word) > 100:  # difflib is quadratic: a 5 MB cell would take minutes; no real value is that long
        return None
    match = difflib.get_close_matches(normalize_label(word), candidates, n=1, cutoff=0.5)
    return match[0] if match else None
