from . import sales_playbook_gate_override
