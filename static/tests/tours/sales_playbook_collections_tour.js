/** @odoo-module **/

import { registry } from "@web/core/registry";

// Finance opens the collections workbench, logs a follow-up with a promise to
// pay on an overdue milestone and prints the payment reminder letter.
registry.category("web_tour.tours").add("sales_playbook_collections_tour", {
    url: "/odoo/action-sales_playbook.action_sale_contract_milestone",
    steps: () => [
        {
            content: "The overdue milestone is on the workbench",
            trigger: ".o_list_view .o_data_row.text-danger td[name='name']:contains('Prepayment')",
            run: "click",
        },
        {
            content: "Open the follow-ups",
            trigger: ".o_notebook .nav-link:contains('Follow-ups')",
            run: "click",
        },
        {
            content: "Log a follow-up",
            trigger: ".o_field_widget[name='followup_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "What the customer said",
            trigger: ".o_field_widget[name='followup_ids'] .o_data_row .o_field_widget[name='result'] textarea",
            run: "edit Purchasing confirms the payment next week",
        },
        {
            content: "Promised date",
            trigger: ".o_field_widget[name='followup_ids'] .o_data_row .o_field_widget[name='promise_date'] input",
            run: "edit 12/31/2099",
        },
        {
            content: "Promised amount",
            trigger: ".o_field_widget[name='followup_ids'] .o_data_row .o_field_widget[name='promise_amount'] input",
            run: "edit 30000",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Logged in the chatter",
            trigger: ".o-mail-Message:contains('Promise to pay')",
        },
        {
            content: "Print the payment reminder letter",
            trigger: ".o_form_view .o_form_statusbar button:contains('Payment Reminder Letter')",
            run: "click",
        },
        {
            content: "Still on the milestone, no error",
            trigger: ".o_form_view:not(:has(.o_error_dialog)) .o_field_widget[name='followup_ids'] .o_data_row:contains('12/31/2099')",
        },
    ],
});
