"""The browser app (web/, built by Vite into web/dist) served at `/`, beside the API under /api/v1.

Its files are Flask's static files (endpoint `static`): no route of the API, no policy decision, since they
hold no data. Any other path outside /api/ and /assets/ is one of the app's own screens (a deep link, a reload
on /clients/...): it gets index.html, and the app's router draws the screen; every datum the app shows comes through the API with the session's own decisions. The app
gets a content security policy of its own (the API's allows nothing to load): its own scripts, its own
styles plus the inline ones the component library injects, no framing.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, abort, jsonify, send_from_directory
from werkzeug.security import safe_join

DIST = Path(__file__).resolve().parents[2] / "web" / "dist"
INDEX = "index.html"
ASSETS = "assets/"  # Vite's bundles: a missing one is a 404, never the app's page in its place
CONTENT_SECURITY_POLICY = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                           "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
NOT_BUILT = {"error": "web_app_not_built",
             "message": "the web app is not built: `make run` builds it (or `npm ci && npm run build` in web/)"}


def dist() -> Path:
    return Path(os.environ.get("HMIS_WEB_DIST", DIST))


def register(app: Flask) -> None:
    def serve(filename: str):
        if filename.startswith("api/"):
            abort(404)  # an API path no route has is the API's 404, not the app's
        folder = dist()
        if not (folder / INDEX).is_file():
            return jsonify(NOT_BUILT), 404
        target = safe_join(str(folder), filename)
        if target is None:
            abort(404)  # a path climbing out of the folder
        if not filename.startswith(ASSETS) and not Path(target).is_file():
            filename = INDEX
        response = send_from_directory(folder, filename)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response

    app.add_url_rule("/", endpoint="static", view_func=serve, defaults={"filename": INDEX})
    app.add_url_rule("/<path:filename>", endpoint="static", view_func=serve)
