from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa import signals

        from motcua.accounts.mfa import mark_second_factor

        # A code entered at login, or at setting TOTP up, marks this session as having passed.
        signals.authenticator_used.connect(mark_second_factor, dispatch_uid="motcua-mfa-used")
        signals.authenticator_added.connect(mark_second_factor, dispatch_uid="motcua-mfa-added")
