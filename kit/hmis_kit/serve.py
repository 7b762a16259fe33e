"""Start one component: `python -m hmis_kit.serve identity` (or clients, ..., policy_feed, gateway)."""
from hmis_kit.green import patch

patch()

import importlib  # noqa: E402
import sys  # noqa: E402

from hmis_kit.config import COMPONENTS  # noqa: E402


def load(component: str):
    module_name, class_name = COMPONENTS[component].split(":")
    return getattr(importlib.import_module(module_name), class_name)


def main(argv: list[str]) -> None:
    if len(argv) != 1 or argv[0] not in (*COMPONENTS, "gateway"):
        sys.exit(f"usage: python -m hmis_kit.serve {{{'|'.join((*COMPONENTS, 'gateway'))}}}")
    if argv[0] == "gateway":
        from hmis_gateway.server import serve

        serve()
        return
    from hmis_kit.service import run

    run(load(argv[0]), argv[0])


if __name__ == "__main__":
    main(sys.argv[1:])
