#!/bin/sh
# First start of the compose database only: the application role (no superuser, no
# BYPASSRLS, so row-level security binds it), its database, and a read-only backup role
# that pg_dump can use (it must see every account's rows).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v app_password="$FOLLOWUP_APP_PASSWORD" -v backup_password="$FOLLOWUP_BACKUP_PASSWORD" <<'SQL'
CREATE ROLE followup_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE followup OWNER followup_app;
CREATE ROLE followup_backup LOGIN PASSWORD :'backup_password' NOSUPERUSER BYPASSRLS;
GRANT pg_read_all_data TO followup_backup;
SQL
