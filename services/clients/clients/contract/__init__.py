"""The clients service's contract: all the gateway and other services may import of it.

schemas.py: request and response schemas, and the constants a caller needs (the upload's part size, the
import agency, match decisions); events.py: the events it publishes and their payload fields;
records.py: the kinds of HUD records an enrollment carries, and the project descriptors.
It imports marshmallow, the kit's light modules and the HUD specification and rules (hud.fy2026), no
other module of the service, so importing it loads no models, domain or CSV code
(tests/unit/test_import_boundaries.py). The service uses the same modules: one shape, no copies.
"""
