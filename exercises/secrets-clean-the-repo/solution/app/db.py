"""Postgres access."""

import psycopg

from app import config


def insert_order(item: str, quantity: int) -> int:
    with psycopg.connect(config.DATABASE_URL) as conn:
        row = conn.execute(
            "INSERT INTO orders (item, quantity) VALUES (%s, %s) RETURNING id",
            (item, quantity),
        ).fetchone()
        return row[0]
