"""Rows for hearing tests."""

from article3.cases.models import Case
from article3.hearing.models import CrossAnswer, HearingNote, OutlineItem, Witness


def answer_for(case: Case) -> CrossAnswer:
    """An answer to a question on an element resting on the applicant's word (not a conflict)."""
    answer, _ = CrossAnswer.objects.get_or_create(
        case=case, question_id="c-0000000000",
        defaults={"finding": "element_uncorroborated", "answer": "My neighbour saw them take me."})
    return answer


def outline_item_for(case: Case) -> OutlineItem:
    item = OutlineItem.objects.filter(case=case).first()
    if item is None:
        item = OutlineItem.objects.create(case=case, element="past_torture", title="Past torture", position=1)
    return item


def note_for(case: Case) -> HearingNote:
    note = HearingNote.objects.filter(case=case).first()
    return note or HearingNote.objects.create(case=case, text="The judge asked about the scars.", judge_asked=True)


def witness_for(case: Case) -> Witness:
    witness = Witness.objects.filter(case=case).first()
    return witness or Witness.objects.create(case=case, person=case.people.first())
