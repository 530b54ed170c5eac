// PinnProblems: see README.md
