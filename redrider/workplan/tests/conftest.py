from .factories import clock  # noqa: F401  (the fixed clock for every work-plan test)
