from . import test_scoring
from . import test_domain_eval
from . import test_stage_gate
from . import test_first_contact
from . import test_security
from . import test_reports
from . import test_kanban_queries
from . import test_tours
