"""A database of its own on the PostgreSQL server the benchmark was given, created with psql and dropped at the end."""
import os
import shutil
import subprocess

# Npgsql connection string keys and the libpq environment variables psql reads.
KEYS = {"host": "PGHOST", "server": "PGHOST", "port": "PGPORT", "username": "PGUSER", "user id": "PGUSER", "userid": "PGUSER",
        "user": "PGUSER", "password": "PGPASSWORD"}


def _psql_env(connection_string: str) -> dict[str, str]:
    env = {**os.environ, "PGDATABASE": "postgres"}
    for part in connection_string.split(";"):
        if "=" in part:
            key, value = part.split("=", 1)
            if key.strip().lower() in KEYS:
                env[KEYS[key.strip().lower()]] = value.strip()
    return env


def _psql(connection_string: str, sql: str) -> None:
    psql = shutil.which("psql") or "psql"
    subprocess.run([psql, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], env=_psql_env(connection_string), check=True, timeout=60,
                   stdout=subprocess.DEVNULL)


def create_database(connection_string: str, suffix: str = "") -> tuple[str, str]:
    """Returns (database name, connection string for it); suffix tells apart several databases of one run."""
    name = f"fastcms_bench_{os.getpid()}{suffix}"
    _psql(connection_string, f"CREATE DATABASE {name}")
    parts = [p for p in connection_string.split(";") if p.strip() and p.split("=", 1)[0].strip().lower() != "database"]
    return name, ";".join(parts + [f"Database={name}"])


def drop_database(connection_string: str, name: str) -> None:
    _psql(connection_string, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
