"""``/api/v1/votes/`` (read; POST records every vote of one proyecto de acuerdo at once),
``/api/v1/votes/annul/`` (the recorded decision that annuls an item's votes),
``/api/v1/minutes/`` (read; PATCH the text while not approved; POST ``send`` and
``approve``), ``/api/v1/minutes-errata/`` (the fe de erratas of an approved minuta: POST,
PATCH the text, POST ``send`` and ``approve``) and ``/api/v1/sessions/<id>/minutes/?format=pdf|docx``: the same services,
selectors and files as the pages (``sessions.services.votes``, ``sessions.votes_views``)."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from commissions.models import Membership
from cori.access import CREATE, UPDATE
from cori.api.renderers import DocxRenderer, PdfRenderer
from cori.api.schema import WRITE_ERRORS, file_responses, record_schema
from cori.api.selectors import api_access
from cori.api.serializers import RecordSerializer
from cori.api.viewsets import RecordViewSet
from cori.filters import RecordFilterSet
from cori.identifiers import record_id
from cori.printing import CONTENT_TYPES
from cori.states import is_state_conflict
from sessions import services
from sessions.api.agenda import api_session, file_format
from sessions.models import AgendaItem, Minutes, MinutesErratum, Vote, VoteAnnulment
from sessions.models.votes import APPROVAL_FIELDS
from sessions.votes_views import minutes_file_response


class VoteFilter(RecordFilterSet):
    item = django_filters.NumberFilter(field_name="item", label="Punto (id)")
    session = django_filters.NumberFilter(field_name="item__session", label="Sesión (id)")

    class Meta:
        model = Vote
        fields = ["item", "session", "choice"]


class VoteSerializer(RecordSerializer):
    class Meta:
        model = Vote
        fields = ("id", "item", "seat", "choice", "created_at", "updated_at", "version")
        read_only_fields = fields


def _refused(error: DjangoValidationError) -> Exception:
    """A service's refusal: a sealed act's (``StateConflict``) stays a 409."""
    if is_state_conflict(error):
        return error
    return exceptions.ValidationError({"non_field_errors": error.messages})


class AnnulSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="Punto cuya votación se anula.")
    reason = serializers.CharField(
        allow_blank=True, help_text="Motivo de la anulación (obligatorio; queda registrado)."
    )


class VoteAnnulmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = VoteAnnulment
        fields = ("id", "item", "accord", "reason", "votes", "decided_by", "decided_at")
        read_only_fields = fields


class BallotSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    votes = serializers.DictField(
        child=serializers.ChoiceField(choices=Vote.Choice.choices),
        help_text="{id de la consejería: sentido del voto}, de todas las presentes.",
    )


@record_schema("votos", VoteSerializer)
class VoteViewSet(RecordViewSet):
    """Votes are read one by one and recorded together, per item (``votes_record``)."""

    model = Vote
    commission_path = "item__session__commission"
    serializer_class = VoteSerializer
    filterset_class = VoteFilter
    select_related = ("item__session__commission", "seat")
    ordering = ("item", "seat__order", "id")
    ordering_fields = ("id",)
    http_method_names = ("get", "post", "head", "options")

    @extend_schema(
        summary="Registrar la votación de un proyecto de acuerdo",
        request=BallotSerializer,
        responses=inline_serializer(
            "VoteResult",
            {
                "result": serializers.CharField(),
                "sentence": serializers.CharField(),
                "accord": serializers.CharField(allow_null=True),
            },
        ),
    )
    def create(self, request, *args, **kwargs):
        ballot = BallotSerializer(data=request.data)
        ballot.is_valid(raise_exception=True)
        item = (
            AgendaItem.objects.filter(
                pk=ballot.validated_data["item"],
                session__commission__in=api_access(request).commissions,
            )
            .select_related("session")
            .first()
        )
        if item is None:
            raise exceptions.NotFound("No existe ese punto o no tiene acceso a su comisión.")
        seats = Membership.objects.in_bulk(
            [pk for pk in map(record_id, ballot.validated_data["votes"]) if pk is not None]
        )
        try:
            choices = {
                seats[int(pk)]: value for pk, value in ballot.validated_data["votes"].items()
            }
        except (KeyError, ValueError) as error:
            raise exceptions.ValidationError({"votes": ["Una consejería no existe."]}) from error
        try:
            tally = services.votes_record(item=item, choices=choices)
        except DjangoValidationError as error:
            raise _refused(error) from error
        item.refresh_from_db()
        return Response(
            {
                "result": tally.result,
                "sentence": tally.sentence,
                "accord": item.accord.code if item.accord_id else None,
            },
            status=201,
            # The votes recorded: the list of the item's votes.
            headers={"Location": f"{self.reverse_action('list')}?item={item.pk}"},
        )

    @extend_schema(
        summary="Anular la votación de un punto (decisión registrada con su motivo)",
        request=AnnulSerializer,
        responses={201: VoteAnnulmentSerializer, **WRITE_ERRORS},
    )
    @action(detail=False, methods=["post"])
    def annul(self, request):
        """``votes_annul``: the accord the votes adopted must be withdrawn first (409)."""
        data = AnnulSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.check_edit(CREATE)
        item = AgendaItem.objects.filter(
            pk=data.validated_data["item"],
            session__commission__in=api_access(request).commissions,
        ).first()
        if item is None:
            raise exceptions.NotFound("No existe ese punto o no tiene acceso a su comisión.")
        user = request.user if request.user.is_authenticated else None
        try:
            annulment = services.votes_annul(
                item=item, reason=data.validated_data["reason"], decided_by=user
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        # The annulment is read with its item (no resource of its own).
        location = reverse("api-agenda-item-detail", args=[item.pk], request=request)
        return Response(
            VoteAnnulmentSerializer(annulment).data, status=201, headers={"Location": location}
        )


class MinutesFilter(RecordFilterSet):
    session = django_filters.NumberFilter(field_name="session", label="Sesión (id)")

    class Meta:
        model = Minutes
        fields = ["session", "status"]


class MinutesSerializer(RecordSerializer):
    class Meta:
        model = Minutes
        fields = (
            "id",
            "session",
            "body",
            *APPROVAL_FIELDS,
            "created_at",
            "updated_at",
            "version",
        )
        read_only_fields = (*APPROVAL_FIELDS, "created_at", "updated_at")


class ApproveSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="Punto «Aprobación de minutas» que la aprueba.")


@record_schema("minutas", MinutesSerializer, deletable=False)
class MinutesViewSet(RecordViewSet):
    """Minutas: POST creates the draft from the session's record (``body`` optional);
    PATCH changes the text while not approved; ``send`` and ``approve`` move it along."""

    model = Minutes
    commission_path = "session__commission"
    serializer_class = MinutesSerializer
    filterset_class = MinutesFilter
    select_related = ("session__commission",)
    ordering = ("session__date", "id")
    ordering_fields = ("id",)
    http_method_names = ("get", "post", "put", "patch", "head", "options")

    def _transition(self, change):
        minutes = self.get_object()
        self.check_commission(minutes)
        try:
            change(minutes)
        except DjangoValidationError as error:
            raise _refused(error) from error
        record = self.get_queryset().get(pk=minutes.pk)
        return Response(self.get_serializer(record).data)

    @extend_schema(
        summary="Enviar la minuta para observaciones",
        request=None,
        responses={200: MinutesSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._transition(lambda minutes: services.minutes_send(minutes=minutes))

    @extend_schema(
        summary="Aprobar la minuta (queda fija)",
        request=ApproveSerializer,
        responses={200: MinutesSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def approve(minutes):
            item = AgendaItem.objects.filter(
                pk=data.validated_data["item"], session__commission=minutes.session.commission
            ).first()
            if item is None:
                raise DjangoValidationError("No existe ese punto en la comisión.")
            services.minutes_approve(minutes=minutes, item=item)

        return self._transition(approve)


class MinutesErratumFilter(RecordFilterSet):
    minutes = django_filters.NumberFilter(field_name="minutes", label="Minuta (id)")
    session = django_filters.NumberFilter(field_name="minutes__session", label="Sesión (id)")

    class Meta:
        model = MinutesErratum
        fields = ["minutes", "session", "status"]


class MinutesErratumSerializer(RecordSerializer):
    class Meta:
        model = MinutesErratum
        fields = (
            "id",
            "minutes",
            "text",
            *APPROVAL_FIELDS,
            "created_at",
            "updated_at",
            "version",
        )
        read_only_fields = (*APPROVAL_FIELDS, "created_at", "updated_at")


@record_schema("fes de erratas de minutas", MinutesErratumSerializer, deletable=False)
class MinutesErratumViewSet(RecordViewSet):
    """The fe de erratas of an approved minuta (``sessions.services.errata``): POST the
    draft, PATCH its text while not approved, then ``send`` and ``approve``."""

    model = MinutesErratum
    commission_path = "minutes__session__commission"
    serializer_class = MinutesErratumSerializer
    filterset_class = MinutesErratumFilter
    select_related = ("minutes__session__commission",)
    ordering = ("minutes", "id")
    ordering_fields = ("id",)
    http_method_names = ("get", "post", "put", "patch", "head", "options")

    def _transition(self, change):
        erratum = self.get_object()
        self.check_edit(UPDATE)
        self.check_commission(erratum)
        try:
            change(erratum)
        except DjangoValidationError as error:
            raise _refused(error) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=erratum.pk)).data)

    @extend_schema(
        summary="Enviar la fe de erratas para observaciones",
        request=None,
        responses={200: MinutesErratumSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._transition(lambda erratum: services.minutes_erratum_send(erratum=erratum))

    @extend_schema(
        summary="Aprobar la fe de erratas (queda fija)",
        request=ApproveSerializer,
        responses={200: MinutesErratumSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def approve(erratum):
            item = AgendaItem.objects.filter(
                pk=data.validated_data["item"],
                session__commission=erratum.minutes.session.commission,
            ).first()
            if item is None:
                raise DjangoValidationError("No existe ese punto en la comisión.")
            services.minutes_erratum_approve(erratum=erratum, item=item)

        return self._transition(approve)


class MinutesFileView(APIView):
    renderer_classes = (JSONRenderer, PdfRenderer, DocxRenderer)

    @extend_schema(
        summary="La minuta de la sesión (PDF o DOCX)",
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["pdf", "docx"])],
        responses=file_responses(CONTENT_TYPES["pdf"], CONTENT_TYPES["docx"]),
    )
    def get(self, request, pk: int):
        fmt = file_format(request)
        minutes = Minutes.objects.filter(session=api_session(request, pk)).first()
        if minutes is None:
            raise exceptions.NotFound("La sesión aún no tiene minuta.")
        return minutes_file_response(minutes, fmt)
