"""Fill a DOCX template with a prepared context: the one step that runs an organisation's own template.

Kept free of Django and the models, so that it can run in the ingest sandbox's confined child
process (a time and memory limit, outside the worker): a template that loops for ever or builds a
huge string stops there, not in the worker that also processes other organisations' evidence.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment


def render_template(*, data: bytes, context: dict[str, Any]) -> tuple[bytes | None, str]:
    """The filled document, or None and what went wrong ("UndefinedError: ...")."""
    try:
        document = DocxTemplate(io.BytesIO(data))
        env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
        document.render(context, jinja_env=env)
    except (TemplateError, zipfile.BadZipFile, KeyError, ValueError, OverflowError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), ""
