"""The Hearing tab: anticipated cross-examination with the client's answers and their approval."""

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.errors import DomainError
from article3.hearing import care, logistics, notes, outline, selectors, services, witnesses
from article3.hearing.forms import (
    AnswerEditForm,
    AnswerForm,
    CareForm,
    NoteEditForm,
    NoteForm,
    OutlineItemEditForm,
    OutlineItemForm,
    WitnessForm,
)
from article3.hearing.models import WITNESS_CHECKLIST
from article3.hearing.questions import preparation


def _back(case: Case, anchor: str = "") -> HttpResponse:
    response = redirect("case_hearing", case_id=case.public_id)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


def _form_errors(request: HttpRequest, form: Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@case_view(page="hearing")
def hearing(request: HttpRequest, case: Case) -> HttpResponse:
    prep = preparation(case=case)
    approved = {a.question_id: a for a in case.cross_answers.filter(approved=True)}
    explained = [q for q in prep.every if q.answered and q.id in approved]
    return render_case(request, case, "hearing/prep.html", {"prep": prep, "explained": explained})


@require_POST
@case_view(edit=True)
def answer_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    question_id = form.cleaned_data["question"]
    try:
        services.answer_record(actor=request.user, case=case, question_id=question_id,
                               answer=form.cleaned_data["answer"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Answer recorded. It goes into the record once the attorney approves it."))
    return _back(case, f"q-{question_id}")


@require_POST
@case_view(edit=True)
def answer_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    answer = selectors.answer_get(case=case, pk=pk)
    form = AnswerEditForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    try:
        services.answer_update(actor=request.user, answer=answer, expected_version=form.cleaned_data["version"],
                               text=form.cleaned_data["answer"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Answer changed. It needs the attorney's approval again.") if answer.approved
                         else _("Answer changed."))
    return _back(case, f"q-{answer.question_id}")


@require_POST
@case_view(edit=True)
def answer_approve(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    answer = selectors.answer_get(case=case, pk=pk)
    withdraw = request.POST.get("approve") == "no"
    try:
        if withdraw:
            services.answer_withdraw(actor=request.user, answer=answer)
        else:
            services.answer_approve(actor=request.user, answer=answer)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Approval withdrawn; the conflict is open again.") if withdraw else
                         _("Answer approved. It now explains the conflict in the chronology, the gap report and the "
                           "declaration draft.") if answer.finding.endswith("_conflict") else _("Answer approved."))
    return _back(case, f"q-{answer.question_id}")


@require_POST
@case_view(edit=True)
def answer_delete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    answer = selectors.answer_get(case=case, pk=pk)
    services.answer_delete(actor=request.user, answer=answer)
    messages.success(request, _("Answer deleted."))
    return _back(case, f"q-{answer.question_id}")


# --- the direct-examination outline ----------------------------------------------------------------


@case_view(page="hearing_outline")
def outline_page(request: HttpRequest, case: Case) -> HttpResponse:
    return render_case(request, case, "hearing/outline.html", {"topics": outline.outline(case=case),
                                                               "add_form": OutlineItemForm()})


def _outline_back(case: Case, anchor: str = "") -> HttpResponse:
    response = redirect("case_hearing_outline", case_id=case.public_id)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


@require_POST
@case_view(edit=True)
def outline_start(request: HttpRequest, case: Case) -> HttpResponse:
    added = outline.outline_start(actor=request.user, case=case)
    messages.success(request, ngettext("%(count)d topic added from the forum's elements.",
                                       "%(count)d topics added from the forum's elements.", added) % {"count": added}
                     if added else _("Every element of the forum already has a topic."))
    return _outline_back(case)


@require_POST
@case_view(edit=True)
def outline_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = OutlineItemForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _outline_back(case)
    item = outline.outline_item_add(actor=request.user, case=case, **form.cleaned_data)
    messages.success(request, _("Topic added at the end of the outline."))
    return _outline_back(case, f"t-{item.pk}")


@require_POST
@case_view(edit=True)
def outline_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    item = selectors.outline_item_get(case=case, pk=pk)
    form = OutlineItemEditForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _outline_back(case, f"t-{pk}")
    fields = dict(form.cleaned_data)
    try:
        outline.outline_item_update(actor=request.user, item=item, expected_version=fields.pop("version"), **fields)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Topic saved."))
    return _outline_back(case, f"t-{pk}")


@require_POST
@case_view(edit=True)
def outline_move(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    item = selectors.outline_item_get(case=case, pk=pk)
    outline.outline_item_move(actor=request.user, item=item, up=request.POST.get("direction") != "down")
    return _outline_back(case, f"t-{pk}")


@require_POST
@case_view(edit=True)
def outline_delete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    item = selectors.outline_item_get(case=case, pk=pk)
    outline.outline_item_delete(actor=request.user, item=item)
    messages.success(request, _("Topic deleted."))
    return _outline_back(case)


# --- hearing notes and outcome ---------------------------------------------------------------------


def _question_choices(case: Case) -> tuple[list[tuple[str, str]], dict[str, str]]:
    every = preparation(case=case).every
    texts = {q.id: q.text for q in every}
    return [(q.id, q.text if len(q.text) <= 120 else q.text[:117] + "…") for q in every], texts


def _notes(request: HttpRequest, case: Case, **forms: Any) -> HttpResponse:
    from article3.deadlines.forms import DecisionForm

    choices, texts = _question_choices(case)
    rows = [(note, texts.get(note.question_id, "")) for note in case.hearing_notes.all()]
    context = {"rows": rows, "note_form": forms.get("note_form") or NoteForm(questions=choices),
               "decision_form": forms.get("decision_form") or DecisionForm(
                   case=case, initial={"date": case.hearing_date, "service": "oral"})}
    return render_case(request, case, "hearing/notes.html", context)


def _notes_back(case: Case, anchor: str = "") -> HttpResponse:
    response = redirect("case_hearing_notes", case_id=case.public_id)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


@case_view(page="hearing_notes")
def notes_page(request: HttpRequest, case: Case) -> HttpResponse:
    return _notes(request, case)


@require_POST
@case_view(edit=True)
def note_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = NoteForm(request.POST, questions=_question_choices(case)[0])
    if not form.is_valid():
        return _notes(request, case, note_form=form)
    note = notes.note_add(actor=request.user, case=case, text=form.cleaned_data["text"],
                          question_id=form.cleaned_data["question"], judge_asked=form.cleaned_data["judge_asked"])
    messages.success(request, _("Note saved."))
    return _notes_back(case, f"n-{note.pk}")


@require_POST
@case_view(edit=True)
def note_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    note = selectors.note_get(case=case, pk=pk)
    form = NoteEditForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _notes_back(case, f"n-{pk}")
    try:
        notes.note_update(actor=request.user, note=note, expected_version=form.cleaned_data["version"],
                          text=form.cleaned_data["text"], judge_asked=form.cleaned_data["judge_asked"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Note saved."))
    return _notes_back(case, f"n-{pk}")


@require_POST
@case_view(edit=True)
def note_delete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    notes.note_delete(actor=request.user, note=selectors.note_get(case=case, pk=pk))
    messages.success(request, _("Note deleted."))
    return _notes_back(case)


@require_POST
@case_view(edit=True)
def oral_decision(request: HttpRequest, case: Case) -> HttpResponse:
    from article3.deadlines.forms import DecisionForm

    form = DecisionForm(request.POST, case=case)
    if form.is_valid():
        try:
            decision = notes.oral_decision_record(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            count = decision.deadlines.count()
            messages.success(request, ngettext(
                "Decision recorded, with %(count)d deadline it starts: see the Deadlines tab.",
                "Decision recorded, with %(count)d deadlines it starts: see the Deadlines tab.",
                count) % {"count": count})
            return _notes_back(case)
    return _notes(request, case, decision_form=form)


# --- witnesses ---------------------------------------------------------------------------------------


def _witnesses_back(case: Case, anchor: str = "") -> HttpResponse:
    response = redirect("case_hearing_witnesses", case_id=case.public_id)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


@case_view(page="hearing_witnesses")
def witnesses_page(request: HttpRequest, case: Case) -> HttpResponse:
    return render_case(request, case, "hearing/witnesses.html", {
        "rows": witnesses.witness_list(case=case), "candidates": witnesses.candidates(case=case),
        "checklist": WITNESS_CHECKLIST})


@require_POST
@case_view(edit=True)
def witness_add(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        witness = witnesses.witness_add(actor=request.user, case=case, person_key=request.POST.get("person", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
        return _witnesses_back(case)
    messages.success(request, _("%(name)s is on the witness list.") % {"name": witness.person.name})
    return _witnesses_back(case, f"w-{witness.pk}")


@require_POST
@case_view(edit=True)
def witness_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    witness = selectors.witness_get(case=case, pk=pk)
    form = WitnessForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _witnesses_back(case, f"w-{pk}")
    fields = dict(form.cleaned_data)
    try:
        witnesses.witness_update(actor=request.user, witness=witness, expected_version=fields.pop("version"),
                                 **fields)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Witness saved."))
    return _witnesses_back(case, f"w-{pk}")


@require_POST
@case_view(edit=True)
def witness_remove(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    witnesses.witness_remove(actor=request.user, witness=selectors.witness_get(case=case, pk=pk))
    messages.success(request, _("Removed from the witness list."))
    return _witnesses_back(case)


# --- logistics ---------------------------------------------------------------------------------------


@case_view(page="hearing_logistics")
def logistics_page(request: HttpRequest, case: Case) -> HttpResponse:
    return render_case(request, case, "hearing/logistics.html", {"items": logistics.checklist(case=case)})


@require_POST
@case_view(edit=True)
def logistics_tick(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        logistics.item_tick(actor=request.user, case=case, code=request.POST.get("item", ""),
                            done=request.POST.get("done") == "yes")
    except DomainError as exc:
        messages.error(request, str(exc))
    response = redirect("case_hearing_logistics", case_id=case.public_id)
    return response


# --- trauma-informed interview notes -----------------------------------------------------------------


@case_view(page="hearing_care")
def care_page(request: HttpRequest, case: Case) -> HttpResponse:
    current = care.care_get(case=case)
    initial = {name: getattr(current, name) for name in care.FIELDS} if current else {}
    form = CareForm(initial={**initial, "version": current.version if current else None})
    return render_case(request, case, "hearing/care.html", {"care_notes": current, "form": form})


@require_POST
@case_view(edit=True)
def care_save(request: HttpRequest, case: Case) -> HttpResponse:
    form = CareForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("case_hearing_care", case_id=case.public_id)
    fields = dict(form.cleaned_data)
    try:
        care.care_set(actor=request.user, case=case, expected_version=fields.pop("version"), **fields)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Interview notes saved."))
    return redirect("case_hearing_care", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def care_delete(request: HttpRequest, case: Case) -> HttpResponse:
    current = care.care_get(case=case)
    if current is not None:
        care.care_delete(actor=request.user, care=current)
        messages.success(request, _("Interview notes deleted."))
    return redirect("case_hearing_care", case_id=case.public_id)
