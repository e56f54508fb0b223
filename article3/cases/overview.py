"""What a case has and what it still lacks: the overview page's checklist."""

from dataclasses import dataclass

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
        Item("People", case.people.count(), "No family members, witnesses or experts recorded yet.", "case_people"),
        Item("Feared agents", case.feared_agents.count(),
             "Who does the applicant fear? Record it in intake.", "case_intake"),
        Item("Events", case.events.count(), "No events yet: start the chronology in intake.",
             "case_intake"),
        Item("Attempts to seek protection at home", case.domestic_remedies.count(),
             "None recorded: record each attempt, or why none was possible.", "case_intake"),
        Item("Documents", case.documents.count(), "No evidence uploaded yet.", "case_detail"),
        Item("Safety plan contacts", plan_filled, "The safety plan has no contacts yet.", "case_safety_plan"),
    ]
