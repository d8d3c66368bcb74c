from django.urls import path
from rest_framework.routers import SimpleRouter

from sessions.api import agenda, followup, views, votes

router = SimpleRouter()
router.register("commissions", views.CommissionViewSet, basename="api-commission")
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("sessions", views.SessionViewSet, basename="api-session")
router.register("attendance", views.AttendanceViewSet, basename="api-attendance")
router.register("accords", views.AccordViewSet, basename="api-accord")
router.register("presented-items", views.PresentedItemViewSet, basename="api-presented-item")
router.register(
    "accord-follow-ups", followup.AccordFollowUpViewSet, basename="api-accord-follow-up"
)

router.register("agenda-items", agenda.AgendaItemViewSet, basename="api-agenda-item")
router.register("documents", agenda.AgendaDocumentViewSet, basename="api-agenda-document")
router.register("votes", votes.VoteViewSet, basename="api-vote")
router.register("minutes", votes.MinutesViewSet, basename="api-minutes")
router.register("minutes-errata", votes.MinutesErratumViewSet, basename="api-minutes-erratum")

urlpatterns = [
    *router.urls,
    path(
        "sessions/<int:pk>/convocatoria/",
        agenda.ConvocatoriaView.as_view(),
        name="api-session-convocatoria",
    ),
    path("sessions/<int:pk>/packet/", agenda.PacketView.as_view(), name="api-session-packet"),
    path("sessions/<int:pk>/minutes/", votes.MinutesFileView.as_view(), name="api-session-minutes"),
]
