"""bench/api.py's URLs: CORI's, plus two lists that exist only in the bench, over the same
rows as ``/api/v1/accords/`` (the token's commissions, the same order) and behind the same
middleware: a bare DRF ``ListAPIView`` with a plain ``ModelSerializer`` and CORI's token
authentication, and a raw ``values()`` JSON answer (the floor)."""

from django.http import JsonResponse
from django.urls import include, path
from rest_framework import generics, permissions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from commissions.models import Commission
from cori.api.authentication import ApiTokenAuthentication
from cori.api.selectors import api_token_for_key
from sessions.models import Accord

ORDER = ("-year", "-number", "-pk")  # the order of CORI's accords list


def token_accords(token):
    return Accord.objects.filter(commission__in=Commission.objects.filter(api_tokens=token))


class BareAccordSerializer(serializers.ModelSerializer):
    class Meta:
        model = Accord
        fields = "__all__"


class BarePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class HasToken(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth is not None


class BareAccordList(generics.ListAPIView):
    authentication_classes = (ApiTokenAuthentication,)
    permission_classes = (HasToken,)
    throttle_classes = ()
    renderer_classes = (JSONRenderer,)
    filter_backends = ()
    serializer_class = BareAccordSerializer
    pagination_class = BarePagination

    def get_queryset(self):
        return token_accords(self.request.auth).order_by(*ORDER)


def raw_accords(request):
    """The same page as ``values()``, the token looked up as the API does."""
    parts = request.headers.get("Authorization", "").split()
    token = api_token_for_key(key=parts[1]) if len(parts) == 2 and parts[0] == "Token" else None
    if token is None:
        return JsonResponse({"detail": "Sin token."}, status=401)
    size = min(int(request.GET.get("page_size", 50)), 200)
    rows = list(token_accords(token).order_by(*ORDER).values()[:size])
    return JsonResponse({"count": len(rows), "results": rows})


urlpatterns = [
    path("api/bench/bare/accords/", BareAccordList.as_view()),
    path("api/bench/raw/accords/", raw_accords),
    path("", include("cori.urls")),
]
