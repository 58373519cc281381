import sys

from statustui.cli import main

sys.exit(main())
