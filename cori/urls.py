from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "CORI · Administración"
admin.site.site_title = "CORI"
admin.site.index_title = "Registro de actividades de las comisiones"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="reports:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("informes/", include("reports.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
