"""The platform: what runs Harbor HMIS as a whole, above the services and the gateway.

components (every process it runs: the class it serves, its HTTP port, its database), serve (start one:
`python -m hmis_platform.serve <component>`), launch (`hmis run`: all of them under honcho, with demo
data), cli (`hmis`), demo and onboarding (demo data through the public API).

It alone knows every component by name. It may import the kit, the gateway, each service's contract and
each service's entry points (its `service` module, run by name; the clients CSV commands, which `hmis csv`
runs); nothing below it imports it (tests/unit/test_import_boundaries.py).
"""
