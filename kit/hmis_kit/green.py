"""Make the process cooperative under eventlet (nameko 2.14 runs on it); call before other imports."""


def patch() -> None:
    import eventlet

    eventlet.monkey_patch()
    from psycogreen.eventlet import patch_psycopg

    # psycopg2 is a C extension: without this, every query blocks the whole process.
    patch_psycopg()
