"""SMTP submission with smtplib, one phase at a time (reliability.md §1.1, §1.6).

`sendmail()` hides which phase failed, so EHLO, STARTTLS, AUTH, MAIL, RCPT and DATA are
called one by one, and the outbox records `phase=data` durably *before* DATA: an answer
that never comes after that point means "unknown", never "try again". TLS always uses
`ssl.create_default_context()` (smtplib's own default does not verify certificates),
and a server without STARTTLS is refused rather than spoken to in plaintext.

Inside `session()` one connection (one STARTTLS, one login) carries every message of a
batch. It is kept only while the server's state is known: after a 2xx or a definite
refusal (then RSET). Anything else closes it: a message whose DATA got no answer stays
`unknown`, and the next message opens a fresh connection. A kept connection the server
dropped while idle is noticed at MAIL FROM, before anything is handed over, and that
message is tried once more on a new connection.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from followup.domain.errors import DomainError
from followup.domain.mail.accounts import Account, TlsMode
from followup.domain.mail.message import needs_smtputf8
from followup.domain.mail.outbox import (
    Attempt,
    Outcome,
    Phase,
    RecipientResult,
    classify_recipients,
    interrupted,
    replied,
)

PasswordSource = Callable[[], str]


class _StaleError(Exception):
    """A kept connection turned out closed at MAIL FROM, before anything was handed over."""


class _StopError(Exception):
    """Ends the conversation early with a decided attempt."""

    def __init__(self, attempt: Attempt) -> None:
        super().__init__(attempt.detail)
        self.attempt = attempt


def _text(message: bytes | str) -> str:
    raw = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    return " ".join(raw.split())


def tls_context(account: Account) -> ssl.SSLContext:
    """Certificate and host name verified; a pinned `cafile` replaces the system store."""
    context = ssl.create_default_context(cafile=account.cafile or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class SmtpMailer:
    """The Mailer port over smtplib."""

    def __init__(
        self,
        account: Account,
        password: PasswordSource,
        *,
        local_hostname: str | None = None,
        observer: Callable[[str], None] | None = None,
    ) -> None:
        self.account = account
        self.password = password
        self.local_hostname = local_hostname
        self.observer = observer  # told each point reached: "envelope", "data", "accepted"
        self._batching = False  # inside `session()`: keep the connection between sends
        self._kept: smtplib.SMTP | None = None  # the connection kept for the next send
        self.opened = 0  # connections opened by `send`, so far (tests, benchmarks)

    def _reached(self, point: str) -> None:
        if self.observer is not None:
            self.observer(point)

    # -- connection ----------------------------------------------------------------
    def _open(self, deadline: float) -> smtplib.SMTP:
        """Connect, secure and log in; raises `_StopError` with the reason when that fails."""
        a = self.account
        where = f"{a.host}:{a.port}"
        context = tls_context(a)
        smtp: smtplib.SMTP | None = None
        try:
            if a.tls is TlsMode.IMPLICIT:
                smtp = smtplib.SMTP_SSL(
                    a.host,
                    a.port,
                    local_hostname=self.local_hostname,
                    timeout=a.timeout,
                    context=context,
                )
            else:
                smtp = smtplib.SMTP(
                    a.host, a.port, local_hostname=self.local_hostname, timeout=a.timeout
                )
                self._budget(smtp, deadline)
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    raise _StopError(
                        Attempt(
                            outcome=Outcome.PERMANENT,
                            phase=Phase.CONNECT,
                            detail=f"{where} does not offer STARTTLS; refusing to send in "
                            "plaintext (use tls = 'implicit' on port 465 if it offers that)",
                        )
                    )
                smtp.starttls(context=context)
            self._budget(smtp, deadline)
            smtp.ehlo()
            self._login(smtp, where)
            return smtp
        except _StopError:
            _close(smtp)
            raise
        except ssl.SSLCertVerificationError as exc:
            _close(smtp)
            raise _StopError(
                Attempt(
                    outcome=Outcome.PERMANENT,
                    phase=Phase.CONNECT,
                    detail=f"certificate of {a.host} refused: {exc.verify_message}; "
                    "pin it with cafile = 'PATH' in the config only if you trust it",
                )
            ) from None
        except ssl.SSLError as exc:
            _close(smtp)
            raise _StopError(
                Attempt(
                    outcome=Outcome.PERMANENT,
                    phase=Phase.CONNECT,
                    detail=f"TLS with {where} failed: {exc.reason or exc}",
                )
            ) from None
        except smtplib.SMTPAuthenticationError as exc:
            _close(smtp)
            raise _StopError(
                Attempt(
                    outcome=Outcome.PERMANENT,
                    phase=Phase.CONNECT,
                    code=exc.smtp_code,
                    detail=f"login failed for {a.user} at {where}: "
                    f"{exc.smtp_code} {_text(exc.smtp_error)}; check the password",
                )
            ) from None
        except smtplib.SMTPResponseException as exc:
            _close(smtp)
            raise _StopError(replied(Phase.CONNECT, exc.smtp_code, _text(exc.smtp_error))) from None
        except socket.gaierror as exc:
            _close(smtp)
            raise _StopError(
                interrupted(Phase.CONNECT, f"cannot find host {a.host}: {exc.strerror}")
            ) from None
        except (smtplib.SMTPException, OSError) as exc:  # refused, reset, timeout
            _close(smtp)
            raise _StopError(
                interrupted(Phase.CONNECT, f"cannot connect to {where}: {_describe(exc)}")
            ) from None

    def _login(self, smtp: smtplib.SMTP, where: str) -> None:
        if not smtp.has_extn("auth"):
            raise _StopError(
                Attempt(
                    outcome=Outcome.PERMANENT,
                    phase=Phase.CONNECT,
                    detail=f"{where} offers no login (AUTH) over TLS",
                )
            )
        try:
            secret = self.password()
        except DomainError as exc:
            raise _StopError(
                Attempt(outcome=Outcome.PERMANENT, phase=Phase.CONNECT, detail=str(exc))
            ) from None
        smtp.login(self.account.user, secret)

    def _budget(self, smtp: smtplib.SMTP, deadline: float) -> None:
        """Every socket wait is bounded by both the per-read timeout and the whole send."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the whole operation took too long")
        if smtp.sock is not None:
            smtp.sock.settimeout(min(self.account.timeout, left))

    # -- Mailer ---------------------------------------------------------------------
    def check(self) -> str:
        """Connect, secure, log in and leave; sends nothing."""
        deadline = time.monotonic() + self.account.timeout * 3
        try:
            smtp = self._open(deadline)
        except _StopError as stop:
            raise _unavailable(stop.attempt.detail) from None
        utf8 = "with SMTPUTF8" if smtp.has_extn("smtputf8") else "without SMTPUTF8"
        _close(smtp)
        return f"smtp: logged in to {self.account.label} over TLS ({utf8})"

    @contextmanager
    def session(self) -> Iterator[None]:
        """Reuse one connection for the sends made inside; QUIT when it ends."""
        if self._batching:  # nested: the outer session owns the connection
            yield
            return
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            kept, self._kept = self._kept, None
            _close(kept)

    def send(
        self,
        sender: str,
        recipients: Sequence[str],
        raw: bytes,
        phase: Callable[[Phase], None],
    ) -> Attempt:
        """One delivery attempt; the answer is an `Attempt`, never an exception."""
        deadline = time.monotonic() + self.account.timeout * 4
        smtp, reused = self._kept, self._kept is not None
        self._kept = None  # taken: a send that does not finish cleanly never gives it back
        for _ in range(2):
            if smtp is None:
                try:
                    smtp = self._open(deadline)
                except _StopError as stop:
                    return stop.attempt
                self.opened += 1
            try:
                attempt = self._transaction(smtp, sender, recipients, raw, phase, deadline, reused)
            except _StopError as stop:
                attempt = stop.attempt
            except _StaleError:
                # Dropped while idle, noticed at MAIL FROM: nothing was handed over.
                _close(smtp)
                smtp, reused = None, False
                continue
            self._keep_or_close(smtp, attempt)
            return attempt
        raise AssertionError("unreachable: a fresh connection is never stale")

    def _keep_or_close(self, smtp: smtplib.SMTP, attempt: Attempt) -> None:
        """Keep the connection for the next send when its state is known (a reply code
        ended the transaction), else close it: after no answer, a timeout or a 421."""
        done = attempt.outcome in (Outcome.DELIVERED, Outcome.PARTIAL)
        clean = (
            self._batching
            and attempt.outcome is not Outcome.UNKNOWN
            and attempt.phase in (Phase.ENVELOPE, Phase.DATA)
            and attempt.code is not None
            and attempt.code != 421  # the server is closing the connection
        )
        if clean and not done:
            try:  # a refused transaction may leave MAIL/RCPT state behind
                self._budget(smtp, time.monotonic() + self.account.timeout)
                clean = smtp.rset()[0] == 250
            except (smtplib.SMTPException, OSError):
                clean = False
        if clean:
            self._kept = smtp
        else:
            _close(smtp)

    def _transaction(
        self,
        smtp: smtplib.SMTP,
        sender: str,
        recipients: Sequence[str],
        raw: bytes,
        phase: Callable[[Phase], None],
        deadline: float,
        reused: bool = False,
    ) -> Attempt:
        options: list[str] = []
        wide = [a for a in (sender, *recipients) if needs_smtputf8(a)]
        if wide:
            if not smtp.has_extn("smtputf8"):
                # Checked before MAIL FROM, so nothing at all was handed over (A15).
                return Attempt(
                    outcome=Outcome.PERMANENT,
                    phase=Phase.CONNECT,
                    detail=f"address {wide[0]!r} is not ASCII and {self.account.host} does "
                    "not support SMTPUTF8; use an ASCII address for this recipient",
                )
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        phase(Phase.ENVELOPE)
        self._reached("envelope")
        try:
            self._budget(smtp, deadline)
            try:
                code, msg = smtp.mail(sender, options)
            except (smtplib.SMTPServerDisconnected, ConnectionError) as exc:
                if reused:
                    raise _StaleError from exc
                raise
            if code == 421 and reused:  # an idle connection the server is closing
                raise _StaleError
            if code != 250:
                return replied(Phase.ENVELOPE, code, f"MAIL FROM refused: {_text(msg)}")
            results = []
            for rcpt in recipients:
                self._budget(smtp, deadline)
                code, msg = smtp.rcpt(rcpt)
                results.append(RecipientResult(address=rcpt, code=code, text=_text(msg)))
        except (smtplib.SMTPException, OSError) as exc:
            return interrupted(Phase.ENVELOPE, f"connection lost before DATA: {_describe(exc)}")
        verdict = classify_recipients(results)
        if verdict in (Outcome.TEMPORARY, Outcome.PERMANENT):
            refused = "; ".join(f"{r.address}: {r.code} {r.text}" for r in results)
            return Attempt(
                outcome=verdict,
                phase=Phase.ENVELOPE,
                code=results[0].code if results else None,
                detail=f"recipients refused: {refused}",
                recipients=tuple(results),
            )
        # The point of no return: recorded durably before the first byte of DATA.
        phase(Phase.DATA)
        self._reached("data")
        try:
            self._budget(smtp, deadline)
            code, msg = smtp.data(raw)
        except smtplib.SMTPDataError as exc:
            # A reply code to DATA is definitive: the server did not take it.
            attempt = replied(Phase.DATA, exc.smtp_code, _text(exc.smtp_error))
            return Attempt(
                outcome=attempt.outcome,
                phase=Phase.DATA,
                code=attempt.code,
                detail=attempt.detail,
                recipients=tuple(results),
            )
        except (smtplib.SMTPException, OSError) as exc:
            attempt = interrupted(Phase.DATA, f"no answer after DATA: {_describe(exc)}")
            return Attempt(
                outcome=attempt.outcome,
                phase=Phase.DATA,
                detail=attempt.detail,
                recipients=tuple(results),
            )
        if not 200 <= code < 300:
            # smtplib raises for a bad reply to DATA itself but *returns* the final reply
            # after the message: a 451/554 there must not be taken for success.
            attempt = replied(Phase.DATA, code, _text(msg))
            return Attempt(
                outcome=attempt.outcome,
                phase=Phase.DATA,
                code=code,
                detail=attempt.detail,
                recipients=tuple(results),
            )
        self._reached("accepted")
        return Attempt(
            outcome=verdict,
            phase=Phase.DATA,
            code=code,
            detail=f"{code} {_text(msg)}",
            recipients=tuple(results),
        )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"server disconnected ({_text(str(exc))})" if str(exc) else "server disconnected"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _text(str(exc)) or type(exc).__name__


def _close(smtp: smtplib.SMTP | None) -> None:
    """QUIT politely if possible; a broken connection is simply closed."""
    if smtp is None:
        return
    try:
        if smtp.sock is not None:
            smtp.sock.settimeout(2)
            smtp.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        smtp.close()


def _unavailable(detail: str) -> DomainError:
    from followup.domain.errors import Unavailable

    return Unavailable(detail)
