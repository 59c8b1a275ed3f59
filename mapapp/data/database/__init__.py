"""The shared workspace on PostgreSQL/PostGIS: the same layers and columns as a GeoPackage, in the
schema `mapapp`, with who may write what enforced by the database itself (row-level security), a
version on every row and an audit table that triggers fill.

Modules: sql.py (the schema as SQL), access.py (roles and policies), setup.py (init, add-user),
read.py (a database as a workspace's Stored tables), save.py (versions and conflicts), checkout.py
(a GeoPackage for a trip). This module stays light: the window names a source without psycopg.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

# The group roles (access.py): one per agency, a reader, an admin; what `db add-user --agency` takes.
AGENCY_ROLES = {"NPA": "mapapp_npa", "MJIB": "mapapp_mjib", "CGA": "mapapp_cga", "CUSTOMS": "mapapp_customs"}
READER, ADMIN = "mapapp_reader", "mapapp_admin"
GROUPS = {**AGENCY_ROLES, "reader": READER, "admin": ADMIN}


def is_database(source) -> bool:
    """A postgresql:// URL (libpq's form), where a data folder or .gpkg path would be."""
    return str(source).startswith(("postgresql://", "postgres://"))


def where(url: str) -> str:
    """user@host:port/database of a URL, never its password (for titles and messages)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = parts.hostname or query.get("host", ["localhost"])[0]
    port = parts.port or query.get("port", ["5432"])[0]
    return f"{parts.username or ''}@{host}:{port}{parts.path}"


def source_name(source) -> str:
    """How the window names a data source: a file or folder's name, or a shared workspace's where()."""
    return where(str(source)) if is_database(source) else Path(source).name


def local_time(moment) -> str:
    """A timestamp from the server as the user reads it: this machine's local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
