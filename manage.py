#!/usr/bin/env python
"""Same as the `redrider` console command, for those who expect manage.py."""

from config.manage import main

if __name__ == "__main__":
    main()
