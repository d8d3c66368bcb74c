from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from agreements import institution_views
from agreements import views as agreement_views
from cori import accounts, document_views, health, import_views, search_views, views
from reports import home_views as report_home_views
from reports import publication_views
from reports import views as report_views
from sessions import agenda_views, followup_views
from sessions import views as session_views
from sessions import votes_views as vote_views
from signatures import views as signature_views

# Errors: JSON under /api/, Spanish pages elsewhere (cori/errors.py).
handler400 = "cori.errors.bad_request"
handler403 = "cori.errors.permission_denied"
handler404 = "cori.errors.page_not_found"
handler500 = "cori.errors.server_error"

admin.site.site_header = "CORI · Administración"
admin.site.site_title = "CORI"
admin.site.index_title = "Registro de actividades de las comisiones"

urlpatterns = [
    # Browsers ask for /favicon.ico on every page: CORI's icon, not a 404.
    path("favicon.ico", RedirectView.as_view(url=static("cori/favicon.svg"), permanent=True)),
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("salud/", health.health, name="health"),
    # Before Django's own: the password reset limited per address and client, its e-mail's
    # link from SITE_URL (cori/accounts.py).
    path("cuenta/password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("buscar/", search_views.search, name="search"),
    path("informes/", include("reports.urls")),
    path("api/", include("cori.api.urls")),
    path("administracion/", include("cori.people_urls")),  # people and access (Administración)
    path("comisiones/<str:acronym>/", report_views.commission_dashboard, name="commission_home"),
    path(
        "comisiones/<str:acronym>/alertas/", report_home_views.alerts_update, name="alerts_update"
    ),
    path(
        "comisiones/<str:acronym>/registro-de-convenios/",
        agreement_views.agreement_registry_view,
        name="agreement_registry",
    ),
    path(
        "registro-del-instituto/importar/",
        agreement_views.institute_registry_import,
        name="institute_registry_import",
    ),
    path(
        "comisiones/<str:acronym>/sucesion/",
        session_views.succession_view,
        name="commission_succession",
    ),
    # Follow-up, calendar (sessions/followup_views.py), publication (reports/publication_views.py):
    # before the record types.
    path(
        "comisiones/<str:acronym>/seguimiento-de-acuerdos/",
        followup_views.follow_up_board,
        name="follow_up_board",
    ),
    path(
        "comisiones/<str:acronym>/acuerdos/<int:pk>/seguimiento/",
        followup_views.accord_follow_up_add,
        name="accord_follow_up_add",
    ),
    path(
        "comisiones/<str:acronym>/calendario-de-sesiones/",
        followup_views.calendar_month,
        name="session_calendar",
    ),
    path(
        "comisiones/<str:acronym>/calendario.ics",
        followup_views.calendar_ics,
        name="session_calendar_ics",
    ),
    path(
        "comisiones/<str:acronym>/calendario/<str:key>.ics",
        followup_views.calendar_ics,
        name="session_calendar_key_ics",
    ),
    path(
        "comisiones/<str:acronym>/publicacion/",
        publication_views.publication_manage,
        name="publication_manage",
    ),
    # Signed acts (signatures/): the public verification and each act's signatures.
    path("verificar/", signature_views.verification_page, name="signature_verification"),
    path(
        "comisiones/<str:acronym>/firmas/<str:kind>/<int:pk>/",
        signature_views.act_signatures_view,
        name="act_signatures",
    ),
    path(
        "comisiones/<str:acronym>/firmas/<str:kind>/<int:pk>/firmado.pdf",
        signature_views.act_signed_file,
        name="act_signed_file",
    ),
    path("publico/<str:acronym>/", followup_views.public_page, name="public_page"),
    path("publico/<str:acronym>/feed.atom", followup_views.public_feed, name="public_feed"),
    path(
        "publico/<str:acronym>/documentos/<int:pk>.pdf",
        followup_views.public_document,
        name="public_document",
    ),
    path(
        "comisiones/<str:acronym>/instituciones/crear-en-linea/",
        institution_views.institution_create_inline,
        name="institution_create_inline",
    ),
    path("comisiones/<str:acronym>/<slug:slug>/", views.record_list, name="record_list"),
    path("comisiones/<str:acronym>/<slug:slug>/nuevo/", views.record_create, name="record_create"),
    path(
        "comisiones/<str:acronym>/<slug:slug>/importar/",
        import_views.record_import,
        name="record_import",
    ),
    # Orden del día, convocatoria and packet (sessions/agenda_views.py).
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/orden-del-dia/",
        agenda_views.agenda_view,
        name="session_agenda",
    ),
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/convocatoria.<str:fmt>",
        agenda_views.convocatoria_download,
        name="session_convocatoria",
    ),
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/carpeta.pdf",
        agenda_views.packet_download,
        name="session_packet",
    ),
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/documentos/<int:document_pk>/",
        agenda_views.agenda_document_download,
        name="agenda_document",
    ),
    path(
        "convocatorias/acuse/<str:token>/",
        agenda_views.convocatoria_acknowledge,
        name="convocatoria_acknowledge",
    ),
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/registro/",
        session_views.session_record_view,
        name="session_record",
    ),
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/estatus/",
        session_views.session_status_view,
        name="session_status",
    ),
    # Quorum, votes and minuta (sessions/votes_views.py).
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/votacion/",
        vote_views.session_votes_view,
        name="session_votes",
    ),
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/votos/<int:opinion_pk>/",
        vote_views.vote_opinion_download,
        name="vote_opinion",
    ),
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/minuta/",
        vote_views.minutes_view,
        name="session_minutes",
    ),
    path(
        "comisiones/<str:acronym>/sesiones/<int:pk>/minuta.<str:fmt>",
        vote_views.minutes_download,
        name="session_minutes_file",
    ),
    path(
        "comisiones/<str:acronym>/<slug:slug>/exportar.<str:fmt>",
        views.record_export,
        name="record_export",
    ),
    path(
        "comisiones/<str:acronym>/<slug:slug>/<int:pk>/", views.record_detail, name="record_detail"
    ),
    path(
        "comisiones/<str:acronym>/<slug:slug>/<int:pk>/documento/",
        document_views.record_document,
        name="record_document",
    ),
    path(
        "comisiones/<str:acronym>/<slug:slug>/<int:pk>/editar/",
        views.record_update,
        name="record_update",
    ),
    path(
        "comisiones/<str:acronym>/<slug:slug>/<int:pk>/eliminar/",
        views.record_delete,
        name="record_delete",
    ),
]

# No media route: documents are private and leave only through record_document.
