"""The built web app served at `/` (hmis_gateway.web_app): its files with their own content security policy, a clear
answer when it is not built, and the API's paths left to the API. The app is built on the default settings and
never connects."""
import pytest

from hmis_gateway import web_app
from hmis_gateway.app import create_app


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("HMIS_WEB_DIST", str(tmp_path))
    return create_app().test_client(), tmp_path


def test_the_app_is_served_at_the_root_with_its_own_policy(client):
    http, dist = client
    (dist / "index.html").write_text("<!doctype html><title>Harbor HMIS</title>")
    (dist / "assets").mkdir()
    (dist / "assets" / "index-1.js").write_text("console.log(1)")
    page = http.get("/")
    assert page.status_code == 200 and b"Harbor HMIS" in page.data
    assert page.headers["Content-Security-Policy"] == web_app.CONTENT_SECURITY_POLICY
    assert page.headers["Cache-Control"] == "no-store" and page.headers["X-Content-Type-Options"] == "nosniff"
    assert http.get("/assets/index-1.js").status_code == 200
    assert http.get("/assets/missing.js").status_code == 404
    assert http.get("/../secrets").status_code == 404


def test_a_deep_link_to_a_screen_gets_the_app_which_draws_it(client):
    http, dist = client
    (dist / "index.html").write_text("<!doctype html><title>Harbor HMIS</title>")
    (dist / "assets").mkdir()
    for path in ("/clients/8d1f0c1e-0000-4000-8000-000000000000", "/casework/search", "/reports"):
        page = http.get(path)
        assert page.status_code == 200 and b"Harbor HMIS" in page.data, path
        assert page.headers["Content-Security-Policy"] == web_app.CONTENT_SECURITY_POLICY
    assert http.get("/assets/gone-1.js").status_code == 404


def test_an_unbuilt_app_is_told_not_a_500(client):
    http, _ = client
    answer = http.get("/")
    assert answer.status_code == 404
    assert answer.get_json()["error"] == "web_app_not_built" and "make run" in answer.get_json()["message"]


def test_the_apis_own_paths_keep_the_apis_answers(client):
    http, dist = client
    (dist / "index.html").write_text("<!doctype html>")
    unknown = http.get("/api/v1/no-such-route")
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "not_found"
    assert http.get("/openapi.json").headers["Content-Security-Policy"].startswith("default-src 'none'")
