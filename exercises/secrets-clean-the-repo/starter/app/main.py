"""orders-service: stores orders in Postgres and keeps a receipt for each one in S3."""

from fastapi import FastAPI
from pydantic import BaseModel

from app import db, storage

app = FastAPI(title="orders-service")


class OrderIn(BaseModel):
    item: str
    quantity: int = 1


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/orders", status_code=201)
def create_order(order: OrderIn) -> dict[str, int]:
    order_id = db.insert_order(order.item, order.quantity)
    storage.put_receipt(order_id, f"{order.quantity} x {order.item}\n")
    return {"id": order_id}
