"""``/api/v1/`` (every app's ``api/urls.py``), the OpenAPI schema and its Swagger UI."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from agreements.api.registry import AgreementRegistryView

urlpatterns = [
    path("v1/", include("sessions.api.urls")),
    path("v1/", include("agreements.api.urls")),
    path("v1/", include("outreach.api.urls")),
    path("v1/", include("reports.api.urls")),
    path(
        "v1/agreement-registry/",
        AgreementRegistryView.as_view(),
        name="api-agreement-registry",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's script comes from a URL of its own (the split view), so the policy keeps
    # refusing inline scripts; its page needs inline styles.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]
