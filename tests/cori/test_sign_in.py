"""Sign-in (issue 12, point 7): the institute's identity, password reset by e-mail in
Spanish, a message after signing out, django-axes in Spanish in the admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from cori.access import SECRETARIAT
from tests.staff import make_user

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_shows_the_institute_and_the_way_to_reset(client):
    page = client.get(reverse("login")).content.decode()
    assert "Instituto Electoral de la Ciudad de México" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert f'href="{reverse("password_reset")}">¿Olvidó su contraseña?</a>' in page


@override_settings(REPORT_INSTITUTION_NAME="Instituto de Prueba del Norte")
def test_the_identity_is_the_installations(client):
    assert "Instituto de Prueba del Norte" in client.get(reverse("login")).content.decode()


def test_password_reset_by_email_in_spanish(client, seed_commission, settings):
    settings.SITE_URL = "https://cori.iecm.mx"  # the link names the site, not the request's Host
    user = make_user("ana", SECRETARIAT, [seed_commission])
    user.email = "ana@iecm.mx"
    user.save()
    form = client.get(reverse("password_reset")).content.decode()
    assert "<h1>Restablecer la contraseña</h1>" in form

    response = client.post(reverse("password_reset"), {"email": "ana@iecm.mx"}, follow=True)
    assert "<h1>Revise su correo</h1>" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@iecm.mx"]
    assert message.subject == "Restablecer su contraseña de CORI"
    assert "«ana»" in message.body and "abra este enlace" in message.body
    link = re.search(r"https://cori\.iecm\.mx(/\S+)", message.body).group(1)

    confirm = client.get(link, follow=True)
    assert "<h1>Elegir una contraseña nueva</h1>" in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "Tlaloc-lluvia-2026", "new_password2": "Tlaloc-lluvia-2026"},
        follow=True,
    )
    assert "<h1>Contraseña restablecida</h1>" in done.content.decode()
    assert get_user_model().objects.get(username="ana").check_password("Tlaloc-lluvia-2026")

    again = client.get(link, follow=True).content.decode()
    assert "<h1>El enlace ya no es válido</h1>" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("password_reset"), {"email": "nadie@iecm.mx"}, follow=True)
    assert "<h1>Revise su correo</h1>" in response.content.decode()
    assert mail.outbox == []


def test_signing_out_says_so_on_the_sign_in_page(client, seed_commission):
    client.force_login(make_user("ana", SECRETARIAT, [seed_commission]))
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    page = response.content.decode()
    assert "Cerró su sesión." in page
    assert "<h1>Iniciar sesión</h1>" in page
    # Once: the next page does not repeat it.
    assert "Cerró su sesión." not in client.get(reverse("login")).content.decode()


def test_django_axes_speaks_spanish_in_the_admin(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Inicios de sesión" in index
    assert "Intentos de acceso" in index and "Access attempts" not in index
    attempts = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Intentos fallidos" in attempts or "Fecha del intento" in attempts
    assert "Attempt Time" not in attempts and "Failed Logins" not in attempts
