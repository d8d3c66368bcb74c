from django import forms

from cori.forms import bootstrap
from signatures.pdf import CREDENTIAL_MAX_BYTES


def _read(upload) -> bytes:
    """At most one byte past the limit: enough for ``signatures.pdf`` to refuse it."""
    return upload.read(CREDENTIAL_MAX_BYTES + 1) if upload else b""


class SigningForm(forms.Form):
    """The signer's e.firma: ``.cer`` + ``.key``, or a ``.p12``, and its password. Nothing
    of it is kept: the view reads the files into memory for one signature."""

    certificate = forms.FileField(
        label="Certificado (.cer)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".cer,.crt,.pem"}),
    )
    key = forms.FileField(
        label="Llave privada (.key)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".key,.pem"}),
    )
    pkcs12 = forms.FileField(
        label="O bien, un archivo PKCS#12 (.p12 o .pfx) con ambos",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".p12,.pfx"}),
    )
    password = forms.CharField(
        label="Contraseña de la llave privada",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Escriba la contraseña de su llave privada."},
    )
    confirm = forms.BooleanField(
        label="Confirmo que firmo este documento con mi firma electrónica.",
        error_messages={"required": "Marque la confirmación para firmar."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def files_read(self) -> dict:
        data = self.cleaned_data
        return {
            "certificate": _read(data.get("certificate")),
            "key": _read(data.get("key")),
            "pkcs12": _read(data.get("pkcs12")),
        }


class VerificationForm(forms.Form):
    file = forms.FileField(
        label="PDF firmado",
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": "Adjunte el PDF que quiere verificar."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
