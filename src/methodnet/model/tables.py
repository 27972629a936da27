"""What a module below the dataset reads of one: frames by name, their specs, the registry.

:class:`methodnet.dataset.Dataset` has this shape; the writers and the summary, which
``Dataset.write()`` and ``Dataset.summary()`` call, are typed against it instead of
importing the Dataset (that would point back up, even if only for the annotation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import polars as pl

    from methodnet.model.spec import TableRegistry, TableSpec


class Tables(Protocol):
    """Validated tables: ``tables[name]`` is a frame, ``spec(name)`` its declaration."""

    @property
    def registry(self) -> "TableRegistry": ...

    @property
    def tables(self) -> "dict[str, pl.DataFrame]": ...

    def __getitem__(self, name: str) -> "pl.DataFrame": ...

    def spec(self, name: str) -> "TableSpec": ...

    def counts(self) -> dict[str, int]: ...
