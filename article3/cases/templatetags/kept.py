"""`{% kept snapshot "name" %}…{% endkept %}`: a part of a page drawn once for a state of the case.

A list of a thousand rows costs the template engine a few hundred milliseconds on every request,
though it changes only when the case does. Inside the tag, the rows are rendered the first time and
kept with the snapshot (`article3/snapshots.py`), which is itself kept per case state, language and
URL prefix; later requests reuse the HTML. With no snapshot (None: a filtered view, say), the part
is rendered as usual.

What is inside must depend on the snapshot, the language and the prefix only: never on the person
reading (their role, their messages, a form with their CSRF token), or one reader's page would be
shown to another.
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, snapshot: template.base.FilterExpression, name: template.base.FilterExpression,
                 nodelist: template.NodeList) -> None:
        self.snapshot, self.name, self.nodelist = snapshot, name, nodelist

    def render(self, context: template.Context) -> SafeString:
        snapshot: Any = self.snapshot.resolve(context)
        if snapshot is None:
            return self.nodelist.render(context)
        name = f"html:{self.name.resolve(context)}"
        html: str = snapshot.worked_out(name, lambda: self.nodelist.render(context))
        # Rendered by the template engine, which escaped every value in it.
        return mark_safe(html)  # noqa: S308  # nosec B308 B703


@register.tag
def kept(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a snapshot and a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
