"""What a case has and what it still lacks: the overview page's checklist."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from article3.cases.models import Case


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    missing_hint: str
    url_name: str

    @property
    def missing(self) -> bool:
        return self.count == 0


def case_overview(*, case: Case) -> list[Item]:
    plan = case.safety_plan
    plan_filled = sum(bool(getattr(plan, f)) for f in ("trusted_contacts", "emergency_contacts", "legal_contacts"))
    return [
        Item(_("People"), case.people.count(), _("No family members, witnesses or experts recorded yet."),
             "case_people"),
        Item(_("Feared agents"), case.feared_agents.count(),
             _("Who does the applicant fear? Record it in intake."), "case_intake"),
        Item(_("Events"), case.events.count(), _("No events yet: start the chronology in intake."),
             "case_intake"),
        Item(_("Attempts to seek protection at home"), case.domestic_remedies.count(),
             _("None recorded: record each attempt, or why none was possible."), "case_intake"),
        Item(_("Documents"), case.documents.count(), _("No evidence uploaded yet."), "case_detail"),
        Item(_("Safety plan contacts"), plan_filled, _("The safety plan has no contacts yet."), "case_safety_plan"),
    ]
