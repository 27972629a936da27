"""Errors of the analytical note, in the library's family: a code, where, what, how to fix."""

from __future__ import annotations

from methodnet.errors import MethodnetError


class SpravkaError(MethodnetError):
    """A note cannot be made: a broken template tag, a bad sentence template, no office suite, an unknown id.

    ``code`` is stable (tests and callers branch on it); ``where`` locates the problem
    (template file and paragraph, the profile key), ``hint`` says how to fix it.
    """

    def __init__(self, code: str, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        self.code = code
        self.where = where
        self.hint = hint
        text = f"{where}: {message}" if where else message
        if hint:
            text += f" (подсказка: {hint})"
        super().__init__(text)
