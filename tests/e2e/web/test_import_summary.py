"""The invite import's summary page (issue 17 §6) is kept in the store, not in one
process's memory: a restarted server, or another `serve --workers` process, shows it."""

from __future__ import annotations

from followup.adapters.clock import FixedClock
from followup.bootstrap import App
from followup.web import create_app
from tests.e2e.web.conftest import BASE, NOW, Client, make_app
from tests.e2e.web.test_pages import INVITE

SECRET = b"s" * 32


def test_the_summary_survives_a_restart_and_is_shared_by_processes(app: App) -> None:
    with Client(create_app(app, secret=SECRET), base_url=BASE, follow_redirects=False) as first:
        sent = first.post(
            "/interviews/import",
            data={"csrf_token": first.csrf, "company": "Acme", "role": "Data Engineer"},
            files={"invite": ("invite.ics", INVITE.encode(), "text/calendar")},
        )
        assert sent.status_code == 303 and sent.headers["location"] == "/interviews/imported"
        cookies = dict(first.cookies)
    app.close()
    # Another process on the same database: a fresh App and a fresh web app.
    again = make_app(FixedClock(NOW))
    try:
        server = create_app(again, secret=SECRET)
        with Client(server, base_url=BASE, follow_redirects=False, cookies=cookies) as second:
            shown = second.get("/interviews/imported")
            assert shown.status_code == 200, shown.headers.get("location")
            assert "Grace Hopper" in shown.text and "Data Engineer" in shown.text
        # Another browser session still has nothing to show there.
        with Client(server, base_url=BASE, follow_redirects=False) as other:
            assert other.get("/interviews/imported").headers["location"] == "/interviews/new"
        # Only a hash of the session is stored, never the cookie itself.
        kept = again.store.get_meta("web.last_imports") or ""
        assert kept and all(value not in kept for value in cookies.values())
    finally:
        again.close()
