"""Reads for the client's side. A client reaches one case, through their own access, and nothing of
the team's analysis; everything else answers 404."""

from django.http import Http404

from article3.cases.models import Case
from article3.portal.models import ClientAccess


def client_access_for(*, user: object) -> ClientAccess | None:
    """The live access of a signed-in person of the client's side, or None (a lawyer, or an access
    the team has ended)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (ClientAccess.objects.select_related("case").filter(user_id=user.pk, ended_at__isnull=True)  # type: ignore[attr-defined]
            .first())


def client_case_get(*, user: object) -> tuple[ClientAccess, Case]:
    access = client_access_for(user=user)
    if access is None:
        raise Http404
    return access, access.case


def client_accesses_for_case(*, case: Case) -> list[ClientAccess]:
    return list(case.client_accesses.select_related("user").order_by("ended_at", "pk"))
