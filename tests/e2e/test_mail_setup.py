"""`followup mail setup` driven through a real pseudo-terminal, as a person types it:
pick a provider preset, accept its servers, give a login and a password that is not
echoed. The config it writes is 0600 and never holds the password (reliability.md §1.10).
"""

from __future__ import annotations

import os
import pty
import select
import stat
import sys
import time
import tomllib
from pathlib import Path

import pytest

SECRET = "app-pass-7f3c9e"


class Terminal:
    """`python -m followup ARGS` on the slave side of a pty (its controlling terminal,
    so getpass turns echo off there); the test reads and types on the master side."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "FOLLOWUP_HOME": str(home),
            "TERM": "dumb",
            # Never touch the developer's real keyring: the 0600 file fallback is tested.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        argv = [sys.executable, "-m", "followup", *args]
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the command at once
            try:
                os.execve(sys.executable, argv, env)  # noqa: S606 - a fixed argv, no shell
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.screen = ""
        self.status: int | None = None

    def expect(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen}")

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")  # Enter, as a terminal sends it

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.screen += chunk.decode(errors="replace").replace("\r\n", "\n")
        return bool(chunk)

    def wait(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._read(0.05):
                    pass
                os.close(self.fd)
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        raise AssertionError(f"still running; the screen was:\n{self.screen}")

    def kill(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            os.close(self.fd)


@pytest.fixture
def terminal(isolated_home: Path) -> object:
    made: list[Terminal] = []

    def start(*args: str) -> Terminal:
        term = Terminal(isolated_home, *args)
        made.append(term)
        return term

    yield start
    for term in made:
        term.kill()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_choosing_a_preset_writes_a_0600_config_without_the_password(
    terminal: object, isolated_home: Path
) -> None:
    term = terminal("mail", "setup")  # type: ignore[operator]
    term.expect("Provider (fastmail, gmail, icloud, outlook, yahoo, other) [other]:")
    term.type("fastmail")
    term.expect("SMTP server [smtp.fastmail.com]:")
    term.type("")
    term.expect("SMTP security (starttls, implicit) [implicit]:")
    term.type("")
    term.expect("SMTP port [465]:")
    term.type("")
    term.expect("Login (usually your email address):")
    term.type("ada@fastmail.com")
    term.expect("Password (or app password):")
    term.type(SECRET)
    term.expect("mail settings written to")
    assert term.wait() == 0, term.screen
    assert SECRET not in term.screen  # the terminal did not echo it

    config_path = isolated_home / "config.toml"
    text = config_path.read_text()
    assert mode(config_path) == 0o600
    assert SECRET not in text
    config = tomllib.loads(text)
    smtp, imap = config["mail"]["smtp"], config["mail"]["imap"]
    assert (smtp["host"], smtp["port"], smtp["tls"], smtp["user"]) == (
        "smtp.fastmail.com",
        465,
        "implicit",
        "ada@fastmail.com",
    )
    assert (imap["host"], imap["port"], imap["tls"]) == ("imap.fastmail.com", 993, "implicit")
    assert config["mail"]["copy_to_sent"] is True
    # No real keyring here: the password went to 0600 files the config names.
    for table in (smtp, imap):
        secret_file = Path(table["password_file"])
        assert secret_file.read_text().strip() == SECRET
        assert mode(secret_file) == 0o600
    assert f"password kept in {smtp['password_file']}" in term.screen


def test_a_wrong_choice_is_asked_again_and_other_asks_for_the_server(
    terminal: object, isolated_home: Path
) -> None:
    (isolated_home).mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text('[policy]\nbusiness_hours = "09:00-17:00"\n')
    term = terminal("mail", "setup", "--password-env", "MY_MAIL_PASSWORD")  # type: ignore[operator]
    term.expect("Provider")
    term.type("hotmail")
    term.expect("'hotmail' is not one of")
    term.type("other")
    term.expect("SMTP server:")
    term.type("mail.example.org")
    term.expect("SMTP security (starttls, implicit) [starttls]:")
    term.type("")
    term.expect("SMTP port [587]:")
    term.type("")
    term.expect("Login (usually your email address):")
    term.type("ada@example.org")
    term.expect("mail settings written to")
    assert term.wait() == 0, term.screen
    assert "Password" not in term.screen  # the environment variable holds it

    config_path = isolated_home / "config.toml"
    config = tomllib.loads(config_path.read_text())
    assert mode(config_path) == 0o600
    assert config["policy"] == {"business_hours": "09:00-17:00"}  # other tables are kept
    smtp = config["mail"]["smtp"]
    assert (smtp["host"], smtp["port"], smtp["tls"]) == ("mail.example.org", 587, "starttls")
    assert smtp["password_env"] == "MY_MAIL_PASSWORD" and "password_file" not in smtp
    assert "imap" not in config["mail"]  # "other" names no IMAP server
