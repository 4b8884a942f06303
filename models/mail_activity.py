from odoo import api, fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model
    def _playbook_create_todos(self, todos):
        """The scheduled actions' to-dos, created in one go and without an
        e-mail each (they show in the assignees' activities).

        :param todos: ``(record, values)`` pairs; ``values`` holds ``user_id``,
            ``summary`` and optionally ``note`` and ``date_deadline`` (today).
        """
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        model_ids = {}
        vals_list = []
        for record, values in todos:
            if record._name not in model_ids:
                model_ids[record._name] = self.env["ir.model"]._get_id(record._name)
            vals_list.append(
                {
                    "res_model_id": model_ids[record._name],
                    "res_id": record.id,
                    "activity_type_id": todo_type.id,
                    "date_deadline": today,
                    **values,
                }
            )
        # the scheduler plans to-dos on documents whoever owns them
        return self.sudo().with_context(mail_activity_quick_update=True).create(vals_list)
