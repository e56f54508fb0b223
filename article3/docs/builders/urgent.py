"""The emergency motion for a stay of removal (issue 20): the Board or immigration judge motion, the ICE
stay request's fields as a checklist, and the court of appeals stay with the petition for review, filled
from the removal recorded on the case and the pinpointed record. Every authority comes from the rule
pack's emergency options and says "(unverified)" unless it was read."""

from __future__ import annotations

from typing import Any

from article3.cases.models import Case
from article3.docs.builders.brief import authority
from article3.docs.builders.cites import latest_build, page_map
from article3.docs.builders.common import Built, country_name, note
from article3.docs.builders.international import _common, sources
from article3.rulepacks import load_pack
from article3.words import Words, gettext_noop

# The fields the ICE stay request asks for, as the team checks them off; the form itself was not read.
ICE_FIELDS = ("Name, and any other names used", "A-number", "Date and country of birth; nationality",
              "Place of detention, or address", "Representative, with the notice of appearance on file",
              "Why the stay is asked for, and until when", "Evidence attached (the pinpointed exhibits below)",
              "Fee, or why none is due")


def build(case: Case, options: dict[str, Any]) -> Built:
    from article3.remedies.models import Removal
    from article3.remedies.services import removal_words

    pack = load_pack(case.forum).emergency
    removal = Removal.objects.filter(case=case).first()
    if removal is not None and not options.get("removal_date"):
        options = {**options, "removal_date": removal.removal_date.isoformat(),
                   "removal_details": removal_words(removal)}
    context = _common(case, "Emergency motion for a stay of removal", "stay_motion", case.forum, options)
    stay, court = pack.option("stay_motion"), pack.option("federal_stay")
    country = country_name(case.country_of_return)
    context.update({
        "identifier": (removal.identifier if removal is not None else "") or "______________",
        "identifier_label": pack.identifier.label if pack.identifier else "Number with the forum",
        "relief": (f"The respondent asks for a stay of removal to {country} while the motion is decided, and "
                   f"for an emergency ruling before the removal date."),
        "stay": {"source": authority(stay.source) if stay else "", "sending": stay.sending if stay else ""},
        "court": {"source": authority(court.source) if court else "", "sending": court.sending if court else ""},
        "ice_fields": [{"title": field} for field in ICE_FIELDS],
    })
    context["notes"] = [note("Check the ICE stay request against the current form before filing: its fields "
                             "are listed from practice, not from a cited rule.")]
    warnings = [] if context["removal"] else [Words(gettext_noop("No removal date was given: the motion must say "
                                                                 "when removal is expected."))]
    if latest_build(case) is None or page_map(latest_build(case)) is None:
        warnings.append(Words(gettext_noop("The bundle has not been built: exhibits are cited without bundle pages.")))
    return Built(context=context, sources=sources(case, options), warnings=warnings)

