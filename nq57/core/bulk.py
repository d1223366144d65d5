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
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
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
            f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0), "  # noqa: S608
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))
