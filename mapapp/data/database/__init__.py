"""The shared workspace on PostgreSQL/PostGIS: the same layers and columns as a GeoPackage, in the
schema `mapapp`, with who may write what enforced by the database itself (row-level security), a
version on every row and an audit table that triggers fill.

Modules: sql.py (the schema as SQL), access.py (roles and policies), setup.py (init, add-user),
read.py (a database as a workspace's Stored tables).
"""


def is_database(source) -> bool:
    """A postgresql:// URL (libpq's form), where a data folder or .gpkg path would be."""
    return str(source).startswith(("postgresql://", "postgres://"))
