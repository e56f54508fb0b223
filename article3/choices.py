"""`get_<field>_display()` read from a table made once per language, for every model.

Django's own version turns a field's whole list of choices into a dictionary on every call, which
means hashing each label: a translated label is a lazy string, so each hash is a catalogue lookup.
A list of 500 documents showing three such fields made 50,000 lookups, most of the page's time.
Here the labels are worked out once for each loaded catalogue (a catalogue reloaded after a
translation is corrected is a new object, so its labels are worked out again) and each call is one
dictionary lookup. The result is the same as Django's: the label, or the stored value when it is
not one of the choices.
"""

from __future__ import annotations

import weakref
from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db.models import Field, Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import trans_real


def install() -> None:
    """Replace Django's `get_<field>_display` on every model, where a model has not defined its own."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            if isinstance(field, Field) and field.choices is not None \
                    and isinstance(model.__dict__.get(name), partialmethod):
                setattr(model, name, _display(field))


def _display(field: Field[Any, Any]) -> Any:
    by_catalogue: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()

    def display(self: Model) -> Any:
        catalogue = trans_real.catalog()
        labels = by_catalogue.get(catalogue)
        if labels is None:
            labels = by_catalogue[catalogue] = {make_hashable(value): force_str(label, strings_only=True)
                                                for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        return labels.get(make_hashable(value), value)

    display.__name__ = f"get_{field.name}_display"
    return display
