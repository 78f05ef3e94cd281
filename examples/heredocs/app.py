"""Serve the static directory on the port named in the config file."""

import configparser
import functools
import os
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


def load_config(path: str) -> configparser.ConfigParser:
    cfg = configparser.ConfigParser()
    if not cfg.read(path):
        raise SystemExit(f"cannot read config {path}")
    return cfg


def main() -> None:
    cfg = load_config(os.environ.get("APP_CONFIG", "/etc/app.conf"))
    port = cfg.getint("server", "port")
    static_dir = cfg.get("server", "static_dir")

    handler = functools.partial(SimpleHTTPRequestHandler, directory=static_dir)
    with ThreadingHTTPServer(("0.0.0.0", port), handler) as server:
        print(f"serving {static_dir} on :{port}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
