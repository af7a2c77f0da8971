"""The candidate's records on PostgreSQL: profile, companies, contacts and applications."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from followup.adapters.store.postgres.session import Repository, fits, ids
from followup.adapters.store.sqlite_rows import (
    APPLICATION,
    COMPANY,
    CONTACT,
    STAGES,
    application_args,
    assignments,
    company_args,
    contact_args,
    read_application,
    read_company,
    read_contact,
    tags,
    to_json,
    with_id,
)
from followup.domain.errors import Conflict, NotFound
from followup.domain.records.model import (
    Application,
    ApplicationRow,
    Company,
    Contact,
    Profile,
    Stage,
)


def marks(n: int) -> str:
    return ", ".join(["%s"] * n)


class PostgresProfile(Repository):
    def get(self) -> Profile | None:
        rows = self._read(
            "SELECT name, email, tz, country, signature, skills FROM profile WHERE account_id = %s"
        )
        if not rows:
            return None
        r = rows[0]
        return Profile(
            name=r[0], email=r[1], tz=r[2], country=r[3], signature=r[4], skills=tags(r[5])
        )

    def save(self, profile: Profile) -> None:
        with self.session.write() as conn:
            conn.execute(
                "INSERT INTO profile (account_id, id, name, email, tz, country, signature, skills)"
                " VALUES (%s, 1, %s, %s, %s, %s, %s, %s) ON CONFLICT (account_id, id) DO UPDATE"
                " SET name = excluded.name, email = excluded.email, tz = excluded.tz,"
                " country = excluded.country, signature = excluded.signature,"
                " skills = excluded.skills",
                (
                    self.account,
                    profile.name,
                    profile.email,
                    profile.tz,
                    profile.country,
                    profile.signature,
                    to_json(profile.skills),
                ),
            )


class PostgresCompanies(Repository):
    def add(self, company: Company) -> Company:
        try:
            with self.session.write() as conn:
                row = conn.execute(
                    f"INSERT INTO companies (account_id, {COMPANY}) VALUES ({marks(11)})"
                    " RETURNING id",
                    (self.account, company.id, *company_args(company)),
                ).fetchone()
        except Conflict:
            raise Conflict(f"a company called {company.name!r} already exists") from None
        assert row is not None
        return with_id(company, row[0])

    def update(self, company: Company) -> Company:
        try:
            with self.session.write() as conn:
                cur = conn.execute(
                    "UPDATE companies SET name = %s, industry = %s, country = %s, tz = %s,"
                    " domain = %s, feeds = %s, pace = %s, notes = %s, article = %s"
                    " WHERE account_id = %s AND id = %s",
                    (*company_args(company), self.account, company.id),
                )
        except Conflict:
            raise Conflict(f"a company called {company.name!r} already exists") from None
        if not fits(company.id) or cur.rowcount == 0:
            raise NotFound("company", company.id)
        return company

    def get(self, company_id: int) -> Company:
        rows = (
            self._read(
                f"SELECT {COMPANY} FROM companies WHERE account_id = %s AND id = %s", (company_id,)
            )
            if fits(company_id)
            else []
        )
        if not rows:
            raise NotFound("company", company_id)
        return read_company(rows[0])

    def find(self, name: str) -> Company | None:
        rows = self._read(
            f"SELECT {COMPANY} FROM companies WHERE account_id = %s AND lower(name) = lower(%s)",
            (name,),
        )
        return read_company(rows[0]) if rows else None

    def list(self) -> builtins.list[Company]:
        return [
            read_company(r)
            for r in self._read(
                f"SELECT {COMPANY} FROM companies WHERE account_id = %s ORDER BY id"
            )
        ]

    def find_many(self, company_ids: Iterable[int]) -> dict[int, Company]:
        wanted = ids(company_ids)
        if not wanted:
            return {}
        rows = self._read(
            f"SELECT {COMPANY} FROM companies WHERE account_id = %s AND id = ANY(%s)", (wanted,)
        )
        return {r[0]: read_company(r) for r in rows}


class PostgresContacts(Repository):
    def _email_taken(self, email: str) -> Conflict:
        owner = self.find_by_email(email)
        who = f" (contact {owner.id}, {owner.name})" if owner else ""
        return Conflict(f"email: {email} already belongs to another contact{who}")

    def add(self, contact: Contact) -> Contact:
        try:
            with self.session.write() as conn:
                row = conn.execute(
                    f"INSERT INTO contacts (account_id, {CONTACT}) VALUES ({marks(18)})"
                    " RETURNING id",
                    (self.account, contact.id, *contact_args(contact)),
                ).fetchone()
        except Conflict:
            raise self._email_taken(contact.email) from None
        assert row is not None
        return with_id(contact, row[0])

    def update(self, contact: Contact) -> Contact:
        try:
            with self.session.write() as conn:
                cur = conn.execute(
                    f"UPDATE contacts SET {assignments(CONTACT, '%s')}"
                    " WHERE account_id = %s AND id = %s",
                    (*contact_args(contact), self.account, contact.id),
                )
        except Conflict:
            raise self._email_taken(contact.email) from None
        if not fits(contact.id) or cur.rowcount == 0:
            raise NotFound("contact", contact.id)
        return contact

    def get(self, contact_id: int) -> Contact:
        rows = (
            self._read(
                f"SELECT {CONTACT} FROM contacts WHERE account_id = %s AND id = %s", (contact_id,)
            )
            if fits(contact_id)
            else []
        )
        if not rows:
            raise NotFound("contact", contact_id)
        return read_contact(rows[0])

    def find_by_email(self, email: str) -> Contact | None:
        if not email:
            return None
        rows = self._read(
            f"SELECT {CONTACT} FROM contacts WHERE account_id = %s AND lower(email) = lower(%s)",
            (email,),
        )
        return read_contact(rows[0]) if rows else None

    def list(self, company_id: int | None = None, *, texts: bool = True) -> builtins.list[Contact]:
        sql = f"SELECT {CONTACT} FROM contacts WHERE account_id = %s"
        if company_id is None:
            rows = self._read(sql + " ORDER BY id")
        elif not fits(company_id):
            rows = []
        else:
            rows = self._read(sql + " AND company_id = %s ORDER BY id", (company_id,))
        return [read_contact(r) for r in rows]

    def find_many(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        wanted = ids(contact_ids)
        if not wanted:
            return {}
        rows = self._read(
            f"SELECT {CONTACT} FROM contacts WHERE account_id = %s AND id = ANY(%s)", (wanted,)
        )
        return {r[0]: read_contact(r) for r in rows}


def stage_filter(stages: Sequence[Stage] | None) -> tuple[str, builtins.list[Any]]:
    """The `AND ...` for a stage filter and its argument."""
    if stages is None:
        return "", []
    return " AND stage = ANY(%s)", [[s.value for s in stages]]


class PostgresApplications(Repository):
    def add(self, application: Application) -> Application:
        with self.session.write() as conn:
            self.session.require(conn, "companies", "company", application.company_id)
            row = conn.execute(
                f"INSERT INTO applications (account_id, {APPLICATION}) VALUES ({marks(11)})"
                " RETURNING id",
                (self.account, application.id, *application_args(application)),
            ).fetchone()
        assert row is not None
        return with_id(application, row[0])

    def update(self, application: Application) -> Application:
        if not fits(application.id):
            raise NotFound("application", application.id)
        with self.session.write() as conn:
            cur = conn.execute(
                "UPDATE applications SET company_id = %s, role = %s, stage = %s, source = %s,"
                " url = %s, decision_by = %s, created_at = %s, history = %s, notes = %s"
                " WHERE account_id = %s AND id = %s",
                (*application_args(application), self.account, application.id),
            )
            if cur.rowcount == 0:
                raise NotFound("application", application.id)
        return application

    def get(self, application_id: int) -> Application:
        rows = (
            self._read(
                f"SELECT {APPLICATION} FROM applications WHERE account_id = %s AND id = %s",
                (application_id,),
            )
            if fits(application_id)
            else []
        )
        if not rows:
            raise NotFound("application", application_id)
        return read_application(rows[0])

    def list(
        self, stages: Sequence[Stage] | None = None, limit: int | None = None
    ) -> builtins.list[Application]:
        where, args = stage_filter(stages)
        sql = f"SELECT {APPLICATION} FROM applications WHERE account_id = %s{where} ORDER BY id"
        if limit is not None:
            sql += " LIMIT %s"
            args.append(limit)
        return [read_application(r) for r in self._read(sql, args)]

    def list_rows(self, stages: Sequence[Stage] | None = None) -> builtins.list[ApplicationRow]:
        where, args = stage_filter(stages)
        names: dict[int, str] = dict(
            self._read("SELECT id, name FROM companies WHERE account_id = %s")
        )
        found, on = STAGES, date.fromisoformat
        return [
            ApplicationRow(
                r[0],
                r[1],
                names.get(r[1], ""),
                r[2],
                found[r[3]],
                None if r[4] is None else on(r[4]),
            )
            for r in self._read(
                "SELECT id, company_id, role, stage, decision_by FROM applications"
                f" WHERE account_id = %s{where} ORDER BY id",
                args,
            )
        ]

    def find_many(self, application_ids: Iterable[int]) -> dict[int, Application]:
        wanted = ids(application_ids)
        if not wanted:
            return {}
        rows = self._read(
            f"SELECT {APPLICATION} FROM applications WHERE account_id = %s AND id = ANY(%s)",
            (wanted,),
        )
        return {r[0]: read_application(r) for r in rows}
