"""Run the command line as ``python -m followup``."""

from followup.cli import main

main()
