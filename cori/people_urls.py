"""Administración's own pages (under /administracion/): people, their roles and
commissions, failed sign-ins."""

from django.urls import path
from django.views.generic import RedirectView

from cori import people_views as views

app_name = "people"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="people:user_list"), name="index"),
    path("personas/", views.user_list, name="user_list"),
    path("personas/invitar/", views.user_invite, name="user_invite"),
    path("personas/<int:pk>/", views.user_detail, name="user_detail"),
    path("personas/<int:pk>/<slug:action>/", views.user_action, name="user_action"),
    path("inicios-de-sesion-fallidos/", views.sign_in_failures, name="sign_in_failures"),
]
