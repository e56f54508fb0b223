from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.accounts.selectors import is_org_admin
from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.docs import selectors, services
from article3.docs.forms import GenerateForm, RenumberForm, TemplateForm
from article3.docs.models import DocKind
from article3.docs.templates import overrides_for, template_for
from article3.errors import DomainError, NotPermitted
from article3.evidence.filenames import content_disposition
from article3.evidence.models import DocumentKind
from article3.evidence.storage import plain_chunks

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# The template tags a Word template keeps, as the upload help shows them.
TAG_MARKS = ("{{ … }}", "{% … %}")


def _page(request: HttpRequest, case: Case, **forms: Any) -> HttpResponse:
    overrides = overrides_for(organisation=case.organisation, forum=case.forum, kinds=list(DocKind.values))
    templates = [(kind, label, overrides.get(kind)) for kind, label in DocKind.choices]
    return render_case(request, case, "docs/documents.html", {
        "listed": selectors.generated_list(case=case), "templates": templates,
        "overrides": selectors.template_overrides(case=case),
        "can_manage_templates": is_org_admin(user=request.user, organisation_id=case.organisation_id),
        "template_history": selectors.template_history(case=case),
        "declarations": case.documents.filter(kind=DocumentKind.DECLARATION).order_by("pk"),
        "form": forms.get("form") or GenerateForm(case=case),
        "template_form": forms.get("template_form") or TemplateForm(initial={"forum": case.forum}),
        "renumber_form": RenumberForm(), "tag_marks": TAG_MARKS})


@case_view(page="documents")
def documents(request: HttpRequest, case: Case) -> HttpResponse:
    return _page(request, case)


@require_POST
@case_view(edit=True)
def generate(request: HttpRequest, case: Case) -> HttpResponse:
    form = GenerateForm(request.POST, case=case)
    if not form.is_valid():
        return _page(request, case, form=form)
    try:
        generated = services.generated_request(actor=request.user, case=case, kind=form.cleaned_data["kind"],
                                               options=form.options())
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _page(request, case, form=form)
    messages.info(request, _("%(kind)s: queued. Reload this page to see it when it is ready.")
                  % {"kind": generated.get_kind_display()})
    return redirect("case_docs", case_id=case.public_id)


@case_view(shared=True)
def download(request: HttpRequest, case: Case, pk: int, fmt: str) -> HttpResponseBase:
    return generated_file(request, case, selectors.generated_get_for_user(user=request.user, case=case, pk=pk), fmt)


def generated_file(request: HttpRequest, case: Case, generated: Any, fmt: str) -> HttpResponseBase:
    """The DOCX or PDF of a generated document the person may have, the download audited; 404 when not made."""
    sha = {"docx": generated.docx_sha256, "pdf": generated.pdf_sha256}.get(fmt)
    if not sha:
        raise Http404
    audit_record(actor=request.user, action="docs.document.downloaded", obj=generated,
                 organisation_id=case.organisation_id, case_id=case.pk, detail={"kind": generated.kind, "format": fmt})
    response = StreamingHttpResponse(plain_chunks(sha), content_type=DOCX if fmt == "docx" else "application/pdf")
    response["Content-Disposition"] = content_disposition(f"{generated.filename_stem}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


@case_view()
def safety_plan(request: HttpRequest, case: Case) -> HttpResponse:
    """The safety plan as a Word document in the client's language (`?language=` for another)."""
    from django.conf import settings
    from django.utils import translation

    from article3.portal.safety import client_language, safety_plan_docx

    language = request.GET.get("language") or client_language(case)
    with translation.override(language if language in dict(settings.LANGUAGES) else translation.get_language()):
        data = safety_plan_docx(case)
    audit_record(actor=request.user, action="docs.safety_plan.exported", obj=case,
                 organisation_id=case.organisation_id, case_id=case.pk, detail={"format": "docx", "bytes": len(data)})
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition(f"safety-plan-{case.reference}.docx")
    response["Cache-Control"] = "no-store"
    return response


@case_view()
def template_download(request: HttpRequest, case: Case, kind: str) -> HttpResponse:
    if kind not in DocKind.values:
        raise Http404
    template = template_for(organisation=case.organisation, forum=case.forum, kind=kind)
    audit_record(actor=request.user, action="docs.template.downloaded", object_key=kind,
                 organisation_id=case.organisation_id, case_id=case.pk, detail={"origin": template.origin})
    response = HttpResponse(template.data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition(f"template-{case.forum}-{kind}.docx")
    return response


@require_POST
@case_view(edit=True)
def template_upload(request: HttpRequest, case: Case) -> HttpResponse:
    form = TemplateForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.template_override_set(actor=request.user, organisation=case.organisation,
                                           forum=form.cleaned_data["forum"], kind=form.cleaned_data["kind"],
                                           stream=upload, filename=upload.name or "template.docx")
        except NotPermitted as exc:
            messages.error(request, str(exc))
            return redirect("case_docs", case_id=case.public_id)
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Template saved: new documents of this kind will use it."))
            return redirect("case_docs", case_id=case.public_id)
    return _page(request, case, template_form=form)


@require_POST
@case_view(edit=True)
def template_delete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    try:
        services.template_override_delete(actor=request.user,
                                          override=selectors.template_override_get(case=case, pk=pk))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Template removed: the built-in one applies again."))
    return redirect("case_docs", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def renumber(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    generated = selectors.generated_get(case=case, pk=pk)
    form = RenumberForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(" ".join(str(e) for e in form.errors.get("mapping", ["Give the moves as old=new."])))
        changed = services.declaration_renumber(actor=request.user, generated=generated,
                                                mapping=form.cleaned_data["mapping"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Paragraphs renumbered; %(count)s citation(s) in the chronology updated.")
                         % {"count": changed})
    return redirect("case_docs", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def link(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    generated = selectors.generated_get(case=case, pk=pk)
    document = case.documents.filter(key=request.POST.get("document", "")).first()
    try:
        if document is None:
            raise DomainError("Choose the signed declaration among the case's documents.")
        created = services.declaration_link(actor=request.user, generated=generated, document=document)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Linked; %(count)s event(s) now cite the signed declaration by paragraph.")
                         % {"count": created})
    return redirect("case_docs", case_id=case.public_id)
