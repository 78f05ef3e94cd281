from flask import Flask, abort, jsonify

from app.inventory import find_item, list_items

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.get("/items")
def items():
    return jsonify(list_items())


@app.get("/items/<sku>")
def item(sku: str):
    found = find_item(sku)
    if found is None:
        abort(404)
    return found


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
