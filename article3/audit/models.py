from django.db import models


class AuditEntry(models.Model):
    """One thing that happened. Append-only: database triggers refuse updates and deletes.

    Holds who, what (a dotted action code), which object (type and key) and when: never names,
    narrative text or file contents. Each entry's hash covers the previous entry's hash.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=80)  # "user:<id>", "cli:<os user>", "anonymous", "system"
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_key = models.CharField(max_length=80, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """The newest entry of the chain, rewritten with every append in the same transaction.

    Its tag is an HMAC under the chain key, so someone who deletes the newest entries straight in the
    database cannot point the head back at an older entry without the instance key; a head printed by
    backups and the daily log line (or kept in an anchor file) catches the rest.
    """

    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    tag = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
