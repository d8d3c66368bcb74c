"""Writes of the orden del día, its documents and the convocatoria (numbered, sent by e-mail
to every seat in force, acknowledged through a personal link)."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cori.locking import record_lock
from cori.ratelimit import email_limit, limits_check
from cori.records import changes_apply, immutable_check, register_writes
from cori.states import StateConflict
from cori.text import at_time
from sessions.models import (
    AgendaDocument,
    AgendaItem,
    Convocatoria,
    ConvocatoriaAddendum,
    ConvocatoriaItem,
    ConvocatoriaRecipient,
    Minutes,
    Session,
)
from sessions.selectors.agenda import (
    agenda_items,
    agenda_opening,
    agenda_pending,
    convocatoria_addressees,
)
from sessions.services.convocatoria import (
    CONVOCATORIA_LIFECYCLE,
    convocatoria_create,
    convocatoria_sending_pdf,
    session_convenable_check,
    session_not_past_check,
)
from sessions.services.core import session_status_change
from sessions.services.sealing import agenda_sealed_check

ACKNOWLEDGEMENT_SALT = "cori.convocatoria.acuse"
ITEM_FIXED = {"session": "Un punto no cambia de sesión: elimínelo y agréguelo en la otra."}
OPENING_KINDS = (
    AgendaItem.Kind.ROLL_CALL,
    AgendaItem.Kind.AGENDA_APPROVAL,
    AgendaItem.Kind.MINUTES_APPROVAL,
)
DOCUMENT_FIXED = {"item": "Un documento no cambia de punto: elimínelo y adjúntelo en el otro."}
AGENDA_SEALED = "el orden del día no cambia"
DOCUMENTS_SEALED = "los documentos del orden del día no cambian"


def _item_links_check(item: AgendaItem) -> None:
    """What an item links belongs to the session's commission."""
    commission_id = item.session.commission_id
    errors = {}
    if item.presented_item_id and item.presented_item.commission_id != commission_id:
        errors["presented_item"] = "El informe, nota o propuesta debe ser de la misma comisión."
    if item.accord_id and item.accord.commission_id != commission_id:
        errors["accord"] = "El acuerdo debe ser de la misma comisión."
    if item.minutes_session_id:
        earlier = item.minutes_session
        if earlier.commission_id != commission_id:
            errors["minutes_session"] = "La sesión de la minuta debe ser de la misma comisión."
        elif earlier.date >= item.session.date:
            errors["minutes_session"] = "Solo se aprueban minutas de sesiones anteriores."
    if errors:
        raise ValidationError(errors)


def _approving_item_fixed(minutes: Minutes) -> dict[str, str]:
    message = (
        f"Este punto aprobó la {str(minutes)[0].lower()}{str(minutes)[1:]}: lo que aprobó no "
        "cambia (corrija con una fe de erratas)."
    )
    return {"kind": message, "minutes_session": message, "accord": message}


def _next_order(session: Session) -> int:
    last = AgendaItem.objects.filter(session=session).aggregate(last=Max("order"))["last"]
    return (last or 0) + 1


@transaction.atomic
def agenda_item_create(*, session: Session, **fields) -> AgendaItem:
    """Add an item at the end of the orden del día (or at ``order``)."""
    Session.objects.select_for_update().filter(pk=session.pk).first()  # one order at a time
    agenda_sealed_check(session, what=AGENDA_SEALED)
    item = AgendaItem(session=session)
    changes_apply(item, fields)
    if not item.order:
        item.order = _next_order(session)
    item.full_clean()
    _item_links_check(item)
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, version: str | None = None, **changes) -> AgendaItem:
    record_lock(item, version=version)
    agenda_sealed_check(item.session, what=AGENDA_SEALED)
    immutable_check(item, changes, ITEM_FIXED)
    approved = item.minutes_approved.filter(status=Minutes.Status.APPROVED).first()
    if approved is not None:
        # The approved minuta names this point: what it approved stays what it was.
        immutable_check(item, changes, _approving_item_fixed(approved))
    changes_apply(item, changes)
    item.full_clean()
    _item_links_check(item)
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, version: str | None = None) -> None:
    """Delete an item and renumber the rest (every entry point: ``cori.records.record_delete``)."""
    record_lock(item, version=version)
    session = item.session
    agenda_sealed_check(session, what=AGENDA_SEALED)
    item.delete()
    _renumber(session, list(agenda_items(session)))


def _renumber(session: Session, ordered: list[AgendaItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order", "updated_at"])


@transaction.atomic
def agenda_reorder(*, session: Session, ids: list[int]) -> list[AgendaItem]:
    """Put the items in the order of ``ids`` (every item of the session, once each)."""
    Session.objects.select_for_update().filter(pk=session.pk).first()
    agenda_sealed_check(session, what=AGENDA_SEALED)
    items = {item.pk: item for item in agenda_items(session)}
    if sorted(ids) != sorted(items):
        raise ValidationError(
            "El orden recibido no corresponde a los puntos de la sesión: recargue la página."
        )
    ordered = [items[pk] for pk in ids]
    _renumber(session, ordered)
    return ordered


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int) -> list[AgendaItem]:
    """Move an item ``offset`` places (−1 up, +1 down); at either end nothing moves."""
    ordered = list(agenda_items(item.session))
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    return agenda_reorder(session=item.session, ids=[other.pk for other in ordered])


@transaction.atomic
def agenda_opening_add(*, session: Session) -> list[AgendaItem]:
    """Put the standard opening (roll call, orden del día, pending minutas) at the start."""
    Session.objects.select_for_update().filter(pk=session.pk).first()
    agenda_sealed_check(session, what=AGENDA_SEALED)
    proposed = agenda_opening(session)
    if not proposed:
        return []
    existing = list(agenda_items(session))
    created = [
        agenda_item_create(
            session=session,
            kind=entry.kind,
            title=entry.title,
            minutes_session=entry.minutes_session,
            order=1000 + position,  # placed below; renumbered right after
        )
        for position, entry in enumerate(proposed)
    ]
    # The opening goes first, in its own order (a roll call already there stays first).
    rank = {kind: position for position, kind in enumerate(OPENING_KINDS)}
    combined = sorted(created + existing, key=lambda item: rank.get(item.kind, len(rank)))
    _renumber(session, combined)
    return created


@transaction.atomic
def agenda_document_create(*, item: AgendaItem, **fields) -> AgendaDocument:
    agenda_sealed_check(item.session, what=DOCUMENTS_SEALED)
    document = AgendaDocument(item=item)
    changes_apply(document, fields)
    if not document.order:
        last = item.documents.aggregate(last=Max("order"))["last"]
        document.order = (last or 0) + 1
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def agenda_document_update(
    *, agenda_document: AgendaDocument, version: str | None = None, **changes
) -> AgendaDocument:
    record_lock(agenda_document, version=version)
    agenda_sealed_check(agenda_document.item.session, what=DOCUMENTS_SEALED)
    immutable_check(agenda_document, changes, DOCUMENT_FIXED)
    changes_apply(agenda_document, changes)
    agenda_document.full_clean()
    agenda_document.save()
    return agenda_document


@transaction.atomic
def agenda_document_delete(*, agenda_document: AgendaDocument, version: str | None = None) -> None:
    record_lock(agenda_document, version=version)
    agenda_sealed_check(agenda_document.item.session, what=DOCUMENTS_SEALED)
    agenda_document.delete()


# --- convocatoria -----------------------------------------------------------------------------

# --- convocatoria: numbered and closed for signature in ``sessions.services.convocatoria``


def acknowledgement_token(recipient: ConvocatoriaRecipient) -> str:
    return signing.dumps({"r": recipient.pk}, salt=ACKNOWLEDGEMENT_SALT)


CONVOCATORIA_LIMITED = (
    "Ya se enviaron varios correos de esta sesión a sus integrantes, o de su parte, en la "
    "última hora: no se envió este. Espere {minutes} e intente de nuevo."
)


def _mailing_limit_check(addresses: list[str], by) -> None:
    """The convocatoria and its adendas count against each recipient's address and the
    sender's account (``EMAIL_RATE_LIMITS["convocatoria"]``)."""
    per_address, per_client = email_limit("convocatoria")
    checks = [(per_address, address) for address in sorted(set(addresses))]
    if by is not None:
        checks.append((per_client, f"user:{by.pk}"))
    limits_check(checks, CONVOCATORIA_LIMITED)


def convocatoria_send(
    *,
    session: Session,
    link: Callable[[str], str],
    attachment: Callable[[Convocatoria], bytes] | None = None,
    by=None,
) -> Convocatoria:
    """Send the convocatoria to every seat in force on the session's date with an e-mail,
    each with its personal acknowledgement link (``link(token)`` makes the URL). Once.
    A convocatoria closed for signature goes only with all its signatures, its signed file
    attached byte for byte (``convocatoria_sending_pdf``); ``attachment`` renders the
    others.
    ``by`` (the user who sends it) is counted by the e-mail limits."""
    with transaction.atomic():
        convocatoria = convocatoria_create(session=session)
        record_lock(convocatoria, version=None)
        if convocatoria.sent_at is not None:
            raise StateConflict(
                f"La convocatoria {convocatoria.code} ya se envió el "
                f"{at_time(timezone.localtime(convocatoria.sent_at))}: los cambios posteriores "
                f"del orden del día se envían como adenda."
            )
        CONVOCATORIA_LIFECYCLE.check(convocatoria.state, Convocatoria.State.SENT)
        session_convenable_check(session)
        session_not_past_check(session, today=timezone.localdate())
        items = list(agenda_items(session))
        if not items:
            raise ValidationError("Agregue el orden del día antes de enviar la convocatoria.")
        seats = convocatoria_addressees(session)
        if not seats:
            raise ValidationError(
                "Ningún integrante en funciones ese día tiene correo electrónico registrado."
            )
        signed_pdf = convocatoria_sending_pdf(convocatoria)  # closed: only signed, as is
        _mailing_limit_check([email for _, email in seats], by)
        now = timezone.now()
        convocatoria.sent_at = now
        convocatoria.save(update_fields=["sent_at", "updated_at"])
        if session.status != Session.Status.CONVENED:
            session_status_change(session=session, status=Session.Status.CONVENED)
        sent_items = _snapshot_take(convocatoria, items)
        recipients = [
            ConvocatoriaRecipient.objects.create(
                convocatoria=convocatoria, membership=seat, email=email, sent_at=now
            )
            for seat, email in seats
        ]
        body_pdf = signed_pdf or (attachment(convocatoria) if attachment else None)
        messages = []
        for recipient in recipients:
            message = EmailMessage(
                subject=f"Convocatoria {convocatoria.code}: {session.title} de "
                f"{session.commission.acronym}",
                body=_email_body(session, convocatoria, recipient, link, sent_items),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.email],
            )
            if body_pdf:
                message.attach(
                    f"convocatoria-{convocatoria.number:03d}.pdf", body_pdf, "application/pdf"
                )
            messages.append(message)
        # Sent when the transaction commits: no e-mail for a convocatoria that was not saved.
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    return convocatoria


def _snapshot_take(
    convocatoria: Convocatoria,
    items: list[AgendaItem],
    addendum: ConvocatoriaAddendum | None = None,
) -> list[ConvocatoriaItem]:
    """What the convocatoria (or the adenda) says: the items as they are now, for ever."""
    return ConvocatoriaItem.objects.bulk_create(
        ConvocatoriaItem(
            convocatoria=convocatoria,
            addendum=addendum,
            item=item,
            order=item.order,
            kind=item.kind,
            title=item.title,
            presenter=item.presenter,
        )
        for item in items
    )


def acknowledgement_days() -> int:
    """How many days an acuse link is valid from the sending (a setting)."""
    return settings.CONVOCATORIA_ACKNOWLEDGEMENT_DAYS


def acknowledgement_valid_until(recipient: ConvocatoriaRecipient) -> datetime.datetime:
    """The last moment the recipient's acuse link works (local time)."""
    return timezone.localtime(recipient.sent_at + datetime.timedelta(days=acknowledgement_days()))


def _email_body(session, convocatoria, recipient, link, sent_items) -> str:
    when = f"el {session.long_date}" + (
        f" a las {session.time:%H:%M} horas" if session.time else ""
    )
    lines = [
        f"{recipient.membership.label}:",
        "",
        f"Por este medio se le convoca a la {session.title.lower()} de {session.year} de la "
        f"{session.commission.name}, que se celebrará {when} "
        f"(modalidad: {session.get_modality_display().lower()}).",
        "",
        "Orden del día:",
    ]
    lines += [f"{item.order}. {item.title}" for item in sent_items]
    lines += [
        "",
        "Confirme la recepción de esta convocatoria (acuse de recibo) en su liga personal, "
        "con el botón «Confirmar recepción»; ahí mismo consulta el orden del día y descarga "
        "la carpeta de la sesión:",
        link(acknowledgement_token(recipient)),
        f"La liga vale hasta el {at_time(acknowledgement_valid_until(recipient))} "
        f"({acknowledgement_days()} días desde el envío); después, confirme la recepción con "
        "la Secretaría Técnica de la comisión.",
        "",
        f"Convocatoria {convocatoria.code}.",
    ]
    return "\n".join(lines)


class AcknowledgementExpired(ValidationError):
    """The acuse link is genuine but older than ``CONVOCATORIA_ACKNOWLEDGEMENT_DAYS``."""


def acknowledgement_recipient(*, token: str) -> ConvocatoriaRecipient:
    """The recipient the signed token names, if the link is still valid; records nothing
    (opening the link, as an e-mail scanner does, is not an acuse)."""
    days = acknowledgement_days()
    try:
        data = signing.loads(
            token, salt=ACKNOWLEDGEMENT_SALT, max_age=datetime.timedelta(days=days)
        )
        return ConvocatoriaRecipient.objects.select_related(
            "convocatoria__session__commission",
            "membership__person",
            "membership__party",
            "membership__area",
        ).get(pk=data["r"])
    except signing.SignatureExpired:
        recipient = ConvocatoriaRecipient.objects.filter(
            pk=signing.loads(token, salt=ACKNOWLEDGEMENT_SALT).get("r")
        ).first()
        until = f" el {at_time(acknowledgement_valid_until(recipient))}" if recipient else ""
        raise AcknowledgementExpired(
            f"La liga de acuse venció{until}: las ligas valen {days} días desde el envío de "
            "la convocatoria. Para confirmar la recepción, comuníquese con la Secretaría "
            "Técnica de la comisión."
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ConvocatoriaRecipient.DoesNotExist):
        raise ValidationError(
            "La liga de acuse no es válida: use la del correo que recibió."
        ) from None


@transaction.atomic
def convocatoria_acknowledge(*, token: str) -> ConvocatoriaRecipient:
    """Record the acuse of the recipient the signed, unexpired token names (the first time
    only). The one write of an acuse: the link's «Confirmar recepción» button (a POST)."""
    recipient = acknowledgement_recipient(token=token)
    ConvocatoriaRecipient.objects.select_for_update().filter(pk=recipient.pk).first()
    recipient.refresh_from_db(fields=["acknowledged_at"])
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = timezone.now()
        recipient.save(update_fields=["acknowledged_at"])
    return recipient


# --- adenda --------------------------------------------------------------------------------


def convocatoria_addendum_send(*, session: Session, by=None) -> ConvocatoriaAddendum:
    """Send an adenda: the items added to the orden del día, or whose title, kind or
    presenter changed, since the convocatoria (or its last adenda) was sent; numbered in
    the convocatoria and e-mailed to the convocatoria's recipients."""
    with transaction.atomic():
        convocatoria = Convocatoria.objects.filter(session=session).first()
        if convocatoria is None or convocatoria.sent_at is None:
            raise StateConflict(
                "La convocatoria no se ha enviado: envíela con el orden del día completo; "
                "una adenda solo modifica una convocatoria enviada."
            )
        session_convenable_check(session)
        session_not_past_check(session, today=timezone.localdate())
        # The convocatoria's row is the adenda's counter: two adendas never get one number.
        Convocatoria.objects.select_for_update().filter(pk=convocatoria.pk).first()
        entries = agenda_pending(session)
        pending = [entry.item for entry in entries]
        changed = {entry.item.pk for entry in entries if entry.state == "modificado"}
        if not pending:
            raise StateConflict(
                "El orden del día no tiene puntos nuevos ni modificados desde el último envío: "
                "no hay adenda que enviar."
            )
        _mailing_limit_check(list(convocatoria.recipients.values_list("email", flat=True)), by)
        last = convocatoria.addenda.aggregate(last=Max("number"))["last"] or 0
        addendum = ConvocatoriaAddendum(
            convocatoria=convocatoria, number=last + 1, sent_at=timezone.now()
        )
        addendum.full_clean()
        addendum.save()
        sent_items = _snapshot_take(convocatoria, pending, addendum)
        recipients = list(convocatoria.recipients.select_related("membership__person"))
        messages = [
            EmailMessage(
                subject=f"Adenda {addendum.number} a la convocatoria {convocatoria.code}: "
                f"{session.title} de {session.commission.acronym}",
                body=_addendum_body(session, addendum, recipient, sent_items, changed),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.email],
            )
            for recipient in recipients
        ]
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    return addendum


def _addendum_body(session, addendum, recipient, sent_items, changed) -> str:
    convocatoria = addendum.convocatoria
    lines = [
        f"{recipient.membership.label}:",
        "",
        f"Se le envía la adenda {addendum.number} a la convocatoria {convocatoria.code} de la "
        f"{session.title.lower()} de {session.year} de la {session.commission.name}, que se "
        f"celebrará el {session.long_date}. Modifica el orden del día como sigue:",
        "",
    ]
    for item in sent_items:
        what = "se modifica el punto" if item.item_id in changed else "se agrega el punto"
        lines.append(f"- {what} {item.order}: {item.title}")
    lines += ["", f"Adenda {addendum.number} a la convocatoria {convocatoria.code}."]
    return "\n".join(lines)


__all__ = [
    "CONVOCATORIA_LIFECYCLE",
    "AcknowledgementExpired",
    "acknowledgement_days",
    "acknowledgement_recipient",
    "acknowledgement_token",
    "acknowledgement_valid_until",
    "agenda_document_create",
    "agenda_document_delete",
    "agenda_document_update",
    "agenda_item_create",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_opening_add",
    "agenda_reorder",
    "convocatoria_acknowledge",
    "convocatoria_addendum_send",
    "convocatoria_create",
    "convocatoria_send",
]


# --- the one write path (cori.records: staff pages, API and admin call these) --------------


def _item_create(*, commission, changes) -> AgendaItem:
    return agenda_item_create(**changes)


def _item_update(*, record, changes, version) -> AgendaItem:
    return agenda_item_update(item=record, version=version, **changes)


def _item_delete(*, record, version) -> None:
    agenda_item_delete(item=record, version=version)


def _document_create(*, commission, changes) -> AgendaDocument:
    return agenda_document_create(**changes)


def _document_update(*, record, changes, version) -> AgendaDocument:
    return agenda_document_update(agenda_document=record, version=version, **changes)


def _document_delete(*, record, version) -> None:
    agenda_document_delete(agenda_document=record, version=version)


register_writes(AgendaItem, create=_item_create, update=_item_update, delete=_item_delete)
register_writes(
    AgendaDocument, create=_document_create, update=_document_update, delete=_document_delete
)
