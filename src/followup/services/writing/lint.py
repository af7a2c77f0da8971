"""Checking: the lint use case.

Reads a message (plain text with an optional `Subject:` first line, or an .eml),
works out what it should be about (a debrief file, a follow-up in the database, or
just `--to`), applies the `[lint]` config and runs `followup.domain.writing.lint.linter.lint`.
Bad input raises one ValidationError naming the file and the problem.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup.domain.errors import TooLarge, ValidationError
from followup.domain.records import fields
from followup.domain.records.followups import Kind
from followup.domain.records.model import Company, Contact, Stage
from followup.domain.timing.cadence import Thread, thread
from followup.domain.timing.calendar import HolidayCalendar
from followup.domain.timing.policy import Policies, Policy
from followup.domain.writing.context import NoteContext, Person
from followup.domain.writing.lint import linter
from followup.domain.writing.lint.linter import Finding, LintConfig, Matcher, Note, Speller
from followup.ports import Store

if TYPE_CHECKING:
    from followup.services.deps import Deps

INPUT_MAX = 1_000_000  # bytes: a follow-up is a few hundred words; 5 MB is a mistake
WORDS_FILE = "words.txt"  # the user's own word list, one per line, in the data folder

_SUBJECT_LINE = re.compile(r"\A[ \t]*subject[ \t]*:[ \t]*([^\n]*)\n?", re.IGNORECASE)
_HEADER_BLOCK = re.compile(rb"\A(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*)+\r?\n")
_MAIL_HEADERS = {b"from", b"to", b"date", b"message-id", b"mime-version", b"content-type"}
# C0 controls other than tab and newline, DEL, C1 controls and bidi overrides: shown as
# spaces so offsets still match the file.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class Message:
    """A message read from a file: the note to lint and what its headers said."""

    name: str
    note: Note
    sent_at: datetime | None = None  # the .eml Date header, if any


@dataclass(frozen=True, slots=True)
class Report:
    """The findings for one message, with its word count."""

    name: str
    findings: list[Finding] = field(default_factory=list)
    words: int = 0

    @property
    def has_errors(self) -> bool:
        return linter.has_errors(self.findings)

    def as_dict(self) -> dict[str, object]:
        """The public JSON shape: {"findings": [...], "words": N}."""
        return {"findings": [f.as_dict() for f in self.findings], "words": self.words}


# --- reading ---------------------------------------------------------------------------------


def read_note(deps: Deps, name: str) -> Message:
    """The note `name` names (a file, an .eml, or "-" for standard input), parsed."""
    return parse_message(deps.notes.read(name, INPUT_MAX), name)


def parse_message(data: bytes, name: str) -> Message:
    """A Message from raw bytes: an .eml, or text with an optional `Subject:` line."""
    label = name if name != "-" else "stdin"
    if not data.strip():
        raise ValidationError(label, "is empty")
    if name.lower().endswith(".eml") or _looks_like_mail(data):
        return _parse_eml(data, label)
    return _parse_text(_decode(data, label), label)


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data[:8192]:
        raise ValidationError(label, "is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            label,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
        ) from None
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > max(8, len(text[:8192]) // 20):
        raise ValidationError(label, "is a binary file, not text")
    return text


def _clean(text: str) -> str:
    """NFC, LF line ends, controls shown as spaces (so offsets keep matching)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub(" ", text)


def _parse_text(text: str, label: str) -> Message:
    text = _clean(text)
    subject: str | None = None
    subject_line = 1
    rest = text
    consumed = 0
    leading = len(text) - len(text.lstrip("\n"))
    match = _SUBJECT_LINE.match(text, leading)
    if match:
        subject = match.group(1).strip()
        subject_line = leading + 1
        rest = text[match.end() :]
        consumed = leading + 1
        if len(subject) > 998:
            raise TooLarge(f"{label}: Subject", "is over 998 characters")
    return Message(label, _note(rest, subject, consumed, subject_line))


def _note(rest: str, subject: str | None, lines_before: int, subject_line: int) -> Note:
    """The Note for a body that starts after `lines_before` lines of the file."""
    stripped = rest.lstrip("\n")
    lines_before += len(rest) - len(stripped)
    body = stripped.rstrip()
    return Note(body=body, subject=subject, body_line=lines_before + 1, subject_line=subject_line)


def _looks_like_mail(data: bytes) -> bool:
    """Headers at the top, including a mail header other than Subject, then a blank line."""
    head = data[:16384].replace(b"\r\n", b"\n")
    match = _HEADER_BLOCK.match(head)
    if not match:
        return False
    names = {
        line.split(b":", 1)[0].strip().lower()
        for line in match.group().split(b"\n")
        if line and line[:1] not in b" \t"
    }
    return bool(names & _MAIL_HEADERS)


def _parse_eml(data: bytes, label: str) -> Message:
    import email
    import email.policy
    from email.message import EmailMessage
    from email.utils import parsedate_to_datetime

    if b"\x00" in data[:8192]:
        raise ValidationError(label, "is a binary file, not an email")
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        raw_subject = message.get("subject")
        subject = None if raw_subject is None else " ".join(str(raw_subject).split())
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            raise ValidationError(label, "has no text body")
        content = part.get_content()
    except (LookupError, ValueError, TypeError, AttributeError) as exc:
        raise ValidationError(label, f"is not a readable email ({exc})") from None
    if not isinstance(content, str):
        raise ValidationError(label, "has no text body")
    if part.get_content_subtype() == "html":
        # Only an HTML email needs html.parser: a plain note's lint does not import it.
        from followup.domain.records.text import html_text

        content = html_text(content, paragraphs=True)
    sent_at: datetime | None = None
    if message.get("date"):
        try:
            sent_at = parsedate_to_datetime(str(message["date"]))
        except (TypeError, ValueError):
            sent_at = None
        if sent_at is not None and sent_at.tzinfo is None:
            sent_at = None
    lines = data.replace(b"\r\n", b"\n").split(b"\n")
    subject_line = next(
        (i + 1 for i, line in enumerate(lines) if line.lower().startswith(b"subject:")), 1
    )
    header_lines = next((i + 1 for i, line in enumerate(lines) if not line.strip()), 0)
    body = _clean(content)
    plain = not message.is_multipart() and str(
        message.get("content-transfer-encoding", "7bit")
    ).lower() in ("7bit", "8bit", "")
    note = _note(body, subject, header_lines if plain else 0, subject_line)
    return Message(label, note, sent_at)


# --- context ---------------------------------------------------------------------------------


def other_companies(store: Store, company: str) -> tuple[str, ...]:
    """Companies of the user's open applications other than `company` (wrong-company).

    Reads listing rows (company names, no stage histories): decoding the histories of
    10,000 applications alone would take a third of `followup lint`'s budget."""
    names: dict[str, str] = {}
    for row in store.applications.list_rows([stage for stage in Stage if stage.is_open]):
        name = row.company
        if name and name.casefold() != company.casefold():
            names.setdefault(name.casefold(), name)
    return tuple(names.values())


def context_for_recipient(to: str) -> NoteContext:
    """A context that knows only who the note is for (`--to` without a debrief)."""
    return NoteContext(
        candidate_name="", company="", recipient=Person(name=fields.name("--to", to))
    )


@dataclass(frozen=True, slots=True)
class Stored:
    """What the database knows about one follow-up: its draft, kind, context and thread."""

    note: Note | None
    kind: Kind
    context: NoteContext
    thread: Thread


def from_followup(store: Store, followup_id: int) -> Stored:
    """The context of a stored follow-up, its draft (if any) and the contact's thread."""
    from followup.services.writing.compose import context_for

    followup = store.followups.get(followup_id)
    context = context_for(store, followup)
    messages = store.messages.list(contact_id=followup.contact_id) if followup.contact_id else []
    note = None
    if followup.body:
        # Shown to the user as "Subject: ...", a blank line, then the body.
        subject = followup.subject or None
        note = Note(body=followup.body, subject=subject, body_line=3 if subject else 1)
    return Stored(note=note, kind=followup.kind, context=context, thread=thread(messages))


# --- config ----------------------------------------------------------------------------------


def lint_config(
    config: LintConfig,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    home: Path | None = None,
) -> LintConfig:
    """`[lint]` from the config file, the user's words.txt, then --select/--ignore."""
    base = config
    if home is not None:
        words = _word_file(home / WORDS_FILE)
        if words:
            base = replace(base, words=base.words | words)
    return base.selecting(select, ignore)


def _word_file(path: Path) -> frozenset[str]:
    try:
        with path.open("rb") as handle:  # bounded, as a device has no size
            data = handle.read(INPUT_MAX + 1)
    except FileNotFoundError:
        return frozenset()
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read the word list: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(str(path), "the word list is not UTF-8 text") from None
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def split_rules(values: Sequence[str]) -> list[str]:
    """`--select a,b --select c` -> [a, b, c]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


# --- running ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LintOptions:
    """What one lint run checks against: the kind of message, when it goes, the rules,
    the speller and name matcher, the timing policy and holidays, and the thread so far."""

    kind: Kind = Kind.THANK_YOU
    sent_at: datetime | None = None
    config: LintConfig = linter.DEFAULT_CONFIG
    speller: Speller | None = None
    matcher: Matcher | None = None
    policies: Policies | Policy | None = None
    holidays: HolidayCalendar | None = None
    history: Thread | None = None
    now: datetime | None = None


def check(
    message: Message, context: NoteContext | None, options: LintOptions | None = None
) -> Report:
    """Lint one message; `sent_at` defaults to the .eml Date header, then to `now`."""
    o = options or LintOptions()
    policy = _policy_for(o.policies, context)
    findings = linter.lint(
        message.note,
        context,
        kind=o.kind,
        sent_at=o.sent_at or message.sent_at or o.now,
        config=o.config,
        speller=o.speller,
        matcher=o.matcher,
        policy=policy,
        holidays=o.holidays,
        thread=o.history,
    )
    return Report(message.name, findings, linter.word_count(message.note.body))


def _policy_for(policies: Policies | Policy | None, context: NoteContext | None) -> Policy:
    if policies is None:
        from followup.domain.timing.policy import DEFAULT

        return DEFAULT
    if isinstance(policies, Policy):
        return policies
    if context is None:
        return policies.default
    company = Company(name=context.company) if context.company else None
    person = context.recipient
    contact = Contact(name=person.name, email=person.email) if person else None
    return policies.for_recipient(company, contact)


def parse_kind(value: str) -> Kind:
    """A `--kind` value; the error lists the kinds."""
    try:
        return Kind(value.strip().lower())
    except ValueError:
        import difflib

        names = [k.value for k in Kind]
        close = difflib.get_close_matches(value.strip().lower(), names, n=2)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise ValidationError(
            "--kind", f"unknown kind {value!r}; {hint}use one of {', '.join(names)}"
        ) from None


# --- the shells' entry point -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LintRequest:
    """A `followup lint` run beyond the text: a context, or a stored follow-up to take the
    context, thread, kind and (with no text) the draft from; the kind; rules to select or
    ignore on top of `[lint]`; when it goes; and now."""

    context: NoteContext | None = None
    followup_id: int | None = None
    kind: Kind | None = None
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    sent_at: datetime | None = None
    now: datetime | None = None


def lint_note(deps: Deps, message: Message | None, request: LintRequest | None = None) -> Report:
    """Lint a note as `followup lint` and the web do, with the config's `[lint]`, the
    words.txt in the data folder, then the request's select/ignore. The speller runs only
    when spelling is selected, the fuzzy matcher only with a context, the holidays only
    with an interview end."""
    r = request or LintRequest()
    context, followup_id, kind = r.context, r.followup_id, r.kind
    rules = lint_config(deps.config.lint, select=r.select, ignore=r.ignore, home=deps.home)
    history: Thread | None = None
    if followup_id is not None:
        stored = from_followup(deps.store, followup_id)
        context, history, kind = stored.context, stored.thread, kind or stored.kind
        if message is None:
            if stored.note is None:
                raise ValidationError(f"follow-up {followup_id}", "has no draft; give a FILE")
            message = Message(f"followup-{followup_id}", stored.note)
    if message is None:
        raise ValidationError("FILE", "give a file, - for standard input, or --followup ID")
    return check(
        message,
        context,
        LintOptions(
            kind=kind or Kind.THANK_YOU,
            sent_at=r.sent_at,
            config=rules,
            speller=deps.speller if "spelling" in rules.rules else None,
            matcher=deps.matcher if context is not None else None,
            policies=deps.policies,
            holidays=deps.holidays if context is not None and context.interview_end else None,
            history=history,
            now=r.now,
        ),
    )
