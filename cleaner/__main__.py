"""`python -m cleaner` works like `clean`."""
from .cli import main

main()
