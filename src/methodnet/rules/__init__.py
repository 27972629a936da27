"""Rules: checks of a dataset against a profile that produce findings (see issue on rules)."""

from methodnet.rules.context import RuleContext

__all__ = ["RuleContext"]
