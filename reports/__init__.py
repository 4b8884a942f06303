from . import report_satisfaction
from . import sales_playbook_collection_report
from . import report_payment_reminder
from . import sales_playbook_kpi_mixin
from . import sales_playbook_kpi
from . import sales_playbook_kpi_daily
from . import report_monthly_results
from . import sales_playbook_expense_report
