from . import sales_playbook_gate_override
from . import sale_contract_sign
from . import comment_wizard
from . import sales_playbook_credit_release
from . import sales_playbook_new_lead
from . import sale_contract_delivery
from . import sales_playbook_cn_holiday_import
from . import sales_playbook_monthly_report
