from rest_framework.routers import SimpleRouter

from agreements.api import views

router = SimpleRouter()
router.register("institutions", views.InstitutionViewSet, basename="api-institution")
router.register("agreements", views.AgreementViewSet, basename="api-agreement")
router.register(
    "agreement-progress", views.AgreementProgressViewSet, basename="api-agreement-progress"
)
router.register("opinions", views.PertinenceOpinionViewSet, basename="api-opinion")

urlpatterns = router.urls
