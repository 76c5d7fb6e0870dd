"""``python -m planner`` runs the command line."""

import sys

from planner.cli._main import program

sys.exit(program())
