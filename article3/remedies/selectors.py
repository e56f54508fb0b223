"""Reads for the emergency panel and the dashboard alarm, over cases the caller already reached through
the access selectors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from article3.cases.models import Case, Stage
from article3.cases.selectors import case_list_for_user
from article3.deadlines.models import InterimRequest, InterimStatus
from article3.remedies.models import DEFAULT_ALARM_DAYS, AlarmThreshold, Removal
from article3.rulepacks import EmergencyOption, Identifier, load_pack


def alarm_days(*, organisation_id: int) -> int:
    found = AlarmThreshold.objects.filter(organisation_id=organisation_id).values_list("days", flat=True).first()
    return DEFAULT_ALARM_DAYS if found is None else found


def days_left(removal: Removal, today: datetime.date) -> int:
    """Whole days from today to the removal: 0 on the day, negative once it has passed."""
    return (removal.removal_date - today).days


def alarm_raised(*, days: int, threshold: int) -> bool:
    """The alarm is on from `threshold` days before the removal (inclusive) until the day itself."""
    return 0 <= days <= threshold


@dataclass(frozen=True)
class TrackedRequest:
    request: InterimRequest
    next_options: tuple[EmergencyOption, ...] = ()


@dataclass(frozen=True)
class Emergency:
    removal: Removal | None
    threshold: int
    days_left: int | None
    alarm: bool
    identifier: Identifier | None
    options: tuple[EmergencyOption, ...]
    requests: list[TrackedRequest] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def emergency_for_case(*, case: Case, today: datetime.date) -> Emergency:
    pack = load_pack(case.forum).emergency
    removal = Removal.objects.filter(case=case).first()
    threshold = alarm_days(organisation_id=case.organisation_id)
    left = days_left(removal, today) if removal is not None else None
    alarm = left is not None and case.stage != Stage.CLOSED and alarm_raised(days=left, threshold=threshold)
    requests = [TrackedRequest(r, _next_options(r, pack.options)) for r in case.interim_requests.all()]
    return Emergency(removal=removal, threshold=threshold, days_left=left, alarm=alarm,
                     identifier=pack.identifier, options=pack.options, requests=requests)


def _next_options(request: InterimRequest, options: tuple[EmergencyOption, ...]) -> tuple[EmergencyOption, ...]:
    """What to try once a request is refused: the pack's `if_refused` of the option it was drafted for."""
    if request.status != InterimStatus.REFUSED:
        return ()
    by_kind = {option.kind: option for option in options}
    drafted = by_kind.get(request.option)
    if drafted is None:
        return ()
    return tuple(by_kind[kind] for kind in drafted.if_refused if kind in by_kind)


@dataclass(frozen=True)
class Alarm:
    case: Case
    removal: Removal
    days_left: int


def alarms_for_user(*, user: AbstractBaseUser | AnonymousUser, today: datetime.date) -> list[Alarm]:
    """Removals under their organisation's threshold on the user's open cases, soonest first."""
    cases = case_list_for_user(user=user).exclude(stage=Stage.CLOSED)
    removals = Removal.objects.filter(case__in=cases, removal_date__gte=today).select_related("case")
    thresholds: dict[int, int] = {}
    found = []
    for removal in removals:
        org = removal.case.organisation_id
        thresholds.setdefault(org, alarm_days(organisation_id=org))
        left = days_left(removal, today)
        if alarm_raised(days=left, threshold=thresholds[org]):
            found.append(Alarm(removal.case, removal, left))
    return sorted(found, key=lambda a: (a.days_left, a.case.reference))
