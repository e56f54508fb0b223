"""Rows for deadlines tests, made through the services (and found again if already made)."""

import datetime

from article3.cases.models import Case
from article3.deadlines import services
from article3.deadlines.models import Deadline, Decision, InterimRequest


def deadline_for(case: Case, *, date: datetime.date = datetime.date(2026, 6, 1)) -> Deadline:
    """An open BIA-appeal deadline on a us-eoir case (an IJ decision mailed on `date`)."""
    existing = case.deadlines.filter(rule="bia_appeal", trigger_date=date, done_at__isnull=True).first()
    if existing is not None:
        return existing
    (added,) = services.deadlines_compute_add(actor="test", case=case, trigger="ij_decision", date=date,
                                              service="mail")
    return added


def interim_for(case: Case) -> InterimRequest:
    existing = case.interim_requests.first()
    if existing is not None:
        return existing
    return services.interim_request_add(actor="test", case=case, kind="stay_of_removal")


def decision_for(case: Case) -> Decision:
    existing = case.decisions.first()
    if existing is not None:
        return existing
    return services.decision_record(actor="test", case=case, date=datetime.date(2026, 5, 4), trigger="ij_decision",
                                    outcome="denied", service="mail")
