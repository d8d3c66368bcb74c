"""``/api/v1/successions/``: the successions of commissions (read by every client; declared
by Administración through ``sessions.services.succession_declare``, as the page does)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from commissions.models import Commission, Succession
from commissions.selectors import SuccessionPreview, succession_list
from cori.api.schema import READ_ERRORS, WRITE_ERRORS
from cori.api.selectors import api_access
from sessions.services import succession_declare


class SuccessionSerializer(serializers.ModelSerializer):
    predecessor = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    successor = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Succession
        fields = ("id", "predecessor", "successor", "effective_on", "accord", "session")


class SuccessionRequestSerializer(serializers.Serializer):
    predecessor = serializers.CharField(max_length=20, help_text="Siglas, p. ej. CORI.")
    successor = serializers.CharField(max_length=20, help_text="Siglas de la sucesora.")
    effective_on = serializers.DateField(help_text="Fecha en que surte efectos (AAAA-MM-DD).")
    accord = serializers.CharField(max_length=80, help_text="Acuerdo del Consejo General.")
    session = serializers.CharField(
        max_length=120, required=False, allow_blank=True, help_text="Sesión del Consejo General."
    )


class PassedOnSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    agreements = serializers.ListField(child=serializers.DictField())
    audiences = serializers.ListField(child=serializers.DictField())
    communications = serializers.ListField(child=serializers.DictField())


class SuccessionCreatedSerializer(SuccessionSerializer):
    passed_on = PassedOnSerializer(read_only=True)

    class Meta(SuccessionSerializer.Meta):
        fields = (*SuccessionSerializer.Meta.fields, "passed_on")


def passed_on(preview: SuccessionPreview) -> dict:
    """What passed on, as the API shows it: counts and short lists."""
    return {
        "counts": preview.counts,
        "agreements": [
            {
                "id": agreement.pk,
                "title": agreement.title,
                "status": agreement.status,
                "commission": agreement.commission.acronym,
                "counterparts": [
                    link.institution.name for link in agreement.counterpart_links.all()
                ],
                "progress_reports": agreement.progress_count,
            }
            for agreement in preview.matters["agreements"]
        ],
        "audiences": [
            {"id": audience.pk, "name": audience.name, "mailings": audience.mailing_count}
            for audience in preview.matters["audiences"]
        ],
        "communications": [
            {"id": item.pk, "folio": item.folio, "date": item.date, "status": item.status}
            for item in preview.matters["communications"]
        ],
    }


class SuccessionView(APIView):
    """Successions of commissions: who succeeded whom, from when, by which accord."""

    @extend_schema(
        summary="Sucesiones de comisiones",
        responses={200: SuccessionSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        visible = set(api_access(request).commissions.values_list("pk", flat=True))
        rows = [
            row
            for row in succession_list()
            if row.predecessor_id in visible or row.successor_id in visible
        ]
        return Response(SuccessionSerializer(rows, many=True).data)

    @extend_schema(
        summary="Declarar la sucesión de una comisión (Administración)",
        request=SuccessionRequestSerializer,
        responses={201: SuccessionCreatedSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        if not api_access(request).is_administrator:
            raise exceptions.PermissionDenied(
                "Solo Administración declara la sucesión de una comisión."
            )
        data = SuccessionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        predecessor = Commission.objects.filter(acronym=values["predecessor"]).first()
        if predecessor is None:
            raise exceptions.ValidationError(
                {"predecessor": ["La comisión que concluye no existe."]}
            )
        try:
            preview = succession_declare(
                predecessor=predecessor,
                successor=Commission.objects.filter(acronym=values["successor"]).first(),
                effective_on=values["effective_on"],
                accord=values["accord"],
                session=values.get("session", ""),
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from error
        row = Succession.objects.select_related("predecessor", "successor").get(
            predecessor=predecessor
        )
        body = SuccessionSerializer(row).data | {"passed_on": passed_on(preview)}
        # The succession is read in the list of successions (no resource of its own).
        location = reverse("api-successions", request=request)
        return Response(body, status=201, headers={"Location": location})
