"""Forms of the orden del día page: the shape of the data only; the services decide."""

from django import forms

from cori.forms import bootstrap
from sessions.models import Accord, AgendaDocument, AgendaItem, PresentedItem, Session


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "presenter", "presented_item", "accord", "minutes_session"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        commission = session.commission
        self.fields["presented_item"].queryset = PresentedItem.objects.filter(
            commission=commission
        ).order_by("order", "pk")
        self.fields["accord"].queryset = Accord.objects.filter(commission=commission).order_by(
            "-year", "-number"
        )
        self.fields["minutes_session"].queryset = Session.objects.filter(
            commission=commission, date__lt=session.date
        ).order_by("-date")
        bootstrap(self)


class AgendaDocumentForm(forms.ModelForm):
    class Meta:
        model = AgendaDocument
        fields = ["title", "document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class AgendaItemEditForm(AgendaItemForm):
    """An item edited in place on the orden del día page, with the version it was read at."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
