"""IMAP with IMAPClient: Drafts/Sent APPEND that is idempotent by Message-ID, and a
read-only (EXAMINE) search for replies to our own Message-IDs.

imaplib and IMAPClient both let CR/LF inside an argument run a second IMAP command
(reliability.md §1.7, verified: a folder was deleted). So every argument passes
`arg()` first; mailbox names come only from LIST (special-use flags), UIDs are ints,
dates are ours, and the only header values we search for are Message-IDs we made.
NO/BAD answers become typed errors (IMAPClient checks each response's typ).

`wait_for_mail` is IDLE (RFC 2177) on the first watched folder, EXAMINEd: the caller
renews it at most every 29 minutes; a server that drops the session (B1/B6) is
reconnected with capped exponential backoff, and a refused login or certificate stops it.
"""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from followup.adapters.mail.smtp import tls_context
from followup.domain.errors import DomainError, Unavailable, ValidationError
from followup.domain.mail.accounts import Account, TlsMode
from followup.domain.mail.message import message_id_ok
from followup.domain.mail.outbox import Attempt, Outcome, Phase
from followup.domain.mail.replies import IncomingMail, parse_incoming

_UNSAFE_ARG = re.compile(r"[\x00-\x1f\x7f]")
FETCH_BATCH = 200
# The MIME headers come too, so the body's start below can be decoded.
_HEADER_FIELDS = (
    "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID IN-REPLY-TO REFERENCES FROM SUBJECT DATE"
    " MIME-VERSION CONTENT-TYPE CONTENT-TRANSFER-ENCODING)]"
)
_HEADER_KEY = _HEADER_FIELDS.replace(".PEEK", "").encode()
# Only the start of the body, for a stop request in the reply's own words (CAD-007): the
# parser reads 8,000 characters of text; encoding and a MIME preamble take some bytes.
_TEXT_BYTES = 16_000
_TEXT_FIELD = f"BODY.PEEK[TEXT]<0.{_TEXT_BYTES}>"
_TEXT_KEY = b"BODY[TEXT]<0>"
_SPECIAL = {"drafts": b"\\Drafts", "sent": b"\\Sent"}
POLL_SECONDS = 300.0  # how often to search again on a server without IDLE


class UnsafeArgumentError(ValidationError):
    """A value that would change the IMAP command it is part of; it is never sent."""


class ImapError(Unavailable):
    """The server said NO or BAD, dropped the connection, or could not be reached."""


class ImapRefused(ImapError):
    """The login, the certificate or the lack of STARTTLS was refused: trying again
    would not help (and repeated bad logins lock accounts, B2)."""


def arg(field: str, value: str) -> str:
    """The single gate every IMAP string argument passes (B7)."""
    if not isinstance(value, str) or _UNSAFE_ARG.search(value):
        raise UnsafeArgumentError(field, "contains CR, LF, NUL or another control character")
    if len(value) > 1000:
        raise UnsafeArgumentError(field, "is too long for an IMAP argument")
    return value


def search_id(value: str) -> str:
    """A Message-ID we may search for: one of our own shape, and a safe argument."""
    if not message_id_ok(value):
        raise UnsafeArgumentError("message-id", f"{value[:80]!r} is not a searchable Message-ID")
    return arg("message-id", value)


class ImapMailbox:
    """The Mailbox port over IMAPClient. One connection, opened on first use."""

    def __init__(
        self,
        account: Account,
        password: Callable[[], str],
        *,
        watch: Sequence[str] = ("INBOX",),
        retries: int = 2,
        backoff: float = 0.5,
        backoff_cap: float = 60.0,
    ) -> None:
        self.account = account
        self.password = password
        self.watch = tuple(watch)
        self.retries = retries
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.idles = 0  # IDLE commands issued, each ended by DONE or a drop
        self.reconnects = 0  # sessions re-made after a drop while waiting
        self._failures = 0  # reconnects failed in a row: the backoff's exponent
        self._client: Any = None
        self._folders: dict[bytes, str] | None = None  # special-use flag -> name, from LIST
        self._names: set[str] = set()

    # -- connection ---------------------------------------------------------------
    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        from imapclient import IMAPClient
        from imapclient.exceptions import LoginError

        a = self.account
        where = f"{a.host}:{a.port}"
        context = tls_context(a)
        try:
            client = IMAPClient(
                a.host,
                port=a.port,
                ssl=a.tls is TlsMode.IMPLICIT,
                ssl_context=context,
                timeout=a.timeout,
            )
            if a.tls is TlsMode.STARTTLS:
                if not client.has_capability("STARTTLS"):
                    client.shutdown()
                    raise ImapRefused(f"{where} does not offer STARTTLS; refusing plaintext IMAP")
                client.starttls(context)
        except ssl.SSLCertVerificationError as exc:
            raise ImapRefused(f"certificate of {a.host} refused: {exc.verify_message}") from None
        except socket.gaierror as exc:
            raise ImapError(f"cannot find host {a.host}: {exc.strerror}") from None
        except (OSError, ssl.SSLError) as exc:
            raise ImapError(f"cannot connect to {where}: {_describe(exc)}") from None
        try:
            client.login(arg("user", a.user), self.password())
        except LoginError:
            # No retry: a loop of bad logins locks accounts (B2). The server's delay stands.
            _shutdown(client)
            raise ImapRefused(f"login failed for {a.user} at {where}; check the password") from None
        except DomainError:
            _shutdown(client)
            raise
        except (OSError, ssl.SSLError) as exc:
            _shutdown(client)
            raise ImapError(f"connection to {where} lost at login: {_describe(exc)}") from None
        self._client = client
        return client

    def _forget(self) -> None:
        """Drop a session that is broken (or stuck in IDLE) without a LOGOUT."""
        if self._client is not None:
            _shutdown(self._client)
        self._client = None
        self._folders = None

    def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            try:
                client.logout()
            except Exception:
                _shutdown(client)
        self._folders = None

    def _call(self, what: str, action: Callable[[Any], Any]) -> Any:
        """Run one step; on a dropped connection reconnect with backoff and run it again
        (B1). Every step is safe to repeat: searches, EXAMINE, and APPEND after SEARCH."""
        from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

        for attempt in range(self.retries + 1):
            try:
                return action(self._connect())
            except (IMAPClientAbortError, OSError) as exc:
                self._forget()
                if attempt == self.retries:
                    raise ImapError(f"IMAP {what}: connection lost ({_describe(exc)})") from None
                time.sleep(self.backoff * (2**attempt))
            except IMAPClientError as exc:
                raise ImapError(f"IMAP {what} refused: {_describe(exc)}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    # -- folders ------------------------------------------------------------------
    def _list(self, client: Any) -> dict[bytes, str]:
        if self._folders is None:
            found: dict[bytes, str] = {}
            names: set[str] = set()
            for flags, _delim, name in client.list_folders():
                names.add(name)
                for flag in flags:
                    found.setdefault(bytes(flag), name)
            names.add("INBOX")
            found.setdefault(b"\\Inbox", "INBOX")
            self._folders, self._names = found, names
        return self._folders

    def _mailbox(self, name: str) -> str:
        """A mailbox name we may use: it came from LIST, and it is a safe argument."""
        if name not in self._names:
            raise UnsafeArgumentError("folder", f"{name[:80]!r} is not a folder the server listed")
        return arg("folder", name)

    def folders(self) -> dict[str, str]:
        """{"inbox": ..., "drafts": ..., "sent": ...} from LIST's special-use flags."""
        special = self._call("LIST", self._list)
        out = {"inbox": "INBOX"}
        for role, flag in _SPECIAL.items():
            if flag in special:
                out[role] = special[flag]
        return out

    def check(self) -> str:
        """Log in and find the special folders; changes nothing."""
        found = self.folders()
        missing = [r for r in ("drafts", "sent") if r not in found]
        note = f"; no special-use folder for {', '.join(missing)}" if missing else ""
        listed = ", ".join(f"{k}={v}" for k, v in sorted(found.items()))
        return f"imap: logged in to {self.account.label} over TLS ({listed}){note}"

    # -- APPEND, once ---------------------------------------------------------------
    def _append_once(self, role: str, message_id: str, raw: bytes, flags: Sequence[bytes]) -> bool:
        """Append unless a message with this Message-ID is already there (B4)."""
        wanted = search_id(message_id)

        def step(client: Any) -> bool:
            special = self._list(client)
            if _SPECIAL[role] not in special:
                raise ImapError(f"the server has no {role.title()} folder (special-use flag)")
            folder = self._mailbox(special[_SPECIAL[role]])
            client.select_folder(folder)
            if client.search(["HEADER", "Message-ID", wanted]):
                return False
            client.append(folder, raw, flags=flags)
            return True

        return bool(self._call(f"APPEND to {role}", step))

    def save_draft(self, message_id: str, raw: bytes) -> Attempt:
        try:
            added = self._append_once("drafts", message_id, raw, (b"\\Draft", b"\\Seen"))
        except ImapError as exc:
            lost = "connection lost" in str(exc) or "cannot connect" in str(exc)
            outcome = Outcome.TEMPORARY if lost else Outcome.PERMANENT
            return Attempt(outcome=outcome, phase=Phase.ENVELOPE, detail=str(exc))
        where = (self._folders or {}).get(_SPECIAL["drafts"], "Drafts")
        return Attempt(
            outcome=Outcome.DELIVERED,
            phase=Phase.DATA,
            detail="saved" if added else "already in Drafts",
            location=f"imap:{where}",
        )

    def copy_to_sent(self, message_id: str, raw: bytes) -> bool:
        """Keep a copy in Sent; a failure raises and never affects delivery (A16)."""
        return self._append_once("sent", message_id, raw, (b"\\Seen",))

    def in_sent(self, message_ids: Sequence[str]) -> set[str]:
        """Which of these Message-IDs the Sent folder holds: drafts the user has sent.
        EXAMINE only; no Sent folder means none."""
        wanted = [i for i in message_ids if message_id_ok(i)]
        if not wanted:
            return set()

        def step(client: Any) -> set[str]:
            special = self._list(client)
            if _SPECIAL["sent"] not in special:
                return set()
            client.select_folder(self._mailbox(special[_SPECIAL["sent"]]), readonly=True)
            return {i for i in wanted if client.search(["HEADER", "Message-ID", search_id(i)])}

        found: set[str] = self._call("search Sent", step)
        return found

    # -- replies --------------------------------------------------------------------
    def fetch_replies(
        self,
        ours: Sequence[str],
        senders: Sequence[str],
        since: datetime,
        seen: Callable[[str], bool],
    ) -> Iterator[IncomingMail]:
        """Mails in the watched folders that thread to our ids or come from `senders`,
        skipping keys already `seen`; EXAMINE only, so nothing is marked read."""
        ids = [search_id(i) for i in ours if message_id_ok(i)]
        addresses = [arg("sender", s) for s in senders]
        for name in self.watch:
            yield from self._fetch_folder(name, ids, addresses, since, seen)

    def _fetch_folder(
        self,
        name: str,
        ids: Sequence[str],
        addresses: Sequence[str],
        since: datetime,
        seen: Callable[[str], bool],
    ) -> Iterator[IncomingMail]:
        def examine(client: Any) -> tuple[int, list[int]]:
            self._list(client)
            folder = self._mailbox(name)
            info = client.select_folder(folder, readonly=True)
            validity = int(info.get(b"UIDVALIDITY", 0))
            uids: set[int] = set()
            for chunk in _chunks(ids, 10):
                criteria: list[Any] = []
                for mid in chunk:
                    criteria.append(
                        ["OR", ["HEADER", "In-Reply-To", mid], ["HEADER", "References", mid]]
                    )
                uids.update(client.search(_any_of(criteria)))
            for chunk in _chunks(addresses, 10):
                criteria = [["FROM", addr] for addr in chunk]
                uids.update(client.search([*_any_of(criteria), "SINCE", since.date()]))
            return validity, sorted(int(u) for u in uids)

        validity, uids = self._call(f"search {name}", examine)
        fresh = [u for u in uids if not seen(f"imap:{name}:{validity}:{u}")]
        for batch in _chunks(fresh, FETCH_BATCH):

            def fetch(client: Any, batch: Sequence[int] = batch) -> dict[int, Any]:
                info = client.select_folder(self._mailbox(name), readonly=True)
                if int(info.get(b"UIDVALIDITY", 0)) != validity:
                    raise ImapError(f"UIDVALIDITY of {name} changed during sync; run sync again")
                return dict(client.fetch(list(batch), [_HEADER_FIELDS, _TEXT_FIELD]))

            data = self._call(f"FETCH from {name}", fetch)
            for uid in batch:
                item = data.get(uid, {})
                head = bytes(item.get(_HEADER_KEY) or b"")
                text = bytes(item.get(_TEXT_KEY) or b"")
                raw = head if not text else head.rstrip(b"\r\n") + b"\r\n\r\n" + text
                yield parse_incoming(bytes(raw), f"imap:{name}:{validity}:{uid}")

    # -- IDLE -----------------------------------------------------------------------
    def wait_for_mail(self, timeout: float) -> bool:
        """IDLE up to `timeout` seconds on the first watched folder, EXAMINEd; True when
        the server announced new mail or the session was lost and re-made."""
        from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

        deadline = time.monotonic() + max(0.0, timeout)
        try:
            client = self._connect()
            self._list(client)
            folder = self._mailbox(self.watch[0])
            if not client.has_capability("IDLE"):
                # No IDLE: wait a while, then let the caller search again (a poll).
                time.sleep(max(0.0, min(POLL_SECONDS, deadline - time.monotonic())))
                return True
            client.select_folder(folder, readonly=True)
            client.idle()
            self.idles += 1
            news = self._idle_until(client, deadline)
            client.idle_done()
            self._failures = 0
            return news
        except ImapRefused:
            raise
        except (ImapError, _Dropped, IMAPClientAbortError, OSError):
            self._forget()
            self._reconnect(deadline)
            return True
        except IMAPClientError as exc:
            self._forget()
            raise ImapError(f"IMAP IDLE refused: {_describe(exc)}") from None
        except BaseException:
            # Ctrl-C while in IDLE: the session cannot take a LOGOUT now, so just drop it.
            self._forget()
            raise

    def _idle_until(self, client: Any, deadline: float) -> bool:
        """Read IDLE responses until new mail (EXISTS), the deadline, or a drop."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            responses = client.idle_check(timeout=left)
            for response in responses:
                if response and response[0] == b"BYE":
                    raise _Dropped("the server ended the session")
                if len(response) > 1 and response[1] == b"EXISTS":
                    return True
            if not responses and deadline - time.monotonic() > 0.05:
                # Woken with nothing to read: EOF, or only TLS housekeeping. DONE tells
                # them apart: it raises on a dead connection; a live one re-enters IDLE.
                client.idle_done()
                client.idle()
                self.idles += 1

    def _reconnect(self, deadline: float) -> None:
        """Log in again with capped exponential backoff, until the deadline; a refused
        login raises. Still down at the deadline: the next call tries again, slower."""
        from imapclient.exceptions import IMAPClientError

        while True:
            delay = min(self.backoff_cap, self.backoff * 2**self._failures)
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(delay, left))
            self._failures += 1
            try:
                self._list(self._connect())
            except ImapRefused:
                raise
            except (ImapError, IMAPClientError, OSError):  # still down, or dropped again
                self._forget()
                continue
            self._failures = 0
            self.reconnects += 1
            return


class _Dropped(Exception):
    """The server ended the session during IDLE (BYE), as `doveadm kick` does."""


def _any_of(criteria: list[Any]) -> list[Any]:
    """IMAP's OR is binary: OR a (OR b c)."""
    if len(criteria) == 1:
        return list(criteria[0]) if isinstance(criteria[0], list) else [criteria[0]]
    return ["OR", criteria[0], _any_of(criteria[1:])]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


def _shutdown(client: Any) -> None:
    with contextlib.suppress(Exception):  # already broken
        client.shutdown()
