"""What the navigation of every page needs to know about the person signed in."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from article3.accounts.models import CASE_CREATING_ROLES


def navigation(request: HttpRequest) -> dict[str, object]:
    """`can_create_cases`: show "New case" only to the roles that may open one; `works_on_cases`: show the
    interpreter list to the roles that keep it; `languages`: what the language switcher offers (each
    read on first use)."""

    def can_create() -> bool:
        from article3.accounts.selectors import actor_has_org_role, organisation_for_user

        user = request.user
        if not user.is_authenticated:
            return False
        org = organisation_for_user(user=user)
        return org is not None and actor_has_org_role(actor=user, organisation_id=org.pk, roles=CASE_CREATING_ROLES)

    def works_on_cases() -> bool:
        from article3.accounts.models import EDITING_ROLES
        from article3.accounts.selectors import actor_has_org_role, organisation_for_user

        user = request.user
        if not user.is_authenticated:
            return False
        org = organisation_for_user(user=user)
        return org is not None and actor_has_org_role(actor=user, organisation_id=org.pk, roles=EDITING_ROLES)

    def languages() -> list[tuple[str, str]]:
        from article3.accounts.services import languages_for

        return languages_for(user=request.user)

    return {"can_create_cases": SimpleLazyObject(can_create), "works_on_cases": SimpleLazyObject(works_on_cases),
            "languages": SimpleLazyObject(languages)}
