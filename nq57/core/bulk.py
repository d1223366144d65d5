"""Plain multi-row writes for imports and generators of many rows.

`bulk_create` compiles every value through the ORM, which costs more than the database does
at a million rows; here each column's adaptation is looked up once, and rows go to COPY on
PostgreSQL and to the driver's `executemany` on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(field, models.DateTimeField):
        # A batch stamps one instant on every row: adapt each distinct value once.
        cache: dict[Any, Any] = {}

        def adapt(value: Any) -> Any:
            if value not in cache:
                cache[value] = field.get_db_prep_save(value, connection)
            return cache[value]

        return adapt
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        # Text JSON is what both COPY and SQLite's driver take for a JSON column.
        return json.dumps
    return lambda value: value


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT the rows (values in the order of `columns`, field names) in the current
    transaction; returns how many."""
    fields = [model._meta.get_field(name) for name in columns]
    adapters = [_adapter(field) for field in fields]  # type: ignore[arg-type]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_list = ", ".join(
        quote(str(getattr(field, "column", name)))
        for field, name in zip(fields, columns, strict=True)
    )
    # Table and column names come from model metadata, quoted; every value is a parameter.
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608  # nosec B608  # names from model metadata or constants; values are parameters
    values = [[adapt(value) for adapt, value in zip(adapters, row, strict=True)] for row in rows]
    if not values:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement: several times faster than INSERTs.
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, values)
    return len(values)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys no other row will take, for rows inserted with explicit ids (so
    their ids are known without reading them back)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE), so no other writer
        # can take these ids; inserting them moves AUTOINCREMENT's counter past them.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0), "  # noqa: S608  # nosec B608  # names from model metadata or constants; values are parameters
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


FEW_ROWS = 200  # rows added in one plain statement; more go through COPY or executemany


def add_to_rows(
    model: type[models.Model],
    keys: Sequence[str],
    amounts: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Add each row's amounts to the stored row of the same key, inserting it when there is
    none (INSERT … ON CONFLICT DO UPDATE), in the current transaction; the keys of `rows`
    must be unique. This is how rollups take a write's changes: a handful in one statement,
    an import's hundreds of thousands through COPY into a scratch table and one set-based
    statement (PostgreSQL) or `executemany` (SQLite). On PostgreSQL rows are written in the
    order of their keys, so two writers adding to the same rows lock them in one order and
    wait for each other instead of deadlocking (SQLite has one writer at a time)."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in (*keys, *amounts)]
    adapters = [_adapter(field) for field in fields]  # type: ignore[arg-type]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = [quote(str(getattr(field, "column", field.name))) for field in fields]
    key_names, amount_names = names[: len(keys)], names[len(keys) :]
    increments = ", ".join(f"{name} = {table}.{name} + EXCLUDED.{name}" for name in amount_names)
    # Names come from model metadata, quoted; every value is a parameter or COPY data.
    upsert = (
        f"INSERT INTO {table} ({', '.join(names)}) {{source}} "  # nosec B608  # names from model metadata or constants; values are parameters
        f"ON CONFLICT ({', '.join(key_names)}) DO UPDATE SET {increments}"
    )
    if len(rows) <= FEW_ROWS:
        rows = sorted(rows, key=lambda row: tuple(row[: len(keys)]))
    values = [[adapt(v) for adapt, v in zip(adapters, row, strict=True)] for row in rows]
    marks = f"({', '.join(['%s'] * len(names))})"
    with connection.cursor() as cursor:
        if len(values) <= FEW_ROWS:
            cursor.execute(
                upsert.format(source=f"VALUES {', '.join([marks] * len(values))}"),
                [value for row in values for value in row],
            )
        elif connection.vendor == "postgresql":
            scratch = quote(f"{model._meta.db_table}_in")
            columns = ", ".join(names)
            create = f"CREATE TEMP TABLE IF NOT EXISTS {scratch} ON COMMIT DROP AS SELECT"
            cursor.execute(f"{create} {columns} FROM {table} WITH NO DATA")
            with cursor.cursor.copy(f"COPY {scratch} FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            in_order = f"SELECT * FROM {scratch} ORDER BY {', '.join(key_names)}"  # noqa: S608  # nosec B608  # names from model metadata or constants; values are parameters
            cursor.execute(upsert.format(source=in_order))
            cursor.execute(f"TRUNCATE {scratch}")
        else:
            cursor.executemany(upsert.format(source=f"VALUES {marks}"), values)
