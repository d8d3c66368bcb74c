from rest_framework.routers import SimpleRouter

from outreach.api import views

router = SimpleRouter()
router.register("audiences", views.AudienceViewSet, basename="api-audience")
router.register("mailings", views.MailingViewSet, basename="api-mailing")
router.register("events", views.EventViewSet, basename="api-event")
router.register("executive-notes", views.ExecutiveNoteViewSet, basename="api-executive-note")
router.register("missions", views.MissionViewSet, basename="api-mission")
router.register("followed-sessions", views.FollowedSessionViewSet, basename="api-followed-session")
router.register("bulletins", views.BulletinViewSet, basename="api-bulletin")
router.register("system-updates", views.SystemUpdateViewSet, basename="api-system-update")
router.register("communications", views.CommunicationViewSet, basename="api-communication")

urlpatterns = router.urls
