"""What a record says when the worker handling it stopped before it finished (article3.tasks_sweep).

Kept on the record as msgids, in English, and shown in the reader's language; they live in this app so
that its catalogue carries them.
"""

from django.utils.translation import gettext_noop

RESTARTED = gettext_noop("processing was interrupted; it has been restarted")
DOCUMENT = gettext_noop(
    "Converting this file stopped twice before it finished (the server's worker was stopped). The original is "
    "stored unchanged: you can download it, or replace it with another copy to try again.")
BUNDLE = gettext_noop("The build stopped twice before it finished (the server's worker was stopped). "
                      "Start a new build; if it stops again, ask your administrator.")
GENERATED = gettext_noop("Generating stopped twice before it finished (the server's worker was stopped). "
                         "Generate it again; if it stops again, ask your administrator.")
REPORT_IMPORT = gettext_noop("Reading this report stopped twice before it finished (the server's worker was "
                             "stopped). Import the file again; if it stops again, ask your administrator.")
EXPORT = gettext_noop("Making this file stopped twice before it finished (the server's worker was "
                      "stopped). Ask for it again; if it stops again, ask your administrator.")
EXTRACTION = gettext_noop("Reading this document stopped twice before it finished (the server's worker was "
                          "stopped). Read it again; if it stops again, ask your administrator.")
