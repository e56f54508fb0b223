import pytest

from article3.chronology.extract import (
    Proposal,
    guess_kind,
    propose_statements,
    split_paragraphs,
    split_sentences,
)

ENGLISH_PAGE = """DECLARATION OF THE APPLICANT

14. On 14 March 2019 I was arrested at a checkpoint. I was detained from 14 to 19 March 2019
and released on 19 March.

15. In March 2019 the gendarmes came to my house. Around May 2018 I received threats by
phone. I may have been at home, now I do not know. Today at 5 pm I met 15 people.

16. I filed a complaint at the police station on 2 April 2019. Mr. Smith told me to leave.
I fled the country in 2019."""

FRENCH_PAGE = """Le 14 mars 2019, j'ai été arrêté par les gendarmes. J'ai été détenu
du 14 au 19 mars 2019.

Vers mai 2018, j'ai reçu des menaces. Le 3 juin, ils sont revenus et m'ont frappé. Il y a deux
ans, tout allait bien.

J'ai porté plainte au commissariat le 02/04/2019. En 2019 j'ai quitté le pays. Je suis arrivé
en France le 2 février 2020 vers 10 heures."""

NO_DATES = "I live with my aunt now.\n\nShe helps me every day at 5 pm."


def summary(proposals: list[Proposal]) -> list[tuple[int, int, str, str, str | None]]:
    return [(p.page, p.paragraph, str(p.date), p.date_text, p.kind_guess) for p in proposals]


@pytest.fixture(scope="module")
def english() -> list[Proposal]:
    return propose_statements(pages=[NO_DATES, ENGLISH_PAGE], language="en")


@pytest.fixture(scope="module")
def french() -> list[Proposal]:
    return propose_statements(pages=[FRENCH_PAGE], language="fr")


def test_english_proposals(english: list[Proposal]) -> None:
    assert summary(english) == [
        (2, 2, "2019-03-14", "14 March 2019", "detention"),
        (2, 2, "2019-03-14/2019-03-19", "from 14 to 19 March 2019", "release"),
        (2, 2, "2019-03-19", "19 March", "release"),
        (2, 3, "2019-03", "March 2019", None),
        (2, 3, "~2018-05", "May 2018", "threat"),
        (2, 4, "2019-04-02", "2 April 2019", "domestic_remedy"),
        (2, 4, "2019", "2019", "departure"),
    ]


def test_sentences_are_whole_and_unwrapped(english: list[Proposal]) -> None:
    assert english[1].sentence == (
        "I was detained from 14 to 19 March 2019 and released on 19 March."
    )
    assert english[4].sentence == "Around May 2018 I received threats by phone."
    assert english[5].sentence == "I filed a complaint at the police station on 2 April 2019."


def test_precision_is_not_invented(english: list[Proposal]) -> None:
    assert [p.date.precision for p in english] == [
        "day",
        "range",
        "day",
        "month",
        "month",
        "day",
        "year",
    ]
    assert [p.date.approximate for p in english] == [False] * 4 + [True] + [False] * 2


def test_french_proposals(french: list[Proposal]) -> None:
    assert summary(french) == [
        (1, 1, "2019-03-14", "14 mars 2019", "detention"),
        (1, 1, "2019-03-14/2019-03-19", "du 14 au 19 mars 2019", "detention"),
        (1, 2, "~2018-05", "mai 2018", "threat"),
        (1, 2, "2018-06-03", "3 juin", "harm"),  # the year from the sentence before
        (1, 3, "2019-04-02", "02/04/2019", "domestic_remedy"),  # day first in French
        (1, 3, "2019", "2019", "departure"),
        (1, 3, "2020-02-02", "2 f\u00e9vrier 2020", "arrival"),
    ]


def test_a_page_without_dates_proposes_nothing() -> None:
    assert propose_statements(pages=[NO_DATES, ""], language="en") == []


def test_a_date_without_a_year_and_no_year_before_is_dropped() -> None:
    assert propose_statements(pages=["On 3 June they came back."], language="en") == []


def test_regional_language_tags_use_the_language() -> None:
    [proposal] = propose_statements(pages=["Le 02/04/2019, j'ai porté plainte."], language="fr-CA")
    assert str(proposal.date) == "2019-04-02"


def test_unknown_language_is_detected() -> None:
    [proposal] = propose_statements(pages=["Le 14 mars 2019, rien."], language="wes")
    assert str(proposal.date) == "2019-03-14"


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("I was held from May to August 2016 in the central prison.", "en", "2016-05/2016-08"),
        ("Between March and June 2019 I hid at my aunt's house.", "en", "2019-03/2019-06"),
        ("From 3 May to 20 August 2016 I was detained.", "en", "2016-05-03/2016-08-20"),
        ("From November to February 2016 I hid.", "en", "2015-11/2016-02"),
        ("From November 2015 to February 2016 I hid.", "en", "2015-11/2016-02"),
        ("J'ai été détenu du 3 mai au 20 août 2016.", "fr", "2016-05-03/2016-08-20"),
        ("Estuve detenido entre mayo y agosto de 2016.", "es", "2016-05/2016-08"),
    ],
)
def test_a_range_across_months_is_one_proposal_with_the_year_carried(
    sentence: str, language: str, expected: str
) -> None:
    """Regression: "from May to August 2016" was proposed as May of the current year plus August 2016."""
    [proposal] = propose_statements(pages=["In 2010 I finished school.", sentence], language=language)[1:]
    assert str(proposal.date) == expected


def test_and_joins_a_range_only_after_between() -> None:
    proposals = propose_statements(pages=["I met him in 2014 and May 2015."], language="en")
    assert [str(p.date) for p in proposals] == ["2014", "2015-05"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It happened around 14 March 2019.", "~2019-03-14"),
        ("It happened in early 2018.", "~2018"),
        ("It happened at the end of June 2018.", "~2018-06"),
        ("J'ai été libéré à la fin de mars 2019.", "~2019-03"),
        ("Fui detenido hacia mayo de 2018.", "~2018-05"),
        ("It happened in June 2018.", "2018-06"),
        ("I was held between 14 and 19 March 2019.", "2019-03-14/2019-03-19"),
        ("They came on March 3rd, 2019.", "2019-03-03"),
    ],
)
def test_single_dates(sentence: str, expected: str) -> None:
    language = "fr" if "libéré" in sentence else "es" if "Fui" in sentence else "en"
    [proposal] = propose_statements(pages=[sentence], language=language)
    assert str(proposal.date) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "I may have been there, and they will march to the office.",
        "Now I live here.",
        "It was on Monday.",
        "Between 2 and 4 I waited in room 12 for 45 minutes.",
        "Two years ago it happened.",
        "Je suis venu vers 10 heures, il y a deux ans.",
    ],
)
def test_false_positives_are_filtered(sentence: str) -> None:
    language = "fr" if sentence.startswith("Je") else "en"
    assert propose_statements(pages=[sentence], language=language) == []


def test_paragraphs_fall_back_to_lines() -> None:
    page = "First line in 2017.\nSecond line in 2018.\nThird line in 2019."
    assert split_paragraphs(page) == [
        "First line in 2017.",
        "Second line in 2018.",
        "Third line in 2019.",
    ]
    proposals = propose_statements(pages=[page], language="en")
    assert [(p.paragraph, str(p.date)) for p in proposals] == [
        (1, "2017"),
        (2, "2018"),
        (3, "2019"),
    ]


def test_blank_line_paragraphs_join_wrapped_lines() -> None:
    page = "One para-\ngraph over\ntwo lines.\n\n  \nAnother one."
    assert split_paragraphs(page) == ["One paragraph over two lines.", "Another one."]


def test_sentence_splitting_keeps_abbreviations() -> None:
    text = "Dr. Ngo saw me on 2 May 2019. See p. 4 of the report! Was it true? Yes."
    assert split_sentences(text) == [
        "Dr. Ngo saw me on 2 May 2019.",
        "See p. 4 of the report!",
        "Was it true?",
        "Yes.",
    ]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("They arrested me at the market.", "detention"),
        ("J'ai été arrêté par la police.", "detention"),
        ("I was released after five days of detention.", "release"),
        ("J'ai été libéré sous caution.", "release"),
        ("They beat me with sticks.", "harm"),
        ("Ils m'ont torturé.", "harm"),
        ("He threatened to kill me.", "threat"),
        ("J'ai reçu des menaces de mort.", "threat"),
        ("I filed a complaint about the arrest.", "domestic_remedy"),
        ("I went to make a police report.", "domestic_remedy"),
        ("J'ai porté plainte.", "domestic_remedy"),
        ("I left the country by bus.", "departure"),
        ("I fled at night.", "departure"),
        ("J'ai quitté le pays en bateau.", "departure"),
        ("I arrived in the United States.", "arrival"),
        ("Je suis arrivée en France.", "arrival"),
        ("The police arrived and I hid.", None),
        # Regression: a medical report's examination date was offered as a Harm event.
        ("I examined Mr K. on 20 January 2025; the scars on his back are consistent with beating.", "medical"),
        ("Medical evaluation following the Istanbul Protocol, 20 January 2025: injuries to both feet.", "medical"),
        ("Je l'ai examiné le 3 mars 2021 et constaté des brûlures.", "medical"),
        ("Fue examinado el 3 de marzo de 2021; presenta heridas.", "medical"),
        ("I went to school.", None),
    ],
)
def test_guess_kind(sentence: str, kind: str | None) -> None:
    assert guess_kind(sentence) == kind
