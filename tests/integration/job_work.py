"""Work for the jobs the tests run in real worker processes (`python -m hmis_kit.jobs`), which import it."""
import time


def wait_for_ever(job) -> None:
    """Running until its process is killed."""
    job.total(10)
    job.advance(1)
    while True:
        time.sleep(0.1)
