// PinnReference: see README.md
