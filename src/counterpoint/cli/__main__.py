"""`python -m counterpoint.cli`: the same command as the `counterpoint` script."""

from counterpoint.cli import main

main()
