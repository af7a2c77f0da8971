"""Real mail servers for the tests, started by the tests (reliability.md §2.1, §2.2).

- `SmtpServer`: aiosmtpd in this process, scripted per test: accept, refuse some or all
  recipients (addresses starting "reject" get 550, "later" 450), 4xx/5xx on DATA, login
  required, accept-then-hang, close the connection at MAIL, or SIGKILL the sending
  process right after storing the message. TLS: STARTTLS, implicit, or none.
- `Dovecot`: the Debian `dovecot` binary as root on a free loopback port with a
  throwaway config, TLS with a certificate made here, user alice / alice-pass.
- `make_cert`: a self-signed certificate made with the `cryptography` package.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

USER, PASSWORD = "alice", "s3cret"
IMAP_USER, IMAP_PASSWORD = "alice", "alice-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_cert(folder: Path, name: str = "localhost") -> tuple[Path, Path]:
    """A self-signed certificate for `name` and 127.0.0.1; returns (cert, key) paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    sans: list[x509.GeneralName] = [x509.DNSName(name)]
    if name == "localhost":
        sans.append(x509.IPAddress(IPv4Address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@dataclass
class Scripted:
    """The aiosmtpd handler. Change `data_mode`/`mail_mode` per test; `got` keeps what
    was stored as (envelope recipients, content)."""

    data_mode: str = "ok"  # ok | 451 | 554 | hang | kill
    mail_mode: str = "ok"  # ok | 421 (reply 421 and close the connection)
    hang_seconds: float = 3.0
    kill_pid: int | None = None
    got: list[tuple[list[str], bytes]] = field(default_factory=list)
    last_session: Any = None  # the aiosmtpd server of the latest MAIL, for `SmtpServer.drop`

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.mail_mode == "421":
            # Answer 421, then drop the connection, as a server going down does (A18).
            asyncio.get_running_loop().call_later(0.05, server.transport.close)
            return "421 4.3.2 service shutting down"
        self.last_session = server
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.startswith("reject"):
            return "550 5.1.1 no such user"
        if address.startswith("later"):
            return "450 4.2.1 mailbox busy"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_mode == "451":
            return "451 4.3.0 try later"
        if self.data_mode == "554":
            return "554 5.7.1 rejected as spam"
        self.got.append((list(envelope.rcpt_tos), bytes(envelope.original_content)))
        if self.data_mode == "kill" and self.kill_pid:
            # The duplicate-send trap: stored here, sender dies before it hears 250 (A1).
            os.kill(self.kill_pid, signal.SIGKILL)
        if self.data_mode == "hang":
            await asyncio.sleep(self.hang_seconds)
        return "250 2.0.0 queued"

    def reset(self) -> None:
        self.data_mode, self.mail_mode, self.kill_pid = "ok", "ok", None
        self.got.clear()


def _auth(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # handled=False, or a failed login gets no reply at all (reliability.md §2.1).
    return AuthResult(success=ok, handled=False)


class SmtpServer:
    """aiosmtpd on 127.0.0.1; `tls` is "starttls", "implicit" or "none"."""

    def __init__(
        self, *, tls: str = "starttls", smtputf8: bool = True, cert: tuple[Path, Path]
    ) -> None:
        from aiosmtpd.controller import Controller

        # aiosmtpd logs to "mail.log" (and so to the CLI runner's stderr): keep it quiet.
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        self.handler = Scripted()
        self.port = free_port()
        self.tls = tls
        self.cert = cert
        kwargs: dict[str, Any] = {
            "hostname": "127.0.0.1",
            "port": self.port,
            "authenticator": _auth,
            "enable_SMTPUTF8": smtputf8,
            "ready_timeout": 10,
        }
        context = server_context(*cert)
        if tls == "starttls":
            kwargs.update(tls_context=context, require_starttls=True, auth_require_tls=True)
        elif tls == "implicit":
            kwargs.update(ssl_context=context, auth_require_tls=False)
        else:
            kwargs.update(auth_require_tls=False)
        self.controller = Controller(self.handler, **kwargs)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def drop(self) -> None:
        """Close the latest client connection from the server's side, as an idle timeout
        does, and give the client's socket a moment to see it."""
        session = self.handler.last_session
        assert session is not None and session.transport is not None
        self.controller.loop.call_soon_threadsafe(session.transport.close)
        time.sleep(0.2)

    def account(self, **changes: Any) -> dict[str, Any]:
        """The config table for this server, trusting its certificate (pinned). Sends are
        not throttled here (tests/unit/test_throttle.py covers the 10 s default)."""
        values: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "tls": "implicit" if self.tls == "implicit" else "starttls",
            "user": USER,
            "cafile": str(self.cert[0]),
            "timeout": 5.0,
            "min_interval_seconds": 0,
        }
        values.update(changes)
        return values

    def write_config(self, home: Path, password_env: str, **changes: Any) -> None:
        """`home/config.toml` with this server as the `[mail.smtp]` account, its password
        read from `password_env` (the caller sets it), and no copy to Sent."""
        lines = ["[mail]", "copy_to_sent = false", "", "[mail.smtp]"]
        values = self.account(password_env=password_env, **changes)
        lines += [f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v}" for k, v in values.items()]
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_text("\n".join(lines) + "\n")


DOVECOT_CONF = """\
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 1 secs
mail_location = maildir:{d}/mail/%u
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
    auto = create
  }}
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={d}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
}}
"""


def dovecot_missing() -> str:
    """Why Dovecot tests cannot run here, or "" when they can."""
    if shutil.which("dovecot") is None or shutil.which("doveadm") is None:
        return "dovecot is not installed (scripts/test.sh installs dovecot-imapd)"
    if os.geteuid() != 0:
        return "dovecot tests start the server as root"
    return ""


class Dovecot:
    """A throwaway Dovecot: STARTTLS on `imap_port`, implicit TLS on `imaps_port`."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
        self.dir.chmod(0o755)
        (self.dir / "mail").mkdir()
        os.chown(self.dir / "mail", 65534, 65534)
        self.cert = make_cert(self.dir / "tls")
        self.imap_port, self.imaps_port = free_port(), free_port()
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text(
            DOVECOT_CONF.format(
                d=self.dir,
                cert=self.cert[0],
                key=self.cert[1],
                imap=self.imap_port,
                imaps=self.imaps_port,
            )
        )
        (self.dir / "users").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Dovecot:
        self.proc = subprocess.Popen(["dovecot", "-F", "-c", str(self.conf)])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.imaps_port), timeout=0.5):
                    return self
            except OSError:
                if self.proc.poll() is not None:
                    log = (self.dir / "dovecot.log").read_text(errors="replace")
                    raise RuntimeError(f"dovecot exited: {log[-2000:]}") from None
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start listening in 15 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def kick(self, user: str = IMAP_USER) -> None:
        """Drop every session of `user` from the server side (B1)."""
        subprocess.run(
            ["doveadm", "-c", str(self.conf), "kick", user], check=True, capture_output=True
        )

    def account(self, **changes: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.imaps_port,
            "tls": "implicit",
            "user": IMAP_USER,
            "cafile": str(self.cert[0]),
            "timeout": 10.0,
        }
        values.update(changes)
        return values

    def client(self) -> Any:
        """A raw IMAPClient session, for the tests to play the outside world."""
        from imapclient import IMAPClient

        context = ssl.create_default_context(cafile=str(self.cert[0]))
        client = IMAPClient("127.0.0.1", port=self.imaps_port, ssl_context=context, timeout=10)
        client.login(IMAP_USER, IMAP_PASSWORD)
        return client
