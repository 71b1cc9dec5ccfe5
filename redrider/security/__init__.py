"""The attack kept as a suite (tests only, no models, no app registration).

`tests/` holds the access matrix over every operation of the OpenAPI schema that takes an id,
the schemathesis run against a live server, the personal-data sweep over API answers, pages,
exports and logs, and the least-privilege checks. See docs/security.md.
"""
