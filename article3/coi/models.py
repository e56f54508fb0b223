"""The country information library: reports, their passages, series, feeds, citations and alerts.

Reports belong to an organisation, not to a case: they are public material, but what a clinic
collects (and which cases it matches them to) is still its own business, so only members see them.
"""

import calendar
import datetime

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.fieldcrypt import EncryptedJSONField, EncryptedTextField
from article3.words import shown


class DocType(models.TextChoices):
    REPORT = "report", _("Country report")
    NEWS = "news", _("News")
    GUIDANCE = "guidance", _("Government guidance")
    UN = "un", _("UN document")
    NGO = "ngo", _("NGO report")
    LEGAL = "legal", _("Decision or judgment")
    EXPERT = "expert", _("Expert report")
    OTHER = "other", _("Other")


class DatePrecision(models.TextChoices):
    """How much of a publication date is known: annual reports are cited by their year alone."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    HTML = "html", "HTML"
    TXT = "txt", _("Text")
    DOCX = "docx", "Word (DOCX)"


class ReportSeries(models.Model):
    """Editions of one publication: a yearly report by one publisher on one country."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coi_series")
    key = models.CharField(max_length=300)  # normalised publisher | name | countries
    name = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="coi_series_key_per_org")]

    def __str__(self) -> str:
        return self.name


class CoiSource(models.Model):
    """A feed (RSS, Atom or JSON Feed) an organisation watches for new country information."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coi_sources")
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=1000)
    publisher = models.CharField(max_length=200, blank=True)
    countries = models.CharField(max_length=200)  # ISO codes, comma-separated: "CM,NG"
    doc_type = models.CharField(max_length=12, choices=DocType.choices, default=DocType.NEWS)
    language = models.CharField(max_length=35, default="en")
    active = models.BooleanField(default=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=20, blank=True)  # ok, not_modified, error
    last_error = models.CharField(max_length=300, blank=True)
    items_imported = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "url"], name="coi_source_url_per_org")]
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def country_list(self) -> list[str]:
        return [c for c in self.countries.split(",") if c]


class Report(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coi_reports")
    series = models.ForeignKey(
        ReportSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="editions"
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    # A year or a month alone is kept as its first day, with the precision saying which.
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    url = models.URLField(max_length=1000, blank=True)
    doc_type = models.CharField(max_length=12, choices=DocType.choices, default=DocType.REPORT)
    language = models.CharField(max_length=35, default="en")
    # The file as imported, in the vault under the SHA-256 of its bytes; the text hash catches
    # the same report arriving as different bytes (a feed item fetched twice, a re-saved file).
    sha256 = models.CharField(max_length=64)
    text_sha256 = models.CharField(max_length=64)
    file_type = models.CharField(max_length=5, choices=FileType.choices)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.BigIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    # The report as a clean PDF, made at import for bundles: a PDF rewritten without active
    # content, or a web page, Word file or text laid out as one. Blank for reports imported
    # before PDF forms were kept (made on first use, see services.report_pdf_form).
    derived_sha256 = models.CharField(max_length=64, blank=True)
    derived_pages = models.PositiveIntegerField(default=0)
    source = models.ForeignKey(CoiSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    source_guid = models.CharField(max_length=500, blank=True)
    imported_by = models.CharField(max_length=100)  # audit actor label, never a name
    imported_at = models.DateTimeField(auto_now_add=True)

    VAULT_FIELDS = ("sha256", "derived_sha256")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha256"], name="coi_report_file_per_org"),
            models.UniqueConstraint(fields=["organisation", "text_sha256"], name="coi_report_text_per_org"),
        ]
        indexes = [models.Index(fields=["organisation", "date"], name="coi_report_org_date")]
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def superseded(self) -> bool:
        return self.superseded_by_id is not None

    @property
    def date_label(self) -> str:
        """The publication date as far as it is known: "2023", "March 2023", "5 March 2023"; "" if none."""
        if self.date is None:
            return ""
        if self.date_precision == DatePrecision.YEAR:
            return f"{self.date:%Y}"
        if self.date_precision == DatePrecision.MONTH:
            return f"{self.date:%B %Y}"
        return f"{self.date.day} {self.date:%B %Y}"

    @property
    def date_words(self) -> str:
        """`date_label` in the reader's language, for pages ("mars 2023", "5 de marzo de 2023"); what is
        filed keeps `date_label`, in English."""
        from django.utils.formats import date_format
        from django.utils.translation import get_language

        if self.date is None or self.date_precision == DatePrecision.YEAR or (get_language() or "en").startswith("en"):
            return self.date_label
        return date_format(self.date, "YEAR_MONTH_FORMAT" if self.date_precision == DatePrecision.MONTH
                           else "DATE_FORMAT")

    @property
    def date_iso(self) -> str:
        """The date in ISO form, no more precise than known: "2023", "2023-03", "2023-03-05"; "" if none."""
        if self.date is None:
            return ""
        if self.date_precision == DatePrecision.YEAR:
            return self.date.isoformat()[:4]
        if self.date_precision == DatePrecision.MONTH:
            return self.date.isoformat()[:7]
        return self.date.isoformat()

    @property
    def date_latest(self) -> datetime.date | None:
        """The last day the publication date can be: what currency rules are measured from."""
        if self.date is None:
            return None
        if self.date_precision == DatePrecision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.date_precision == DatePrecision.MONTH:
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date


class ReportCountry(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(max_length=2)  # ISO 3166-1 alpha-2

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="coi_country_once_per_report")]
        indexes = [models.Index(fields=["code", "report"], name="coi_country_code")]

    def __str__(self) -> str:
        return self.code


class Passage(models.Model):
    """A paragraph of a report, with the anchors a citation needs: page, paragraph, headings."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="passages")
    paragraph = models.PositiveIntegerField()  # 1-based, through the whole report: the stable anchor
    page = models.PositiveIntegerField(null=True, blank=True)  # PDFs only
    # Where the passage begins in the report's PDF form (the bundle exhibit); for a PDF the
    # page itself, for other files the page its words were found on, if they were.
    pdf_page = models.PositiveIntegerField(null=True, blank=True)
    heading = models.CharField(max_length=1000, blank=True)  # "1. Politics > 1.2 Arrests"
    text = models.TextField()
    embedding = models.BinaryField(null=True, blank=True)  # float32 vector, with the semantic extra
    # PostgreSQL only: the text and heading as a tsvector, kept by a trigger and GIN-indexed (see
    # migration 0002). Ranking reads it instead of re-parsing every matching passage. On SQLite
    # the column is there but unused (FTS5 keeps its own index).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "paragraph"], name="coi_paragraph_once_per_report")
        ]
        ordering = ["report_id", "paragraph"]

    def __str__(self) -> str:
        return f"{self.report_id}¶{self.paragraph}"

    @property
    def anchor(self) -> str:
        return f"para-{self.paragraph}"

    @property
    def pinpoint(self) -> str:
        page = f"p. {self.page}, " if self.page else ""
        return f"{page}¶ {self.paragraph}"


class CoiCitation(models.Model):
    """A passage of country information cited in a case, for the elements it helps prove."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="coi_citations")
    key = models.CharField(max_length=80)
    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="citations")
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField()  # exact words of the passage
    page = models.PositiveIntegerField(null=True, blank=True)
    paragraph = models.PositiveIntegerField()
    heading = models.CharField(max_length=1000, blank=True)
    elements = models.JSONField(default=list, blank=True)  # element codes of the case's rule pack
    note = EncryptedTextField(blank=True)  # the lawyer's words about the client's case
    created_by = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="coi_citation_key_per_case")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key


class CoiAlert(models.Model):
    """New country information that may bear on a case: a report matched by country and risk terms."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="coi_alerts")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="alerts")
    passage = models.ForeignKey(Passage, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    # The case's risk terms the passage contains: encrypted like the terms on the case itself.
    terms = EncryptedJSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "report"], name="coi_alert_once_per_report")]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"alert {self.pk} on case {self.case_id}"



class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting its turn")
    RUNNING = "running", _("Being read")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Could not be imported")


class ReportImport(models.Model):
    """A report file handed in through the library page, read by the task worker; the import page
    shows its progress and then the report. The file waits in the vault under `file_sha256`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coi_imports")
    requested_by = models.CharField(max_length=100)  # the actor's label, as in the audit log
    requested_by_user_id = models.IntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255, blank=True)
    meta = models.JSONField(default=dict)  # the form's countries, title, publisher, date, ...
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    error_message = models.TextField(blank=True)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.BooleanField(default=False)  # False: the library already had this report
    alerts = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    VAULT_FIELDS = ("file_sha256",)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"import {self.pk}"

    @property
    def progress_text(self) -> str:
        """The step, kept as a msgid, in the reader's language."""
        return shown(None, self.progress)

    @property
    def error_text(self) -> str:
        """Why the import failed in the reader's language, where it was kept as a msgid (else as stored)."""
        return shown(None, self.error_message)

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
