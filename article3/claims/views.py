import functools
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from article3.cases.cockpit import case_check_record
from article3.cases.models import Case
from article3.cases.records import delete_page
from article3.cases.views import case_view, render_case, save_versioned
from article3.claims import services
from article3.claims.forms import FactEditForm, FactForm, SupportEditForm, SupportForm
from article3.claims.refs import RefNames, finding_title
from article3.claims.report import gap_report
from article3.claims.selectors import claims_snapshot, element_sources, fact_get, support_get
from article3.claims.sources import IP_CITATION, SOURCE_CLASSES
from article3.errors import DomainError
from article3.exports.models import ExportKind
from article3.exports.services import export_request
from article3.findings import finding_id
from article3.snapshots import page_parts


@case_view(page="elements")
def elements(request: HttpRequest, case: Case) -> HttpResponse:
    snapshot = claims_snapshot(case=case)
    return render_case(request, case, "claims/elements.html", {
        "snapshot": snapshot, "parts": page_parts(case, "elements", extra=[case.forum]),  # the tables, drawn once
        "classes": SOURCE_CLASSES, "fact_form": FactForm(case=case, autofocus=False),
        "ip_citation": IP_CITATION, "levels": [row for row in snapshot.rows if row.medical_levels],
        "element_labels": {row.element.code: row.element.label for row in snapshot.rows}})


@case_view(page="element")
def element(request: HttpRequest, case: Case, code: str) -> HttpResponse:
    snapshot = claims_snapshot(case=case)
    row = snapshot.row(code)
    if row is None:
        raise Http404
    return render_case(request, case, "claims/element.html", {
        "row": row, "sources": element_sources(snapshot, row), "ip_citation": IP_CITATION,
        "fact_texts": {fact.key: fact.text for fact in snapshot.facts}})


@case_view(edit=True)
def fact_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = FactForm(request.POST or None, case=case, initial={"elements": request.GET.getlist("element")})
    if request.method == "POST" and form.is_valid():
        try:
            fact = services.fact_add(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("case_fact", case_id=case.public_id, key=fact.key)
    return render_case(request, case, "claims/fact_form.html", {"form": form})


@case_view(page="fact")
def fact_detail(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    return _fact_page(request, case, key, SupportForm(case=case, autofocus=False))


def _fact_page(request: HttpRequest, case: Case, key: str, form: SupportForm) -> HttpResponse:
    snapshot = claims_snapshot(case=case)
    fact = next((f for f in snapshot.facts if f.key == key), None)
    if fact is None:
        raise Http404
    rows = [row for row in snapshot.rows if row.element.code in fact.elements]
    support = [(s, snapshot.items_by_support[s.pk]) for s in fact.support.all()]
    return render_case(request, case, "claims/fact.html", {
        "fact": fact, "rows": rows, "support": support, "support_form": form})


@case_view(edit=True)
def fact_edit(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    fact = fact_get(case=case, key=key)
    form = FactEditForm(request.POST or None, case=case, instance=fact, initial={"version": fact.version})
    if request.method == "POST" and form.is_valid():
        try:
            save = functools.partial(services.fact_update, actor=request.user, fact=fact)
            stale = save_versioned(request, case, form, save)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return stale or redirect("case_fact", case_id=case.public_id, key=fact.key)
    return render_case(request, case, "claims/fact_form.html", {"form": form, "fact": fact})


@case_view(edit=True)
def fact_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    fact = fact_get(case=case, key=key)
    count = fact.support.count()
    effects = [ngettext(
        "The %(count)s item of support listed for it is removed with it; the events, documents and passages stay.",
        "The %(count)s items of support listed for it are removed with it; the events, documents and passages stay.",
        count) % {"count": count}] if count else []
    delete = functools.partial(services.fact_delete, actor=request.user, fact=fact)
    return delete_page(request, case, delete, what=_("the fact “%(text)s”") % {"text": str(fact.text)[:80]},
                       back=reverse("case_elements", args=[case.public_id]), effects=effects,
                       deleted=_("Fact deleted."))


@require_POST
@case_view(edit=True)
def support_add(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    fact = fact_get(case=case, key=key)
    form = SupportForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.support_add(actor=request.user, fact=fact, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("case_fact", case_id=case.public_id, key=fact.key)
    return _fact_page(request, case, key, form)


@case_view(edit=True)
def support_edit(request: HttpRequest, case: Case, key: str, support_id: int) -> HttpResponse:
    fact = fact_get(case=case, key=key)
    support = support_get(fact=fact, support_id=support_id)
    form = SupportEditForm(request.POST or None, case=case, instance=support, initial={"version": support.version})
    if request.method == "POST" and form.is_valid():
        try:
            save = functools.partial(services.support_update, actor=request.user, support=support)
            stale = save_versioned(request, case, form, save)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return stale or redirect("case_fact", case_id=case.public_id, key=fact.key)
    return render_case(request, case, "claims/support_form.html", {"form": form, "fact": fact, "support": support})


@case_view(edit=True)
def support_delete(request: HttpRequest, case: Case, key: str, support_id: int) -> HttpResponse:
    fact = fact_get(case=case, key=key)
    support = support_get(fact=fact, support_id=support_id)
    delete = functools.partial(services.support_delete, actor=request.user, support=support)
    what = _("this support (%(kind)s)") % {"kind": support.get_kind_display().lower()}
    return delete_page(request, case, delete, what=what,
                       back=reverse("case_fact", args=[case.public_id, fact.key]),
                       deleted=_("Support removed."),
                       effects=[_("The fact stays; what it rests on is shown again in the element matrix and the "
                                  "gap report.")])


@case_view(page="gaps")
def gaps(request: HttpRequest, case: Case) -> HttpResponse:
    report = gap_report(case=case)
    case_check_record(case=case, findings=report.findings)
    parts = page_parts(case, "gaps", extra=[report.reference])  # the findings in words, worked out and drawn once

    def rows() -> list[tuple[Any, ...]]:  # read after the parts' state: never older than it
        names = RefNames(case)
        return [(f, finding_id(f), names.plain(f.message), names.plain(f.advice), names.for_finding(f))
                for f in gap_report(case=case).findings]

    return render_case(request, case, "claims/gaps.html",
                       {"report": report, "rows": parts.worked_out("rows", rows), "parts": parts})


@case_view(page="questions")
def questions(request: HttpRequest, case: Case) -> HttpResponse:
    report = gap_report(case=case)
    parts = page_parts(case, "questions", extra=[report.reference])  # the questions in words, drawn once

    def rows() -> list[tuple[Any, ...]]:  # read after the parts' state: never older than it
        names = RefNames(case)
        return [(q, [finding_title(code) for code in q.reasons], names.for_refs(q.refs))
                for q in gap_report(case=case).questions]

    return render_case(request, case, "claims/questions.html",
                       {"report": report, "questions": parts.worked_out("rows", rows), "parts": parts})


@require_POST
@case_view(reader_post=True)
def gaps_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    """Ask the worker for the report as a PDF (drawing it takes longer than a request should); its page
    follows the work and then offers the file."""
    export = export_request(actor=request.user, case=case, kind=ExportKind.GAP_REPORT)
    return redirect("case_export", case_id=case.public_id, export_id=export.pk)
