"""Write the built-in DOCX templates (Jinja placeholders, rendered with docxtpl) into templates_docx/.

Run it after changing a template here, and commit the .docx files it writes:

    .venv/bin/python -m article3.docs.make_templates

Each template is a list of lines: ("title" | "h1" | "h2" | "p" | "bullet" | "tag", text) or
("table", headers, loop, cells). A "tag" line holds a paragraph-level Jinja tag (``{%p ... %}``)
that docxtpl removes with its paragraph; ``{{r x }}`` (rich text: highlighted notes) always gets a
run of its own, because docxtpl replaces the whole run around it.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent / "templates_docx"
RICH = re.compile(r"({{r\s.*?}})")
SIGN = "Signed: ______________________________        Date: ____________________"

Line = tuple[Any, ...]


@dataclass(frozen=True)
class Page:
    size: str = "a4"  # or "letter"
    font_pt: int = 11
    spacing: float = 1.15


A4, LETTER = Page(), Page(size="letter", font_pt=12)
SKELETON = Page(font_pt=12, spacing=1.5)  # UK FtT PD: 12 pt, 1.5 spacing


def notes(name: str = "notes") -> list[Line]:
    """Drafting notes, highlighted in yellow: for the team, to resolve and delete before filing."""
    return [("tag", f"{{%p for note in {name} %}}"), ("p", "{{r note }}"), ("tag", "{%p endfor %}")]


def numbered(loop: str, item: str = "para") -> list[Line]:
    return [("tag", f"{{%p for {item} in {loop} %}}"), ("p", f"{{{{ {item}.number }}}}. {{{{r {item}.body }}}}"),
            ("tag", "{%p endfor %}")]


def checklist() -> list[Line]:
    return [("h1", "Documents to attach"),
            ("table", ("", "Document", "Notes"), "item in checklist", ("☐", "{{ item.title }}", "{{ item.note }}"))]


def heading(title: str) -> list[Line]:
    return [("title", title), ("p", "{{ case.forum_name }}"),
            ("p", "In the matter of: {{ applicant.name }}    Case reference: {{ case.reference }}")]


def declaration(*, verification: str) -> list[Line]:
    return [
        ("title", "{{ title }}"), ("p", "Case reference: {{ case.reference }}"), *notes(),
        ("tag", "{%p for section in sections %}"), ("h1", "{{ section.heading }}"),
        *numbered("section.paragraphs"), ("tag", "{%p endfor %}"),
        ("h1", "Verification"), ("p", verification), ("p", SIGN), ("p", "{{ applicant.name }}"),
        ("tag", "{%p if interpretation %}"), ("h1", "Certificate of interpretation"),
        ("p", "{{ interpretation.text }}"),
        ("p", "Interpreter's name: ______________________________"),
        ("p", "Address: ______________________________    Telephone: ____________________"),
        ("p", SIGN), ("tag", "{%p endif %}"),
    ]


def exhibit_list() -> list[Line]:
    return [
        ("title", "{{ title }}"), ("p", "{{ case.forum_name }}"),
        ("p", "In the matter of: {{ applicant.name }}    Case reference: {{ case.reference }}"),
        ("p", "Bundle build {{ build.id }} of {{ build.date }}: {{ build.pages }} pages in {{ build.volumes }} "
              "volume(s). Page numbers are those stamped on the bundle."),
        ("table", ("Exhibit", "Document", "Date", "Pages"), "row in rows",
         ("{{ row.label }}", "{{ row.title }}", "{{ row.date }}", "{{ row.pages }}")),
        *notes(),
    ]


def translation_certificate(statement: str, *, title: str = "Certificate of translation") -> list[Line]:
    return [
        ("title", title), ("p", "In the matter of: {{ applicant.name }}    Case reference: {{ case.reference }}"),
        ("p", "Document: {{ original_title }} ({{ source_language }}); translation into {{ target_language }}."),
        ("p", statement),
        ("p", "Competence: {{ translator.competence }}"),
        ("p", "Name: {{ translator.name }}"), ("p", "Address: {{ translator.address }}"),
        ("p", "Telephone: {{ translator.phone }}"),
        ("p", "Signed: ______________________________        Date: {{ date }}"), *notes(),
    ]


def service_certificate(rule: str) -> list[Line]:
    return [
        ("title", "Certificate of service"), ("p", "{{ case.forum_name }}"),
        ("p", "In the matter of: {{ applicant.name }}    Case reference: {{ case.reference }}"),
        ("p", "I, {{ by_whom }}, certify that on {{ date }} I served {{ documents_served }} on {{ served_on }} "
              "by {{ method }}."),
        *([("p", rule)] if rule else []),
        ("p", SIGN), ("p", "{{ by_whom }}"), *notes(),
    ]


def brief(title: str) -> list[Line]:
    return [
        *heading(title), *notes(),
        ("h1", "Standard of proof"), ("p", "{{ standard.text }}"), ("p", "Authority: {{ standard.citation }}"),
        ("h1", "The elements and the evidence"),
        ("tag", "{%p for element in elements %}"), ("h2", "{{ element.number }}. {{ element.label }}"),
        ("p", "{{ element.description }} (Authority: {{ element.source }})"),
        ("tag", "{%p for fact in element.facts %}"), ("bullet", "{{ fact.text }} [{{ fact.cites }}]"),
        ("tag", "{%p endfor %}"),
        ("tag", "{%p for cite in element.citations %}"), ("bullet", "Country information, {{ cite.source }}: "
                                                                   "“{{ cite.quote }}”"),
        ("tag", "{%p endfor %}"),
        ("tag", "{%p for gap in element.gaps %}"), ("p", "{{r gap }}"), ("tag", "{%p endfor %}"),
        ("tag", "{%p endfor %}"),
        ("h1", "Gaps still open"), ("tag", "{%p for gap in gaps %}"), ("p", "{{r gap }}"), ("tag", "{%p endfor %}"),
        ("p", SIGN), ("p", "{{ organisation }}"),
    ]


def un_cat() -> list[Line]:
    return [
        ("title", "Communication to the Committee against Torture under article 22 of the Convention"),
        *notes(),
        ("h1", "1. The complainant"),
        ("p", "Name: {{ applicant.name }}"), ("p", "Date of birth: {{ applicant.birth_date }}"),
        ("p", "Nationality: {{ applicant.nationality }}"), ("p", "Represented by: {{ organisation }}"),
        ("h1", "2. The State party"), ("p", "{{ state_party }}"),
        ("h1", "3. Request for interim measures"), ("p", "{{ interim.text }}"), ("p", "{{ interim.removal }}"),
        ("p", "Authority: {{ interim.source }}"),
        ("h1", "4. The facts"), *numbered("facts"),
        ("h1", "5. The complaint: article 3 of the Convention"),
        ("tag", "{%p for element in elements %}"), ("h2", "{{ element.label }}"),
        ("tag", "{%p for fact in element.facts %}"), ("bullet", "{{ fact.text }} [{{ fact.cites }}]"),
        ("tag", "{%p endfor %}"), ("tag", "{%p endfor %}"),
        ("h1", "6. Exhaustion of domestic remedies"), ("p", "{{ exhaustion.rule }}"),
        ("tag", "{%p for line in exhaustion.decisions %}"), ("bullet", "{{ line }}"), ("tag", "{%p endfor %}"),
        ("p", "{{r exhaustion.note }}"),
        ("h1", "7. Other international procedures"), ("p", "{{ other_procedure }}"),
        *checklist(), ("p", SIGN), ("p", "{{ organisation }}"),
    ]


def rule39() -> list[Line]:
    return [
        ("title", "Request for interim measures under Rule 39 of the Rules of Court"), *notes(),
        ("p", "Applicant: {{ applicant.name }}, born {{ applicant.birth_date }}, national of "
              "{{ applicant.nationality }}"),
        ("p", "Respondent State: {{ state_party }}"), ("p", "Representative: {{ organisation }}"),
        ("p", "Removal: {{ interim.removal }}"), ("p", "Destination: {{ case.country }}"),
        ("h1", "1. The imminent risk of irreparable harm"), *numbered("facts"),
        ("tag", "{%p for element in elements %}"), ("h2", "{{ element.label }}"),
        ("tag", "{%p for fact in element.facts %}"), ("bullet", "{{ fact.text }} [{{ fact.cites }}]"),
        ("tag", "{%p endfor %}"), ("tag", "{%p endfor %}"),
        ("h1", "2. Domestic proceedings"),
        ("tag", "{%p for line in exhaustion.decisions %}"), ("bullet", "{{ line }}"), ("tag", "{%p endfor %}"),
        ("p", "{{r exhaustion.note }}"),
        ("h1", "3. The measure requested"), ("p", "{{ interim.text }}"), ("p", "Authority: {{ interim.source }}"),
        ("h1", "4. Sending the request"), ("p", "{{ sending }}"),
        *checklist(), ("p", SIGN), ("p", "{{ organisation }}"),
    ]


def stay_motion() -> list[Line]:
    return [
        ("title", "Emergency motion for a stay of removal"), *notes(),
        ("p", "Respondent: {{ applicant.name }}, born {{ applicant.birth_date }}, national of "
              "{{ applicant.nationality }}"),
        ("p", "{{ identifier_label }}: {{ identifier }}"), ("p", "Forum: {{ case.forum_name }}"),
        ("p", "Representative: {{ organisation }}"),
        ("p", "Removal: {{ removal }}"), ("p", "Destination: {{ case.country }}"),
        ("h1", "1. The relief requested"), ("p", "{{ relief }}"), ("p", "Authority: {{ stay.source }}"),
        ("h1", "2. The facts"), *numbered("facts"),
        ("h1", "3. The risk of torture on return, with the record"),
        ("tag", "{%p for element in elements %}"), ("h2", "{{ element.label }}"),
        ("tag", "{%p for fact in element.facts %}"), ("bullet", "{{ fact.text }} [{{ fact.cites }}]"),
        ("tag", "{%p endfor %}"), ("tag", "{%p endfor %}"),
        ("h1", "4. Proceedings so far"),
        ("tag", "{%p for line in exhaustion.decisions %}"), ("bullet", "{{ line }}"), ("tag", "{%p endfor %}"),
        ("h1", "5. The stay request to ICE: fields to fill"),
        ("table", ("", "Field", ""), "item in ice_fields", ("☐", "{{ item.title }}", "")),
        ("h1", "6. If the stay is refused: the court of appeals"),
        ("p", "{{ court.sending }}"), ("p", "Authority: {{ court.source }}"),
        ("h1", "7. Sending the motion"), ("p", "{{ stay.sending }}"),
        *checklist(), ("p", SIGN), ("p", "{{ organisation }}"),
    ]


def appeal_grounds() -> list[Line]:
    return [
        ("title", "{{ title }}"), *notes(),
        ("p", "Appellant: {{ applicant.name }}, national of {{ applicant.nationality }}"),
        ("p", "Forum: {{ case.forum_name }}"), ("p", "Representative: {{ organisation }}"),
        ("h1", "Time limit"),
        ("tag", "{%p for line in deadlines %}"), ("bullet", "{{ line }}"), ("tag", "{%p endfor %}"),
        ("h1", "Standard of review"), ("p", "{{ standard.text }}"), ("p", "Authority: {{ standard.source }}"),
        ("h1", "Grounds"),
        ("tag", "{%p for ground in grounds %}"),
        ("h2", "Ground {{ ground.number }}: {{ ground.category }} ({{ ground.where }})"),
        ("p", "The decision found: {{ ground.finding }}"),
        ("p", "Element: {{ ground.element }}. The record before the decision-maker held:"),
        ("tag", "{%p for line in ground.held %}"), ("bullet", "{{ line }}"), ("tag", "{%p endfor %}"),
        ("tag", "{%p if ground.answer %}"), ("p", "{{ ground.answer }}"), ("tag", "{%p endif %}"),
        ("tag", "{%p endfor %}"),
        ("p", SIGN), ("p", "{{ organisation }}"),
    ]


def changed_conditions() -> list[Line]:
    return [
        ("title", "{{ title }}"), *notes(),
        ("p", "Applicant: {{ applicant.name }}, national of {{ applicant.nationality }}"),
        ("p", "Forum: {{ case.forum_name }}"), ("p", "Date of the hearing: {{ hearing }}"),
        ("h1", "The rule"),
        ("tag", "{%p for line in rules %}"), ("p", "{{ line }}"), ("tag", "{%p endfor %}"),
        ("h1", "Evidence published after the hearing"),
        ("tag", "{%p for group in groups %}"), ("h2", "{{ group.element }}"),
        ("tag", "{%p for p in group.passages %}"),
        ("bullet", "Published {{ p.published }}: {{ p.text }} [{{ p.cite }}]"),
        ("tag", "{%p endfor %}"), ("tag", "{%p endfor %}"),
        ("p", SIGN), ("p", "{{ organisation }}"),
    ]


GENERIC_VERIFICATION = "{{ verification }}"
TRANSLATION_GENERIC = ("I, {{ translator.name }}, certify that I am competent to translate from {{ source_language }} "
                       "into {{ target_language }}, and that the attached translation of “{{ original_title }}” is "
                       "complete and accurate to the best of my knowledge and ability.")
TRANSLATION_US = ("I, {{ translator.name }}, certify that I am competent to translate from {{ source_language }} "
                  "into {{ target_language }}, and that the {{ target_language }} translation of “{{ original_title }}”"
                  " attached to this certificate is true and accurate to the best of my abilities.")
TRANSLATION_CA = ("I, {{ translator.name }}, declare that I translated “{{ original_title }}” from "
                  "{{ source_language }} ({{ dialect }}) into {{ target_language }}, and that the translation is "
                  "accurate.")
SERVICE_US = ("Served on the other party at the same time as filed, as 8 C.F.R. § 1003.32(a) requires.")

def hearing_outline() -> list[Line]:
    return [*heading("{{ title }}"),
            ("p", "For the team: work product, not to be filed or served."),
            ("tag", "{%p for topic in topics %}"), ("h2", "{{ topic.number }}. {{ topic.title }}"),
            ("p", "Facts to bring out: {{ topic.elicit }}"), ("p", "Exhibits: {{ topic.exhibits }}"),
            ("p", "Witnesses: {{ topic.witnesses }}"), ("tag", "{%p endfor %}"),
            *notes()]


def cross_examination() -> list[Line]:
    return [*heading("{{ title }}"),
            ("p", "For the team: work product, not to be filed or served. The questions the other side or the "
                  "judge is likely to ask, made from the weak points of the record, with the client's answers."),
            ("tag", "{%p for q in questions %}"), ("h2", "Question {{ q.number }}"), ("p", "{{ q.text }}"),
            ("p", "Comes from: {{ q.source }}. Where: {{ q.where }}"),
            ("p", "Answer: {{ q.answer }}{% if q.status %} ({{ q.status }}){% endif %}"), ("tag", "{%p endfor %}"),
            *notes()]


TEMPLATES: dict[str, dict[str, tuple[Page, list[Line]]]] = {
    "generic": {
        "declaration": (A4, declaration(verification=GENERIC_VERIFICATION)),
        "exhibit_list": (A4, exhibit_list()),
        "translation_certificate": (A4, translation_certificate(TRANSLATION_GENERIC)),
        "service_certificate": (A4, service_certificate("")),
        "brief": (A4, brief("{{ title }}")),
        "un_cat_communication": (A4, un_cat()),
        "rule39_request": (A4, rule39()),
        "hearing_outline": (A4, hearing_outline()),
        "cross_examination": (A4, cross_examination()),
        "stay_motion": (A4, stay_motion()),
        "appeal_grounds": (A4, appeal_grounds()),
        "changed_conditions": (A4, changed_conditions()),
    },
    "us-eoir": {
        "declaration": (LETTER, declaration(verification=GENERIC_VERIFICATION)),
        "exhibit_list": (LETTER, exhibit_list()),
        "translation_certificate": (LETTER, translation_certificate(TRANSLATION_US)),
        "service_certificate": (LETTER, service_certificate(SERVICE_US)),
        "brief": (LETTER, brief("Pre-hearing brief")),
        "stay_motion": (LETTER, stay_motion()),
        "appeal_grounds": (LETTER, appeal_grounds()),
        "changed_conditions": (LETTER, changed_conditions()),
    },
    "uk-ftt": {
        "brief": (SKELETON, brief("Appeal skeleton argument")),
    },
    "ca-irb": {
        "translation_certificate": (A4, translation_certificate(TRANSLATION_CA, title="Translator's declaration")),
    },
}


def _runs(paragraph: Any, text: str) -> None:
    for piece in RICH.split(text):
        if piece:
            paragraph.add_run(piece)


def _table(document: Any, headers: Sequence[str], loop: str, cells: Sequence[str]) -> None:
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for i, text in enumerate(headers):
        table.rows[0].cells[i].text = text
        table.rows[0].cells[i].paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].text = f"{{%tr for {loop} %}}"
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"


def _setup(document: Any, page: Page) -> None:
    section = document.sections[0]
    width, height = (Mm(216), Mm(279)) if page.size == "letter" else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(page.font_pt)
    normal.paragraph_format.line_spacing = page.spacing
    normal.paragraph_format.space_after = Pt(6)


def render(lines: list[Line], page: Page) -> bytes:
    document = Document()
    _setup(document, page)
    styles = {"h1": "Heading 1", "h2": "Heading 2", "bullet": "List Bullet", "p": "Normal", "tag": "Normal"}
    for line in lines:
        if line[0] == "table":
            _table(document, line[1], line[2], line[3])
        elif line[0] == "title":
            paragraph = document.add_paragraph(style="Title")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(paragraph, line[1])
        else:
            _runs(document.add_paragraph(style=styles[line[0]]), line[1])
    # Fixed metadata, so the files only change when a template does.
    props = document.core_properties
    props.author, props.title, props.comments, props.last_modified_by = "Article3", "", "", "Article3"
    props.revision = 1
    props.created = props.modified = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same bytes on every run: zip entries carry the time they were written otherwise."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def main() -> None:
    for forum, kinds in TEMPLATES.items():
        folder = ROOT / forum
        folder.mkdir(parents=True, exist_ok=True)
        for kind, (page, lines) in kinds.items():
            (folder / f"{kind}.docx").write_bytes(render(lines, page))


if __name__ == "__main__":
    main()
