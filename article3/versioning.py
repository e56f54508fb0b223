"""Optimistic concurrency for every editable record (models with a `version` column)."""

from typing import Any, TypeVar

from django.db import models
from django.db.models import F

from article3.errors import StaleEdit

M = TypeVar("M", bound=models.Model)


def versioned_update(obj: M, *, expected_version: int, changes: dict[str, Any]) -> M:
    """Write `changes` only if the row is still at `expected_version`; bump the version.

    Raises StaleEdit carrying the current row, so the editor can see both versions.
    """
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        **changes, version=F("version") + 1
    )
    fresh = model._default_manager.get(pk=obj.pk)
    if updated == 0:
        raise StaleEdit(current=fresh, submitted=changes)
    return fresh
