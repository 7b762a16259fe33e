"""Start one component: `python -m hmis_platform.serve identity` (or clients, ..., policy_feed, gateway)."""
from hmis_kit.green import patch

patch()

import importlib  # noqa: E402
import sys  # noqa: E402

from hmis_kit import config  # noqa: E402
from hmis_platform.components import COMPONENTS, GATEWAY, service_url  # noqa: E402


def load(component: str):
    """The nameko service class a component runs (the components table names it)."""
    module_name, class_name = COMPONENTS[component].service.split(":")
    return getattr(importlib.import_module(module_name), class_name)


def main(argv: list[str]) -> None:
    if len(argv) != 1 or argv[0] not in COMPONENTS:
        sys.exit(f"usage: python -m hmis_platform.serve {{{'|'.join(COMPONENTS)}}}")
    component = COMPONENTS[argv[0]]
    from hmis_kit import config, crypto

    refused = crypto.refusal(config.load())
    if refused:
        sys.exit(f"{component.name}: {refused}")
    if component is GATEWAY:
        from hmis_gateway.server import serve

        serve(component.port, service_url(config.load(), "clients"))
        return
    from hmis_kit.service import run

    run(load(component.name), component.name, component.port)


if __name__ == "__main__":
    main(sys.argv[1:])
