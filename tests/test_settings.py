"""The settings every entry point starts from (production is the default, DESIGN §4.8)."""

from config.settings import base


def test_passwords_are_hashed_with_argon2_in_production_settings():
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
