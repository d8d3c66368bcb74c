from django.urls import path
from rest_framework.routers import SimpleRouter

from reports.api import views

router = SimpleRouter()
router.register("issued-reports", views.IssuedReportViewSet, basename="api-issued-report")
router.register("report-renders", views.ReportRenderViewSet, basename="api-report-render")

urlpatterns = [
    path("reports/", views.ReportContentView.as_view(), name="api-report"),
    path("reports/pdf/", views.ReportPdfView.as_view(), name="api-report-pdf"),
    path("reports/docx/", views.ReportDocxView.as_view(), name="api-report-docx"),
    *router.urls,
]
