from collections import defaultdict

from odoo import api, models


class SatisfactionMarks(models.AbstractModel):
    """The customers' marks per question of their answered surveys. The answers
    live in the survey app, readable by survey officers only: they are read
    with full rights for the satisfaction records the printing user can read."""

    _name = "sales.playbook.satisfaction.marks"
    _description = "Satisfaction Survey Marks"

    @api.model
    def _marks(self, records):
        """({record: {question: mark}}, questions in survey order)"""
        answered = records.filtered(lambda r: r.state == "done")
        marks = defaultdict(dict)
        questions = self.env["survey.question"].sudo()
        lines = answered.sudo().user_input_id.user_input_line_ids.filtered(
            lambda line: line.answer_type == "scale" and not line.skipped
        )
        by_answer = {record.sudo().user_input_id: record for record in answered}
        for line in lines:
            record = by_answer[line.user_input_id]
            marks[record][line.question_id] = line.value_scale
            questions |= line.question_id
        return marks, questions.sorted(lambda q: (q.survey_id.id, q.sequence, q.id))

    @api.model
    def _average(self, values):
        values = [value for value in values if value is not None]
        return round(sum(values) / len(values), 1) if values else None


class ReportSatisfactionCustomer(models.AbstractModel):
    """满意度调研报告 of one customer: its surveys with their marks, its return
    visits and complaints."""

    _name = "report.sales_playbook.report_satisfaction_customer"
    _description = "Satisfaction Report per Customer"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        Marks = self.env["sales.playbook.satisfaction.marks"]
        details = {}
        for partner in partners:
            surveys = self.env["sales.playbook.satisfaction"].search(
                [("partner_id", "=", partner.commercial_partner_id.id)], order="date_sent, id"
            )
            marks, questions = Marks._marks(surveys)
            visits = self.env["sales.playbook.visit"].search(
                [("partner_id", "=", partner.commercial_partner_id.id), ("state", "=", "done")]
            )
            complaints = self.env["sales.playbook.complaint"].search(
                [("partner_id", "child_of", partner.commercial_partner_id.id)]
            )
            details[partner.id] = {
                "surveys": surveys,
                "marks": marks,
                "questions": questions,
                "question_average": {
                    question: Marks._average([marks[s].get(question) for s in marks])
                    for question in questions
                },
                "visits": visits,
                "visit_average": Marks._average(
                    [int(v.satisfaction) for v in visits if v.satisfaction]
                ),
                "complaints": complaints,
                "open_complaints": complaints.filtered(lambda c: c.state != "confirmed"),
            }
        return {"doc_ids": docids, "doc_model": "res.partner", "docs": partners, "details": details}


class ReportSatisfactionPeriod(models.AbstractModel):
    """满意度调研报告 per period: for each half-year of the selected surveys,
    invitations, answers, response rate, scores per question and per
    salesperson, and the customers who rated us low."""

    _name = "report.sales_playbook.report_satisfaction_period"
    _description = "Satisfaction Report per Period"

    @api.model
    def _get_report_values(self, docids, data=None):
        records = self.env["sales.playbook.satisfaction"].browse(docids)
        Marks = self.env["sales.playbook.satisfaction.marks"]
        marks, questions = Marks._marks(records)
        periods = []
        for period, group in sorted(records.grouped("period").items()):
            answered = group.filtered(lambda r: r.state == "done")
            salespeople = []
            for user, mine in answered.grouped("user_id").items():
                salespeople.append(
                    {
                        "user": user,
                        "count": len(mine),
                        "score": Marks._average(mine.mapped("score")),
                    }
                )
            periods.append(
                {
                    "period": period,
                    "records": group,
                    "answered": answered,
                    "rate": round(100.0 * len(answered) / len(group), 1) if group else 0.0,
                    "score": Marks._average(answered.mapped("score")),
                    "questions": [
                        (
                            question,
                            Marks._average(
                                [marks[r].get(question) for r in answered if r in marks]
                            ),
                        )
                        for question in questions
                    ],
                    "salespeople": sorted(salespeople, key=lambda s: s["user"].name or ""),
                    "low": answered.filtered("low_satisfaction").sorted("score"),
                }
            )
        return {
            "doc_ids": docids,
            "doc_model": "sales.playbook.satisfaction",
            "docs": records,
            "periods": periods,
        }
