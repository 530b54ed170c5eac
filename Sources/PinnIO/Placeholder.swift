// PinnIO: see README.md
