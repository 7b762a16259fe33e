"""The consent service's contract: all the gateway and other services may import of it.

schemas.py: request and response schemas; events.py: the events it publishes and their payloads;
rules.py: what a consent may say, which the schemas and the domain both apply.
It imports marshmallow and the kit's light modules, no other module of the service, so importing it
loads no models or domain code (tests/unit/test_import_boundaries.py). The service uses the same modules.
"""
