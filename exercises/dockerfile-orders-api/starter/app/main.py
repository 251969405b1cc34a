"""orders-api: a small FastAPI service that keeps orders in memory."""

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="orders-api")


class OrderIn(BaseModel):
    item: str
    quantity: int = 1


class Order(OrderIn):
    id: int


_orders: dict[int, Order] = {}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/orders")
def list_orders() -> list[Order]:
    return list(_orders.values())


@app.post("/orders", status_code=201)
def create_order(order: OrderIn) -> Order:
    new = Order(id=len(_orders) + 1, **order.model_dump())
    _orders[new.id] = new
    return new


@app.get("/orders/{order_id}")
def get_order(order_id: int) -> Order:
    if order_id not in _orders:
        raise HTTPException(status_code=404, detail="order not found")
    return _orders[order_id]
