"""Reads of deadlines, scoped to the user's cases."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def upcoming_for_user(*, user: AbstractBaseUser | AnonymousUser, days: int) -> list[Any]:
    """Open deadlines on the user's cases due within `days` (none until deadlines are recorded)."""
    import datetime

    from django.utils import timezone

    from article3.cases.selectors import case_list_for_user
    from article3.deadlines.models import Deadline

    horizon = timezone.localdate() + datetime.timedelta(days=days)
    return list(
        Deadline.objects.filter(case__in=case_list_for_user(user=user), done_at__isnull=True,
                                due__lte=horizon).select_related("case").order_by("due")
    )
