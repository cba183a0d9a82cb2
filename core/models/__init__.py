"""All mapped models; importing this package registers them on ``Base.metadata``."""

from core.models.audit import AuditEvent
from core.models.cases import CaseDecision, Complaint, CompensationGiven, SanctionGiven
from core.models.case_files import EvidenceFile, Letter, LetterCounter
from core.models.identity import ApiToken, LoginAttempt, User
from core.models.pauses import RequestPause
from core.models.public import CitizenResponse, PublicRateEvent
from core.models.services import ServiceRequest, ServiceType
from core.models.tenants import DayOff, KaharPeriod, Tenant, TenantDecree
from core.models.scheduling import DailySummary, Notification, SchedulerLease

__all__ = [
    "ApiToken", "AuditEvent", "CaseDecision", "Complaint", "CompensationGiven", "DayOff", "KaharPeriod",
    "LoginAttempt", "RequestPause", "SanctionGiven", "ServiceRequest", "ServiceType", "Tenant", "TenantDecree", "User",
    "DailySummary", "Notification", "SchedulerLease",
    "EvidenceFile", "Letter", "LetterCounter",
]
__all__ += ["CitizenResponse", "PublicRateEvent"]
from core.models.proposals import SanctionProposal  # noqa: E402

__all__ += ["SanctionProposal"]

from core.models.rollups import IndicatorRollup  # noqa: E402

__all__ += ["IndicatorRollup"]
