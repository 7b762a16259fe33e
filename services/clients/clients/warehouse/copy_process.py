"""The process that runs one COPY of the warehouse feed (clients/warehouse/copy_out.py): it reads the database
to connect to and the COPY from its standard input (one JSON line: the DSN stays off the command line) and
writes the COPY's output to its standard output. Standard library and psycopg2 only, so it starts at once:
a rebuild starts one for each file."""
import json
import sys

import psycopg2

CHUNK_BYTES = 1 << 16


def main() -> None:
    asked = json.loads(sys.stdin.readline())
    connection = psycopg2.connect(asked["dsn"], application_name="hmis-warehouse-feed")
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.copy_expert(asked["sql"], sys.stdout.buffer, size=CHUNK_BYTES)
        connection.rollback()
    finally:
        connection.close()


if __name__ == "__main__":
    main()
