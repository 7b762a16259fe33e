"""Make the process cooperative under eventlet; call before anything else is imported.

nameko 2.14 runs on eventlet. eventlet prints a deprecation notice on import (it is in maintenance
mode); that one warning is silenced on purpose, every other warning still shows.
"""
import warnings


def patch() -> None:
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
    from psycogreen.eventlet import patch_psycopg

    # psycopg2 is a C extension: without this, every query blocks the whole process.
    patch_psycopg()
