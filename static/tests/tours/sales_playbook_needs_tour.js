/** @odoo-module **/

import { registry } from "@web/core/registry";

// A representative records a SPIN interview and a must-have need.
registry.category("web_tour.tours").add("sales_playbook_needs_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the opportunity in needs analysis",
            trigger: ".o_kanban_record:contains('Tour: Jiangnan MES')",
            run: "click",
        },
        {
            content: "Open the Needs Analysis tab",
            trigger: ".o_notebook .nav-link:contains('Needs Analysis')",
            run: "click",
        },
        {
            content: "Add a SPIN record",
            trigger: ".o_field_widget[name='spin_record_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Interviewee",
            trigger: ".modal .o_field_widget[name='contact_name'] input",
            run: "edit Zhou Hong",
        },
        {
            content: "Situation",
            trigger: ".modal .o_field_widget[name='situation'] textarea",
            run: "edit Three plants plan in spreadsheets",
        },
        {
            content: "Problem",
            trigger: ".modal .o_field_widget[name='problem'] textarea",
            run: "edit Rush orders take two days to re-plan",
        },
        {
            content: "Save the SPIN record",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The SPIN record is listed",
            trigger: ".o_field_widget[name='spin_record_ids'] .o_data_row:contains('Zhou Hong')",
        },
        {
            content: "Add a need",
            trigger: ".o_field_widget[name='need_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Describe the must-have need",
            trigger: ".o_field_widget[name='need_ids'] .o_data_row .o_field_widget[name='name'] input",
            run: "edit Scheduling across three plants",
        },
        {
            content: "Save the opportunity",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, and the gate still asks for the review",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view .alert-warning:contains('Every must-have need reviewed')",
        },
    ],
});

// After the pre-sales review, the representative records a meeting with a
// strong intention and finds the contract-draft activity planned. Started on
// the opportunity's form (the test passes its URL).
registry.category("web_tour.tours").add("sales_playbook_meeting_tour", {
    steps: () => [
        {
            content: "Open the Negotiation tab",
            trigger: ".o_notebook .nav-link:contains('Negotiation')",
            run: "click",
        },
        {
            content: "Add a meeting record",
            trigger: ".o_field_widget[name='meeting_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Customer attendees",
            trigger: ".modal .o_field_widget[name='customer_attendees'] textarea",
            run: "edit Zhou Hong (COO)",
        },
        {
            content: "Strong intention",
            trigger: ".modal .o_field_widget[name='intention'] select",
            run: 'select "strong"',
        },
        {
            content: "Save the meeting record",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='meeting_ids'] .o_data_row:contains('Strong Intention')",
        },
        {
            content: "Save the opportunity",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "The contract draft is planned",
            trigger: ".o-mail-Activity:contains('Send the contract draft')",
        },
    ],
});
