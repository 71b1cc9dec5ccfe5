"""Writes of the rider census. Each public service is `<entity>_<verb>(*, actor, ...)`, atomic,
raises DomainError, and writes its own audit rows."""

from .claims import claim_decide, claim_submit  # noqa: F401
from .exports import (  # noqa: F401
    export_files_expire,
    export_job_create,
    export_job_download,
    export_job_run,
    riders_export_xlsx,
)
from .imports import (  # noqa: F401
    errors_report_xlsx,
    import_job_commit,
    import_job_create,
    import_job_run,
)
from .liaison import (  # noqa: F401
    company_create,
    company_liaison_assign,
    problem_transition,
    visit_record,
)
from .registration import (  # noqa: F401
    Registration,
    rider_register,
    sms_code_send,
    sms_code_verify,
)
from .riders import (  # noqa: F401
    rider_consent_record,
    rider_consent_withdraw,
    rider_reveal,
    rider_status_set,
)
from .surveys import (  # noqa: F401
    survey_answer,
    survey_create,
    survey_report_docx,
    survey_status_set,
)
