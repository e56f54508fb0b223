"""Legal words the questions use, explained in plain words. Explanations, not advice."""

from django.utils.translation import gettext_lazy as _

TERMS = {
    "torture": (_("Torture"), _("When someone causes very bad pain or suffering to a person on purpose, to the body or "
                                "the mind: for example to punish them, to scare them, or to make them talk.")),
    "public-official": (_("Public official"), _("A person who works for the state: police, soldiers, prison guards, "
                                                "judges, officers of the government. It also counts when such people "
                                                "let others hurt someone, or agree to it.")),
    "protection": (_("Protection"), _("Help from the police, the courts or other parts of the state to keep you "
                                      "safe. Protection in another country means that it does not send you back "
                                      "to danger.")),
    "removal": (_("Removal"), _("When a country sends a person out, back to their own country or to another one. "
                                "It is also called deportation.")),
    "deadline": (_("Deadline"), _("The last day to send a paper or an application. After it, it may be too late.")),
    "detention": (_("Detention"), _("When the authorities hold a person in a place they cannot leave, like a "
                                    "detention centre or a prison.")),
    "forum": (_("Court or body"), _("The place that decides your case: a court, a tribunal, an immigration office, "
                                    "or an international committee.")),
    "interpreter": (_("Interpreter"), _("A person who says in your language what others say, and says in their "
                                        "language what you say.")),
    "evidence": (_("Evidence"), _("Things that show your story is true: papers, photos, messages, medical reports, "
                                  "or what other people saw.")),
    "legal-advice": (_("Legal advice"), _("A lawyer telling you what to do in your case. This service does not give "
                                          "legal advice.")),
}
