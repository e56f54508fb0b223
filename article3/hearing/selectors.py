"""Reads for hearing preparation, always of a case the caller obtained through `case_get_for_user`."""

from django.http import Http404

from article3.cases.models import Case
from article3.hearing.models import CrossAnswer, HearingNote, OutlineItem, Witness


def answer_get(*, case: Case, pk: int) -> CrossAnswer:
    """An answer on this case, or 404."""
    answer = CrossAnswer.objects.filter(case=case, pk=pk).select_related("case").first()
    if answer is None:
        raise Http404
    return answer


def approved_conflict_answers(*, case: Case) -> list[CrossAnswer]:
    """Approved answers that explain a conflict, in the order they were recorded: the declaration
    draft tells them under "Why some details differ"."""
    from article3.hearing.questions import CONFLICT_CODES

    explained = set(case.conflict_notes.values_list("conflict_id", flat=True))
    return [a for a in CrossAnswer.objects.filter(case=case, approved=True, finding__in=CONFLICT_CODES)
            if a.question_id in explained]


def outline_item_get(*, case: Case, pk: int) -> OutlineItem:
    item = OutlineItem.objects.filter(case=case, pk=pk).select_related("case").first()
    if item is None:
        raise Http404
    return item


def note_get(*, case: Case, pk: int) -> HearingNote:
    note = HearingNote.objects.filter(case=case, pk=pk).select_related("case").first()
    if note is None:
        raise Http404
    return note


def witness_get(*, case: Case, pk: int) -> Witness:
    witness = Witness.objects.filter(case=case, pk=pk).select_related("case", "person").first()
    if witness is None:
        raise Http404
    return witness
