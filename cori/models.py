from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("modificado", auto_now=True)

    class Meta:
        abstract = True


class Sequence(models.Model):
    """Last number handed out for a numbered series (accords of a commission, opinions).

    The row is locked while a number is assigned and never goes back, so a number is
    never given twice, not even after the record that held it is withdrawn.
    """

    key = models.CharField("serie", max_length=100)
    year = models.PositiveSmallIntegerField("año")
    last_value = models.PositiveIntegerField("último número asignado", default=0)

    class Meta:
        verbose_name = "serie de numeración"
        verbose_name_plural = "series de numeración"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "year"],
                name="sequence_unique_key_year",
                violation_error_message="Ya existe una serie con esa clave para ese año.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last_value}"
