"""In-memory stand-in for the warehouse database."""

_ITEMS = {
    "MUG-BLK": {"sku": "MUG-BLK", "name": "Black mug", "on_hand": 42},
    "TEE-M-WHT": {"sku": "TEE-M-WHT", "name": "White tee (M)", "on_hand": 7},
    "CAP-NVY": {"sku": "CAP-NVY", "name": "Navy cap", "on_hand": 0},
}


def list_items() -> list[dict]:
    return list(_ITEMS.values())


def find_item(sku: str) -> dict | None:
    return _ITEMS.get(sku.upper())
