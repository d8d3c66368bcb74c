import datetime

import factory

from agreements.models import Agreement, Institution
from commissions.models import Area, Commission, Membership, Person
from sessions.models import Session


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    name = factory.Sequence(lambda n: f"Comisión de prueba {n}")
    acronym = factory.Sequence(lambda n: f"CP{n}")
    kind = Commission.Kind.PERMANENT
    active_from = datetime.date(2020, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Persona de Prueba {n}")
    gender = Person.Gender.WOMAN


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Área de prueba {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    commission = factory.SubFactory(CommissionFactory)
    role = Membership.Role.MEMBER
    person = factory.SubFactory(PersonFactory)
    start_date = datetime.date(2022, 1, 1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    commission = factory.SubFactory(CommissionFactory)
    kind = Session.Kind.ORDINARY
    date = datetime.date(2022, 3, 15)
    year = factory.LazyAttribute(lambda session: session.date.year)
    number = factory.Sequence(lambda n: n + 1)
    status = Session.Status.HELD


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institución de prueba {n}")
    scope = Institution.Scope.NATIONAL
    sector = Institution.Sector.ELECTORAL_BODY


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    commission = factory.SubFactory(CommissionFactory)
    title = factory.Sequence(lambda n: f"Convenio de prueba {n}")
    instrument_type = Agreement.InstrumentType.GENERAL
