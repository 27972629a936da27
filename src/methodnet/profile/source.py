"""Where an act says something: the reference every indicator, rule and section carries."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SourceRef(BaseModel):
    """Where the act says it: document, section, item (and a quote or note)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str = Field(description="Документ (краткое имя акта)")
    section: str | None = Field(None, description="Раздел")
    item: str | None = Field(None, description="Пункт")
    note: str | None = Field(None, description="Примечание или цитата")

    def __str__(self) -> str:
        parts = [self.document]
        if self.section:
            parts.append(f"разд. {self.section}")
        if self.item:
            parts.append(f"п. {self.item}")
        return ", ".join(parts)
