from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    ATTORNEY = "attorney", _("Attorney / accredited representative")
    PARALEGAL = "paralegal", _("Paralegal / clinic student")
    INTERPRETER = "interpreter", _("Interpreter / translator")
    EXPERT = "expert", _("Expert")
    VIEWER = "viewer", _("Viewer")


# Roles that may change a case they are on; the others read (and, later, upload to) what they are given.
EDITING_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY, Role.PARALEGAL})
# Roles in the organisation that may open a new case (and so become its attorney).
CASE_CREATING_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY})
# Roles on a case's team that may take the whole case away as a package.
PACKAGE_ROLES = frozenset({Role.ATTORNEY, Role.ADMIN})


class Organisation(models.Model):
    slug = models.SlugField(unique=True, max_length=50)
    name = models.CharField(max_length=200)
    require_second_factor = models.BooleanField(default=False)
    retention_days_after_close = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug


class Membership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # Set when an admin resets a lost second factor: this person enrols again whatever the organisation requires.
    second_factor_required = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.role}"


class LoginFailure(models.Model):
    """One failed login, kept to throttle guessing. Holds digests, never the typed name or password."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    account_digest = models.CharField(max_length=64, db_index=True)
    address_digest = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"failure at {self.at:%Y-%m-%d %H:%M}"


class LanguagePreference(models.Model):
    """The language a person chose for their pages; it follows them from device to device."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language")
    language = models.CharField(max_length=8)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.language
