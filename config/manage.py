"""The `redrider` console command: the project's manage.py.

Production settings unless DJANGO_SETTINGS_MODULE names others: on a workstation use
`DJANGO_SETTINGS_MODULE=config.settings.dev` (what `make demo` sets).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
