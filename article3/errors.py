"""Domain errors: what went wrong, in words a lawyer can act on."""

from typing import Any

from django.utils.translation import gettext as _


class DomainError(Exception):
    """A request that cannot be carried out; the message says why and is safe to show."""


class StaleEdit(DomainError):
    """Someone else saved this record after the editor opened it."""

    def __init__(self, *, current: Any, submitted: dict[str, Any]) -> None:
        super().__init__(_("This record was changed by someone else while you were editing it."))
        self.current = current
        self.submitted = submitted


class NotPermitted(DomainError):
    """The acting person's role does not allow this (checked in the services, not only in the views)."""
