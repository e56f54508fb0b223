from typing import Any

from django import template

from article3.portal.safety import sections

register = template.Library()


@register.inclusion_tag("portal/safety_plan_body.html")
def safety_plan(plan: Any) -> dict[str, Any]:
    """The plan's sections, labelled in the active language."""
    return {"sections": sections(plan)}
