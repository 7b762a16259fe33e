"""`python -m hmis_platform ...`: the `hmis` command where its console script is not installed."""
from hmis_platform.cli import main

main()
