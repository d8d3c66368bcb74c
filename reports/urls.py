import datetime

from django.urls import path, register_converter

from reports import agreement_views, annual_views, render_views, views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:  # 2022-02-30 matches the pattern but is no date
            raise ValueError(value) from error

    def to_url(self, value: datetime.date | str) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else value


register_converter(IsoDateConverter, "isodate")

app_name = "reports"
period = "<str:acronym>/<isodate:start>/<isodate:end>/"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("convenios/", agreement_views.agreement_report, name="agreements"),
    path("convenios/emitir/", agreement_views.agreement_report_issue, name="agreements_issue"),
    path("<str:acronym>/anual/<int:year>/", annual_views.annual_report, name="annual"),
    path(
        "<str:acronym>/anual/<int:year>/emitir/",
        annual_views.annual_report_issue,
        name="annual_issue",
    ),
    path("identidad/logo/", views.identity_logo, name="identity_logo"),
    path("identidad/colores.css", views.identity_css, name="identity_css"),
    path(period, views.report_period, name="period"),
    path(f"{period}vista/", views.report_preview, name="preview"),
    path(f"{period}vista-previa/", views.report_preview_step, name="preview_step"),
    path(f"{period}borrador/", views.report_draft, name="draft"),
    path(f"{period}borrador/vista-previa/", views.report_draft_preview, name="draft_preview"),
    path(f"{period}emitir/", views.report_issue_view, name="issue"),
    path(f"{period}<str:fmt>/", views.report_file, name="file"),
    path("generaciones/<int:pk>/", render_views.report_render_page, name="render"),
    path("generaciones/<int:pk>/estado/", render_views.report_render_status, name="render_status"),
    path("generaciones/<int:pk>/archivo/", render_views.report_render_file, name="render_file"),
    path("emitidos/<int:pk>/cambios/", views.issued_report_changes, name="issued_changes"),
    path("emitidos/<int:pk>/<str:fmt>/", views.issued_report_file, name="issued_file"),
]
