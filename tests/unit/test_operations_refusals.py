"""What an operator sees when the platform cannot or must not run: one line, a non-zero exit, no traceback."""
import os
import subprocess
import sys

A_KEY = "YS1maWVsZC1rZXktZm9yLXRoZS1jbGktdGVzdHMtMDA="
NO_KEYS = {name: value for name, value in os.environ.items() if name not in ("HMIS_FIELD_KEY", "AMQP_URI")}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, env={**NO_KEYS, **env}, capture_output=True, text=True, timeout=60)


def test_a_component_refuses_to_start_in_production_without_its_keys():
    started = run([sys.executable, "-m", "hmis_platform.serve", "identity"], HMIS_ENV="production")
    assert started.returncode == 1
    assert started.stderr.strip().splitlines() == [
        "identity: refusing to start with HMIS_ENV=production: HMIS_FIELD_KEY is not set (seals SSNs and TOTP "
        "secrets (docs/security.md, Keys)); AMQP_URI is not set (its default carries RabbitMQ's public guest:guest "
        "credentials)"]


def test_the_cli_answers_an_unreachable_database_in_one_line():
    answered = run([sys.executable, "-m", "hmis_platform", "audit", "verify"],
                   DATABASE_URL="postgresql://postgres@127.0.0.1:1/postgres", HMIS_FIELD_KEY=A_KEY)
    assert answered.returncode == 2
    lines = answered.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hmis: the database server (postgresql://postgres@127.0.0.1:1/")
    assert "check DATABASE_URL" in lines[0]


def test_the_cli_refuses_in_production_without_its_keys_and_warns_first_in_development():
    refused = run([sys.executable, "-m", "hmis_platform", "csv", "generate", "/nonexistent", "--clients", "1"],
                  HMIS_ENV="production")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "Error: refusing to start with HMIS_ENV=production: HMIS_FIELD_KEY is not set (seals SSNs and TOTP "
        "secrets (docs/security.md, Keys)); AMQP_URI is not set (its default carries RabbitMQ's public guest:guest "
        "credentials)"]
    warned = run([sys.executable, "-m", "hmis_platform", "keys", "--help"], HMIS_ENV="development")
    assert warned.stderr.splitlines() == ["HMIS_FIELD_KEY is not set: using the public development key"]
