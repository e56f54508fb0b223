"""Real report files for the library tests, made on the fly: a multi-page PDF with headings and
running headers, a web page wrapped in navigation and a cookie banner, a Word file, plain text.

The countries are real, the reports are invented for testing.
"""

import io
from typing import Any

# (heading level, text); level 0 is a paragraph.
REPORT_2024: list[tuple[int, str]] = [
    (1, "1. Political situation"),
    (0, "The government continued to restrict the activities of opposition parties throughout the year. "
        "Public meetings required prior authorisation, which local administrators frequently refused "
        "without giving reasons."),
    (2, "1.1 Arrests of opposition supporters"),
    (0, "Security forces arrested hundreds of opposition supporters after the October demonstrations. "
        "Many of those arrested were held for weeks without charge and without access to a lawyer. "
        "Families reported that they were not told where their relatives were held."),
    (0, "Human rights organisations documented that persons arrested at checkpoints in the North-West "
        "Region were transferred to gendarmerie posts, where several reported beatings during questioning."),
    (2, "1.2 Freedom of expression"),
    (0, "Journalists who reported on the separatist conflict faced prosecution before military courts. "
        "At least six journalists remained in pre-trial detention at the end of the year."),
    (1, "2. Treatment in detention"),
    (0, "Torture and other ill-treatment in gendarmerie and police custody remained widespread. "
        "Former detainees described beatings with cables and batons, suspension in stress positions "
        "and threats against family members to obtain confessions."),
    (2, "2.1 Conditions in gendarmerie cells"),
    (0, "Cells were overcrowded and lacked ventilation, sanitation and adequate food. Detainees were "
        "frequently denied medical care for injuries sustained during interrogation."),
    (0, "Independent monitors were refused access to several detention facilities run by the "
        "military intelligence services, including unofficial places of detention."),
    (2, "2.2 Impunity"),
    (0, "Investigations into allegations of torture by state agents were rare, and no member of the "
        "security forces was convicted for acts of torture during the reporting period."),
    (1, "3. Anglophone regions"),
    (0, "In the North-West and South-West regions, returnees suspected of links with separatist groups "
        "were questioned on arrival and some were detained incommunicado for long periods."),
    (0, "Internal relocation to the Francophone regions offered limited protection, as persons from the "
        "Anglophone regions were subject to identity checks and arbitrary arrest in Yaoundé and Douala."),
]

REPORT_2023: list[tuple[int, str]] = [
    (1, "1. Political situation"),
    (0, "Opposition parties were able to hold some meetings, although the authorities dispersed "
        "several gatherings in the capital using tear gas."),
    (1, "2. Treatment in detention"),
    (0, "Reports of ill-treatment in police custody continued, in particular during the first days "
        "after arrest, before detainees were brought before a judge."),
]

HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cameroon: crackdown on returnees | Rights Monitor</title>
<meta property="article:published_time" content="2025-05-02T09:00:00Z"></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
<a href="/privacy">Accept all cookies</a></p></div>
<header class="site-header"><a href="/">Rights Monitor</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/reports">Reports</a></li>
<li><a href="/donate">Donate</a></li></ul></nav></header>
<div class="breadcrumbs"><a href="/">Home</a> / <a href="/africa">Africa</a></div>
<main><article>
<h1>Cameroon: crackdown on returnees</h1>
<p>Deported asylum seekers were <strong>arrested</strong> on arrival at Douala airport and held by the
gendarmerie for questioning about their contacts abroad.</p>
<h2>Interrogation at the airport</h2>
<p>Several returnees said officers beat them during interrogation and demanded the names of
diaspora activists.</p>
<div class="share-buttons"><a href="#">Share on social media</a></div>
<h2>Reprisals against families</h2>
<p>Relatives of those deported were summoned by local officials and warned to stop
speaking to foreign organisations.</p>
</article></main>
<aside class="related"><h3>Related stories</h3><p>Elections postponed again</p></aside>
<footer class="site-footer"><p>© Rights Monitor. All rights reserved.</p></footer>
<script>trackVisitor();</script>
</body></html>
"""

TEXT_REPORT = """# Nigeria: security situation

## Arrests during protests

Police arrested protesters in Lagos and Abuja and held them
without charge for several weeks.

## Detention conditions

Detention facilities were severely overcrowded.
"""


def report_pdf(paragraphs: list[tuple[int, str]] = REPORT_2024, *,
               title: str = "Cameroon: Country Report 2024") -> bytes:
    """A real multi-page PDF: each chapter on a new page, headings in larger bold type, a running
    header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story: list[Any] = []
    for level, text in paragraphs:
        if level == 1 and story:
            story.append(PageBreak())
        if level:
            story.append(Paragraph(text, styles["Heading1" if level == 1 else "Heading2"]))
        else:
            story.append(Paragraph(text, styles["BodyText"]))
            story.append(Spacer(1, 8))

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, title)
        canvas.drawString(A4[0] / 2, 30, str(doc.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Rights Monitor", invariant=1)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


def report_docx(paragraphs: list[tuple[int, str]] = REPORT_2023, *, title: str = "Cameroon report 2023") -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for level, text in paragraphs:
        if level:
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Arrests recorded"
    table.cell(1, 0).text, table.cell(1, 1).text = "2023", "412"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
