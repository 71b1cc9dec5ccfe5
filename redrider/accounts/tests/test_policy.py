"""The policy: unknown actions fail loudly, the matrix doc is generated from it and current."""

import pytest
from django.core.management import call_command

from redrider.accounts import policy


def test_an_unknown_action_is_an_error_not_a_quiet_refusal(county_officer):
    # given an action nobody declared / when it is asked / then it raises
    with pytest.raises(KeyError):
        policy.can(county_officer, "nowhere.nothing")


def test_an_anonymous_user_may_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    for name in policy.ACTIONS:
        assert policy.can(AnonymousUser(), name) is False, name


def test_declaring_an_action_twice_is_refused():
    name = next(iter(policy.ACTIONS), None)
    if name is None:
        pytest.skip("no actions declared")
    with pytest.raises(ValueError):
        policy.rule(name, policy.is_officer)


def test_the_permissions_doc_is_generated_from_the_policy_and_current():
    # then docs/permissions.md equals what the policy renders (run `redrider permissions_doc`)
    call_command("permissions_doc", "--check")
