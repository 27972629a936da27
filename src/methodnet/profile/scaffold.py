"""``methodnet new-profile ID``: a commented profile to fill in from a municipal act."""

from __future__ import annotations

TEMPLATE = """\
# yaml-language-server: $schema={schema}
#
# Профиль муниципального акта. Заполните по тексту акта; каждое поле проверяется:
#   methodnet validate {id}.yaml
# Справочник выражений: docs/expressions.md; руководство: docs/profiles.md.
id: {id}
extends: base                      # показатели федеральной системы: берите их по id и задавайте свои цели
name: {name}
region: Субъект РФ
municipality: Муниципальное образование
act:
  title: Название акта
  kind: приказ                     # приказ, программа, положение, концепция
  number: "000"
  date: 2025-01-01
period: {{start: 2025, end: 2027}}   # годы программы: цели вне их — ошибка
monitoring:
  per_year: 2                      # «мониторинг проводится 2 раза в год»
notes:
  - Как прочитаны неясные места акта (противоречивые даты, повторы).

indicators:
  # Показатель из base: тот же id — своё наименование, цели и ссылка на акт.
  - id: diagnostics_share
    name: Доля педагогических работников и управленческих кадров, прошедших диагностику, % нарастающим итогом
    targets: {{"2025": 80, "2026": 90, "2027": 100}}
    source: {{document: Акт № 000, section: III, item: "1"}}

  # Новый показатель: доля (share) = условие / население на конец периода.
  - id: school_pedagogues_retrained
    name: Доля педагогов школ, прошедших переподготовку, %
    kind: share
    population: {{table: staff, where: 'category == "pedagogue" and organization.kind == "school"'}}
    condition: exists(trainings, completed and program.kind == "retraining")
    cumulative: true                 # нарастающим итогом с начала программы
    targets: {{"2025": 10, "2026": 20, "2027": 30}}
    source: {{document: Акт № 000, section: III, item: "2"}}

  # Наличие документа на уровне муниципалитета (да/нет) или в каждой организации (%).
  - id: deficit_monitoring_exists
    name: Наличие муниципального мониторинга профессиональных дефицитов
    kind: presence
    document_kind: deficit_monitoring  # вид из vocabularies.document_kinds
    targets: {{"2025": 100, "2026": 100, "2027": 100}}
    source: {{document: Акт № 000, section: IV, item: "1"}}

rules:
  - id: monitoring
    kind: monitoring_frequency
    params: {{per_year: 2}}

roadmap:
  - id: m01
    title: Разработка муниципального мониторинга профессиональных дефицитов
    deadline: январь 2025
    due: 2025-01-31
    responsible: методисты ММС
"""


def render_profile(profile_id: str, name: str | None = None,
                   schema: str = "https://methodnet.dev/schemas/profile.schema.json") -> str:
    return TEMPLATE.format(id=profile_id, name=name or f"Профиль {profile_id}", schema=schema)
