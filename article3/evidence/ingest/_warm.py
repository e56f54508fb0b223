"""Imported only by the sandbox's fork server (see ``sandbox._PRELOAD``).

Asking LibreOffice and Tesseract for their versions and languages takes about a second;
doing it once in the server means every worker forked from it starts with the answers cached.
"""

from .ocr import installed_languages
from .tools import tool_version

for _tool in ("soffice", "tesseract"):
    tool_version(_tool)
installed_languages()
