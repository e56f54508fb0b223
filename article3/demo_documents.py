"""The demo case's documents, written on the fly (all fictional): text PDFs a clinic would hold."""

import io

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

# key, kind, title, language, date, author, pages (each a list of paragraphs)
DOCUMENTS: list[tuple[str, str, str, str, str, str, list[list[str]]]] = [
    ("d-declaration", "declaration", "Declaration of the applicant", "en", "2026-10-01", "applicant", [[
        "1. My name is Joseph Tabe. I was born on 2 June 2001 in Bamenda, in the North-West Region.",
        "2. Since 2017 I have attended meetings of a community association of anglophone youth.",
        "13. In November 2018 an official from the sub-prefect's office warned me to stop attending.",
        "14. On 14 March 2019, when I was 17, gendarmes stopped me at a checkpoint and took me to "
        "the gendarmerie in Bamenda. They held me until 19 March 2019.",
        "15. On 15 March 2019 they beat me with cables while asking about the meetings.",
    ], [
        "18. On 2 April 2019 I went to the police to complain. A week later I was summoned by the gendarmerie.",
        "22. On 20 June 2019 I left Cameroon through the Ekok border crossing.",
        "23. In February 2020 gendarmes questioned my brother about where I was.",
    ]]),
    ("d-medical", "medical", "Medical evaluation", "en", "2025-01-20", "Examining physician", [[
        "Medical evaluation following the Istanbul Protocol.",
        "History: the patient reports detention in April 2019 and beatings with a cable.",
        "Findings: linear hyperpigmented scars on the upper back, 8 to 12 cm long.",
        "Opinion: the scars are highly consistent with the reported beating with a cable.",
    ]]),
    ("d-expert", "expert_opinion", "Country expert opinion", "en", "2026-09-01", "Country expert", [[
        "Expert opinion on the treatment of anglophone activists by the security forces.",
        "Gendarmes routinely detain young men suspected of separatist sympathies at checkpoints.",
    ]]),
    ("d-summons", "domestic_remedy_record", "Convocation de la gendarmerie", "fr", "2019-04-09",
     "Gendarmerie nationale", [[
         "Convocation. Le nommé Tabe Joseph est prié de se présenter à la brigade de gendarmerie "
         "de Bamenda le 12 avril 2019 à 8 heures.",
     ]]),
    ("d-summons-en", "translation", "Summons from the gendarmerie (translation)", "en", "2026-10-05",
     "Certified translator", [[
         "Summons. The person named Tabe Joseph is required to appear at the gendarmerie brigade "
         "of Bamenda on 12 April 2019 at 8 a.m.",
     ]]),
]


def document_pdf(pages: list[list[str]]) -> bytes:
    out = io.BytesIO()
    styles = getSampleStyleSheet()
    story: list[object] = []
    for number, paragraphs in enumerate(pages):
        if number:
            story.append(PageBreak())
        for text in paragraphs:
            story += [Paragraph(text, styles["BodyText"]), Spacer(1, 8)]
    SimpleDocTemplate(out, pagesize=letter, title="Demo document").build(story)
    return out.getvalue()
