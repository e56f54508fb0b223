import datetime
from typing import Any

from article3.cases.models import Case
from article3.interpreters import services
from article3.interpreters.models import Booking, Interpreter


def interpreter_for(case: Case, name: str = "Amal Hassan", **fields: Any) -> Interpreter:
    fields.setdefault("languages", [{"language": "ar", "dialect": "Sudanese"}])
    return services.interpreter_add(actor="test", organisation=case.organisation, name=name, **fields)


def booking_for(case: Case, interpreter: Interpreter | None, **fields: Any) -> Booking:
    fields.setdefault("kind", "meeting")
    if fields["kind"] != "hearing":
        fields.setdefault("date", datetime.date(2027, 1, 5))
    fields.setdefault("language", "ar")
    return services.booking_add(actor="test", case=case, interpreter=interpreter, **fields)


def needs_arabic(case: Case, *, hearing: datetime.date | None, dialect: str = "Sudanese") -> Case:
    from article3.cases.models import Applicant

    Applicant.objects.filter(case=case).update(interpreter_language="ar", interpreter_dialect=dialect)
    Case.objects.filter(pk=case.pk).update(hearing_date=hearing)
    return Case.objects.get(pk=case.pk)
