"""``/api/v1/`` (every app's ``api/urls.py``), the OpenAPI schema and its Swagger UI."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from agreements.api.registry import AgreementRegistryView
from cori.api.schema import SchemaView
from cori.errors import page_not_found
from sessions.api import catalogues
from sessions.api.successions import SuccessionView
from signatures.api import SignatureVerificationView

# The catalogues shared by every commission (persons, parties, areas).
catalogue_router = SimpleRouter()
catalogue_router.register("persons", catalogues.PersonViewSet, basename="api-person")
catalogue_router.register("parties", catalogues.PartyViewSet, basename="api-party")
catalogue_router.register("areas", catalogues.AreaViewSet, basename="api-area")

urlpatterns = [
    path("v1/", include("sessions.api.urls")),
    path("v1/", include("agreements.api.urls")),
    path("v1/", include("outreach.api.urls")),
    path("v1/", include("reports.api.urls")),
    path("v1/", include(catalogue_router.urls)),
    path("v1/successions/", SuccessionView.as_view(), name="api-successions"),
    path(
        "v1/agreement-registry/",
        AgreementRegistryView.as_view(),
        name="api-agreement-registry",
    ),
    path(
        "v1/signature-verifications/",
        SignatureVerificationView.as_view(),
        name="api-signature-verifications",
    ),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    # Swagger UI's script comes from a URL of its own (the split view), so the policy keeps
    # refusing inline scripts; its page needs inline styles.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    # Last: any other path under /api/ is a JSON 404, with DEBUG on too (Django's debug
    # page would answer HTML).
    re_path(r"^.*/$", page_not_found, name="api-not-found"),
]
