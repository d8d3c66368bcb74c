from django.urls import path
from rest_framework.routers import SimpleRouter

from agreements.api import views
from agreements.api.registry_import import AgreementRegistryImportView
from agreements.models import Agreement
from cori.api.documents import RecordDocumentView

router = SimpleRouter()
router.register("institutions", views.InstitutionViewSet, basename="api-institution")
router.register("agreements", views.AgreementViewSet, basename="api-agreement")
router.register(
    "agreement-progress", views.AgreementProgressViewSet, basename="api-agreement-progress"
)
router.register("opinions", views.PertinenceOpinionViewSet, basename="api-opinion")

urlpatterns = [
    path(
        "agreement-registry-imports/",
        AgreementRegistryImportView.as_view(),
        name="api-agreement-registry-import",
    ),
    path(
        "agreements/<int:pk>/document/",
        RecordDocumentView.as_view(model=Agreement),
        name="api-agreement-document",
    ),
    *router.urls,
]
