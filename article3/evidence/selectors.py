from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from article3.cases.models import Case
from article3.evidence.models import Document


def document_get(*, case: Case, key: str) -> Document:
    """A document of a case the caller already obtained through `case_get_for_user`; else 404."""
    document = case.documents.filter(key=key).first()
    if document is None:
        raise Http404
    return document


def document_get_for_user(*, user: AbstractBaseUser | AnonymousUser, case_id: str, key: str) -> Document:
    from article3.cases.selectors import case_get_for_user

    return document_get(case=case_get_for_user(user=user, public_id=case_id), key=key)
