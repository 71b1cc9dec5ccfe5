from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

from redrider.core.audit import audit_record

SESSION_KEY = "last_seen"


class StaffIdleTimeoutMiddleware:
    """Ends a staff session after STAFF_IDLE_SECONDS without a request.

    Riders keep long sessions (phones, weak signal); staff desks are shared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff_role:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            if last is not None and now - float(last) > settings.STAFF_IDLE_SECONDS:
                audit_record(actor=user, action="session.idle_timeout", obj=user)
                logout(request)
            else:
                request.session[SESSION_KEY] = now
        return self.get_response(request)
