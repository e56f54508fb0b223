"""LibreOffice never updates links (issue 17): a document cannot make the converter fetch anything."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from lxml import etree

from article3.evidence.ingest.limits import DEFAULT_LIMITS
from article3.evidence.ingest.office import _PROFILE_SETTINGS, libreoffice_to_pdf

OOR = "{http://openoffice.org/2001/registry}"


def test_the_profile_sets_link_updates_to_never() -> None:
    root = etree.fromstring(_PROFILE_SETTINGS.encode())
    links = {item.get(f"{OOR}path"): item.find("prop/value").text for item in root  # type: ignore[union-attr]
             if item.find("prop").get(f"{OOR}name") == "Link"}  # type: ignore[union-attr]
    assert links == {"/org.openoffice.Office.Writer/Content/Update": "0",
                     "/org.openoffice.Office.Calc/Content/Update": "0"}


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def test_converting_a_document_with_linked_content_fetches_nothing(tmp_path: Path) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        document = docx.Document()
        paragraph = document.add_paragraph("Linked content follows.")
        paragraph._p.append(parse_xml(
            '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            f'w:instr="INCLUDETEXT &quot;{base}/included.docx&quot;"><w:r><w:t>x</w:t></w:r></w:fldSimple>'))
        document.part.relate_to(f"{base}/linked.png", RT.IMAGE, is_external=True)
        staged = tmp_path / "document.docx"
        document.save(str(staged))
        libreoffice_to_pdf(staged=staged, dest=tmp_path / "out.pdf", workdir=tmp_path, limits=DEFAULT_LIMITS)
    finally:
        server.shutdown()
        server.server_close()
    assert (tmp_path / "out.pdf").stat().st_size > 0
    assert _Counter.hits == []
