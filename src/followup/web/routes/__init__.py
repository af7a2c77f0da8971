"""The web app's routes, one module per page or feature; the API under /api."""

from __future__ import annotations

from fastapi import APIRouter

from followup.web.routes import (
    api_records,
    api_work,
    calendar,
    contacts,
    drafts,
    habits,
    health,
    interviews,
    login,
    network,
    pipeline,
    settings,
    today,
)

ROUTERS: tuple[APIRouter, ...] = (
    today.router,
    pipeline.router,
    interviews.router,
    drafts.router,
    network.router,
    contacts.router,
    habits.router,
    settings.router,
    calendar.router,
    login.router,
    health.router,
    api_records.router,
    api_work.router,
)
