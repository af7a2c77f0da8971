"""The real MailKit: `[mail]` from the config, the store's outbox, and the
SMTP/IMAP/.eml transports, each built only when a command needs it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from pathlib import Path

from followup.adapters.mail import eml, secrets
from followup.adapters.mail.eml import EmlFolder
from followup.adapters.mail.imap import ImapMailbox
from followup.adapters.mail.smtp import SmtpMailer
from followup.domain.mail.accounts import Account, MailSettings
from followup.domain.mail.replies import IncomingMail
from followup.ports import DraftsFolder, Mailbox, Mailer, Outbox, Store
from followup.settings import Settings


class RealMailKit:
    """MailKit over the config file, the environment (for passwords) and the store.

    `observer`, when given, is told each point a send reaches (see `checkpoint`); the
    shipped application never gives one.
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        environ: Mapping[str, str],
        observer: Callable[[str], None] | None = None,
    ) -> None:
        self._app_settings = settings
        self._store = store
        self._environ = environ
        self._observer = observer
        self._mailbox: ImapMailbox | None = None

    @cached_property
    def settings(self) -> MailSettings:
        return self._app_settings.config.mail

    @cached_property
    def outbox(self) -> Outbox:
        return self._store.outbox

    def _password(self, role: str, account: Account) -> str:
        return secrets.password(role, account, self._environ)

    def mailer(self) -> Mailer | None:
        smtp = self.settings.smtp
        if smtp is None:
            return None
        return SmtpMailer(smtp, lambda: self._password("smtp", smtp), observer=self._observer)

    def mailbox(self) -> Mailbox | None:
        imap = self.settings.imap
        if imap is None:
            return None
        if self._mailbox is None:
            self._mailbox = ImapMailbox(
                imap, lambda: self._password("imap", imap), watch=self.settings.watch
            )
        return self._mailbox

    def eml(self) -> DraftsFolder | None:
        folder = self.settings.eml_dir
        path = Path(folder).expanduser() if folder else self._app_settings.home / "eml"
        return EmlFolder(path)

    def read_mbox(self, path: str) -> Iterator[IncomingMail]:
        return eml.read_mbox(Path(path).expanduser())

    def read_eml_dir(self, path: str) -> Iterator[IncomingMail]:
        return eml.read_eml_dir(Path(path).expanduser())

    def checkpoint(self, point: str) -> None:
        if self._observer is not None:
            self._observer(point)

    def keyring(self) -> str:
        return secrets.keyring_backend()[1]

    def save_password(self, role: str, account: Account, secret: str) -> str:
        fallback = self._app_settings.home / "secrets" / f"{role}.password"
        return secrets.store_password(role, account, secret, fallback)

    def close(self) -> None:
        if self._mailbox is not None:
            self._mailbox.close()
            self._mailbox = None
