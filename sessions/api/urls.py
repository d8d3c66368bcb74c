from rest_framework.routers import SimpleRouter

from sessions.api import followup, views

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

urlpatterns = router.urls
