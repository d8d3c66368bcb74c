"""A database check whose refusal belongs to one field of the form.

Django reports a ``CheckConstraint`` above the form («La vigencia no puede terminar antes de
empezar.» in the banner, far from the date to fix). ``FieldCheckConstraint`` reports it at
``field`` instead: the staff form shows it under that input, the API under that key, the
admin beside the field. In the database and in the migrations it is the same
``CheckConstraint`` (it deconstructs as one), so no migration follows from using it.
"""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models


class FieldCheckConstraint(models.CheckConstraint):
    def __init__(self, *args, field: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.field = field

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from error

    def deconstruct(self):
        _, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self):
        _, args, kwargs = super().deconstruct()
        return self.__class__(*args, field=self.field, **kwargs)
