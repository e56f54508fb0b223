"""Template helpers that put codes into a lawyer's words: countries, forums, record keys, actors;
and the case tabs, marked when current."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.filter
def country(code: str) -> str:
    from article3.docs.builders.common import country_name

    return country_name(code or "")


@register.filter
def forum(code: str) -> str:
    from article3.docs.builders.common import forum_name

    return forum_name(code or "")


@register.filter
def lookup(mapping: dict[str, str], key: str) -> str:
    """A name from a mapping of codes to names; never the code itself."""
    return mapping.get(key, "") if mapping else ""


@register.simple_tag(takes_context=True)
def plain(context: template.Context, text: str) -> str:
    """A finding's text with the record keys in it replaced by titles (the case's records, read once)."""
    case = context.get("case")
    if case is None:
        return text
    from article3.claims.refs import RefNames

    names = case.__dict__.get("_ref_names")
    if names is None:
        names = case.__dict__["_ref_names"] = RefNames(case)
    return str(names.plain(text))


@register.filter
def absolute(number: int) -> int:
    """Days overdue from a negative count of days left."""
    return abs(number)


@register.simple_tag(takes_context=True)
def case_tab(context: template.Context, url_name: str, label: str, *also: str) -> str:
    """A case tab's link, marked as the current page when the page is under it (or under `also`)."""
    case, request = context["case"], context["request"]
    url = reverse(url_name, kwargs={"case_id": case.public_id})
    others = [reverse(name, kwargs={"case_id": case.public_id}) for name in also]
    overview = url_name == "case_detail"
    here = request.path == url if overview else any(request.path.startswith(u) for u in (url, *others))
    if here:
        return format_html('<a href="{}" aria-current="page" class="current">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.filter
def who(actor: str) -> str:
    """An actor as recorded ("user:3", "system") in words: the person's e-mail, or what did it."""
    from article3.audit.selectors import _people, actor_words

    return actor_words(str(actor), _people({str(actor)}))
