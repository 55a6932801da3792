"""Storage: the SQLite file, its schema and migrations, the seed, and every SQL statement.

- ``database``: opening the file, first-use creation, transactions, SQLite errors → KkbError.
- ``migrations``: the numbered schema versions (``PRAGMA user_version``).
- ``seed``: loading ``data/seed.sql``, shipped inside the package.
- ``repository``: the queries and writes the commands use.
"""
