from django.http import HttpRequest, HttpResponse

from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.chronology.models import EventKind


@case_view(page="chronology")
def chronology(request: HttpRequest, case: Case) -> HttpResponse:
    events = case.events.prefetch_related("accounts__document")
    kind = request.GET.get("kind", "")
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    return render_case(request, case, "chronology/chronology.html",
                       {"events": events, "kinds": EventKind.choices, "kind": kind})
