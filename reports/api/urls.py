from django.urls import path
from rest_framework.routers import SimpleRouter

from reports.api import agreement_reports, annual_reports, views

router = SimpleRouter()
router.register("issued-reports", views.IssuedReportViewSet, basename="api-issued-report")
router.register("report-renders", views.ReportRenderViewSet, basename="api-report-render")

urlpatterns = [
    path("reports/", views.ReportContentView.as_view(), name="api-report"),
    path("reports/pdf/", views.ReportPdfView.as_view(), name="api-report-pdf"),
    path("reports/docx/", views.ReportDocxView.as_view(), name="api-report-docx"),
    path(
        "agreement-reports/",
        agreement_reports.AgreementReportView.as_view(),
        name="api-agreement-report",
    ),
    path(
        "agreement-reports/pdf/",
        agreement_reports.AgreementReportPdfView.as_view(),
        name="api-agreement-report-pdf",
    ),
    path(
        "agreement-reports/docx/",
        agreement_reports.AgreementReportDocxView.as_view(),
        name="api-agreement-report-docx",
    ),
    path("annual-reports/", annual_reports.AnnualReportView.as_view(), name="api-annual-report"),
    path(
        "annual-reports/pdf/",
        annual_reports.AnnualReportPdfView.as_view(),
        name="api-annual-report-pdf",
    ),
    path(
        "annual-reports/docx/",
        annual_reports.AnnualReportDocxView.as_view(),
        name="api-annual-report-docx",
    ),
    *router.urls,
]
