"""Demo records that make the dashboard's alerts show, dated relative to today."""

import datetime

from django.db import transaction

from agreements.models import Agreement, Institution
from agreements.services import agreement_save
from commissions.models import Commission

ENDING_SOON_TITLE = "Convenio de Colaboración de demostración con vigencia por terminar"


@transaction.atomic
def demo_alerts_load(*, commission: Commission, today: datetime.date) -> Agreement:
    """An agreement in force whose validity ends in 45 days (the seed's own data already
    trigger the other alerts: SIVOPLE communications still in process, and the 2023
    sessions of the PAT calendar with no record)."""
    institution = Institution.objects.get(acronym="INE")
    agreement = Agreement.objects.filter(commission=commission, title=ENDING_SOON_TITLE).first()
    agreement = agreement or Agreement(commission=commission, title=ENDING_SOON_TITLE)
    agreement.instrument_type = Agreement.InstrumentType.COLLABORATION
    agreement.status = Agreement.Status.SIGNED
    agreement.signing_date = today - datetime.timedelta(days=320)
    agreement.valid_from = agreement.signing_date
    agreement.valid_until = today + datetime.timedelta(days=45)
    agreement.purpose = "Registro de demostración para la alerta de vigencia."
    return agreement_save(agreement=agreement, counterparts=[institution])
