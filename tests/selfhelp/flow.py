"""A short interview, answered through the pages, for the summary and package tests."""

from django.test import Client

ANSWERS = [
    ("name", {"name": "Amina Canary"}),
    ("country", {"country_of_return": "CM"}),
    ("history", {"text": "Fui maestra en Bamenda."}),
    ("harms", {"description": "Los soldados me golpearon.", "date": "2023-05", "place": "Bamenda", "who": "Soldados"}),
    ("agents", {"description": "El ejército", "official": "yes", "link_to_officials": ""}),
    ("protection", {"body": "police", "date": "2023-06", "description": "Una denuncia", "outcome": "retaliation",
                    "consequence": "Me detuvieron otra vez."}),
    ("family", {"name": "Hermana Canary", "relation": "hermana", "notes": "Amenazada."}),
    ("documents", {"text": "Una citación, con mi madre."}),
]


def answer_all(client: Client) -> None:
    for step, data in ANSWERS:
        response = client.post(f"/help/q/{step}/", data)
        assert response.status_code == 302, (step, response.content[:2000])
