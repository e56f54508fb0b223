"""Case text encrypted field by field, so a copy of the database without the instance key holds
no names, narratives or document text.

A value is stored as `a3e1:` and the URL-safe base64 of a 12-byte nonce and its AES-256-GCM
ciphertext. The key is derived from the instance key (HKDF-SHA256, its own `info`), and the
associated data names the column (`app_label.model.field`), so a ciphertext copied into another
column does not decrypt.

What stays visible: whether a text field is empty (the empty string is stored as is, so `blank`
checks and "is empty" filters keep working) and, roughly, how long a value is. What does not:
the content. The database cannot filter, search or order on content any more; those lookups
raise `EncryptedLookupError`, and callers do that work in Python over rows already scoped to a
case. `order_by` on these fields is not refused (Django gives fields no hook for it) but would sort
ciphertext: sort in Python too.
"""

import base64
import binascii
import functools
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.core.exceptions import FieldError
from django.db import migrations, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import lookups

from article3 import datadir

PREFIX = "a3e1:"
INFO = b"article3 field v1"
NONCE_BYTES = 12


class FieldDecryptionError(Exception):
    """A stored value does not decrypt: the instance key is not the one it was written with."""


class EncryptedLookupError(FieldError):
    """A query asked the database to compare or search the content of an encrypted field."""


@functools.lru_cache(maxsize=4)
def _cipher_for(key_file: Path) -> tuple[AESGCM, str]:
    from article3.evidence.vault.keys import key_fingerprint  # the vault package loads Django storage

    instance_key = datadir.instance_key()
    field_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(instance_key)
    return AESGCM(field_key), key_fingerprint(instance_key)


def _cipher() -> tuple[AESGCM, str]:
    """The field cipher, derived once per process for the configured key file."""
    configured = (os.environ.get("ARTICLE3_KEY_FILE"), os.environ.get("ARTICLE3_DATA"), os.getcwd())
    return _cipher_for(_key_path(configured))


@functools.lru_cache(maxsize=8)
def _key_path(configured: tuple[str | None, ...]) -> Path:
    # Resolving the path touches the filesystem; a page decrypts thousands of values, so the
    # path is resolved once for the settings that name it (`configured` is the cache key).
    return datadir.key_path()


def forget_key() -> None:
    """Drop the cached field key (the key file was replaced, or a test switches instances)."""
    _cipher_for.cache_clear()
    _key_path.cache_clear()


def encrypt(plaintext: str, *, label: str) -> str:
    if plaintext == "":
        return plaintext
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher()[0].encrypt(nonce, plaintext.encode(), label.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(stored: str, *, label: str) -> str:
    """The plaintext of `stored`; a value without the prefix predates encryption and is returned as is."""
    if not stored.startswith(PREFIX):
        return stored
    cipher, fingerprint = _cipher()
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX):].encode("ascii"))
        return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], label.encode()).decode()
    except (InvalidTag, ValueError, binascii.Error):
        raise FieldDecryptionError(
            f"{label} holds a value that does not decrypt with the instance key at {datadir.key_path()} "
            f"(fingerprint {fingerprint}): it was written with another key, or to another column. "
            "Point ARTICLE3_KEY_FILE at the key this database was made with."
        ) from None


class _RefusedExact(lookups.Exact):  # type: ignore[type-arg]  # generic in the stubs only
    """`= ''` is the one comparison an encrypted column still answers: emptiness is stored as is."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):  # None becomes `isnull` right after
            raise EncryptedLookupError(_refusal(self.lhs.output_field, "exact"))
        return super().get_prep_lookup()


def _refusal(field: Any, lookup_name: str) -> str:
    return (f"{_label(field)} is encrypted in the database, so it cannot be queried with `{lookup_name}`; "
            "filter, search or sort in Python over the case's rows instead")


def _label(field: Any) -> str:
    return f"{field.model._meta.label_lower}.{field.name}"


# django-stubs types fields through generic parameters that do not exist at run time.
class EncryptedMixin(models.Field):  # type: ignore[type-arg]
    """Encrypts on the way into the database and decrypts on the way out; refuses content lookups."""

    def get_internal_type(self) -> str:
        return "TextField"  # ciphertext is longer than the text: no length limit on the column

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return lookups.IsNull
        if lookup_name == "exact":
            return _RefusedExact
        raise EncryptedLookupError(_refusal(self, lookup_name))

    def get_transform(self, lookup_name: str) -> Any:
        raise EncryptedLookupError(_refusal(self, lookup_name))

    @property
    def crypt_label(self) -> str:
        return _label(self)

    def to_plain_db(self, value: Any) -> str | None:
        """The value as text for the column, before encryption."""
        return None if value is None else str(value)

    def from_plain_db(self, value: str) -> Any:
        return value

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        text = self.to_plain_db(value)
        return None if text is None else encrypt(text, label=self.crypt_label)

    def from_db_value(self, value: str | None, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None:
            return None
        return self.from_plain_db(decrypt(value, label=self.crypt_label))


class EncryptedTextField(EncryptedMixin, models.TextField):  # type: ignore[type-arg]
    """A TextField whose content is encrypted in the database (see the module docstring)."""


class EncryptedCharField(EncryptedMixin, models.CharField):  # type: ignore[type-arg]
    """A CharField whose content is encrypted; `max_length` still limits the text in forms and
    `full_clean`, while the column itself is unbounded text."""


class EncryptedJSONField(EncryptedMixin, models.TextField):  # type: ignore[type-arg]
    """A JSON value (a list of names, a mapping of extras) encrypted as one piece of text.

    Unlike the text fields, an empty list or mapping is encrypted too: only SQL NULL shows.
    """

    # What django-stubs' mypy plugin reads as the field's Python types (a TextField says str).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def __init__(self, *args: Any, encoder: type[json.JSONEncoder] | None = None, **kwargs: Any) -> None:
        self.encoder = encoder
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.encoder is not None:
            kwargs["encoder"] = self.encoder
        return name, path, args, kwargs

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        return value

    def to_plain_db(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, cls=self.encoder, ensure_ascii=False)

    def from_plain_db(self, value: str) -> Any:
        return json.loads(value)

    def value_to_string(self, obj: models.Model) -> Any:
        return self.value_from_object(obj)  # serializers keep the structure, as with JSONField

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        # Field's own formfield, not TextField's: a JSON form field takes no max_length or Textarea.
        return models.Field.formfield(self, form_class=form_class or forms.JSONField,
                                      choices_form_class=choices_form_class, encoder=self.encoder, **kwargs)


def encrypt_rows(app_label: str, targets: dict[str, list[str]]) -> migrations.RunPython:
    """A migration step that rewrites the existing rows of `targets` ({model name: field names})
    encrypted; reversed, it writes them back in plaintext for the plain columns it restores."""

    def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        _rewrite(apps, schema_editor, app_label, targets, plain=False)

    def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        _rewrite(apps, schema_editor, app_label, targets, plain=True)

    return migrations.RunPython(forward, backward)


def _rewrite(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor, app_label: str,
             targets: dict[str, list[str]], *, plain: bool) -> None:
    for model_name, names in targets.items():
        model = apps.get_model(app_label, model_name)
        fields = [model._meta.get_field(name) for name in names]
        manager = model._base_manager.using(schema_editor.connection.alias)
        for row in manager.only("pk", *names).order_by("pk").iterator(chunk_size=500):
            manager.filter(pk=row.pk).update(**{f.name: _stored(f, f.value_from_object(row), plain=plain)
                                                for f in fields})


def _stored(field: Any, value: Any, *, plain: bool) -> Any:
    """Reading decrypted the value (or found it still plain); the field encrypts it on the way back
    in, unless the plaintext is wanted, which a Value of plain text type writes untouched."""
    if not plain or value is None:
        return value
    return models.Value(field.to_plain_db(value), output_field=models.TextField())
