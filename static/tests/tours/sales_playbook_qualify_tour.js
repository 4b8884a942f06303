/** @odoo-module **/

import { registry } from "@web/core/registry";

// A representative qualifies a lead on the Qualification tab and moves it
// from Customer Development to Needs Analysis.
registry.category("web_tour.tours").add("sales_playbook_qualify_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the lead to qualify",
            trigger: ".o_kanban_record:contains('Tour: Huaxin production system')",
            run: "click",
        },
        {
            content: "The gate says what is missing",
            trigger: ".o_form_view .alert-warning:contains('Industry')",
        },
        {
            content: "Try to move the unqualified lead to Needs Analysis",
            trigger: ".o_statusbar_status button[data-value]:contains('Needs Analysis')",
            run: "click",
        },
        {
            content: "Refused: the message says what to fill, the grade's fields included",
            trigger: ".modal:contains('cannot move to “Needs Analysis” yet'):contains('Urgency, Budget, or Grade Override')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The bar shows the lead's real stage, with nothing left unsaved",
            trigger: ".o_form_view:has(.o_form_saved) .o_statusbar_status button.o_arrow_button_current:contains('Customer Development')",
        },
        {
            content: "Open the Qualification tab",
            trigger: ".o_notebook .nav-link:contains('Qualification')",
            run: "click",
        },
        {
            content: "Industry",
            trigger: ".o_field_widget[name='industry_id'] input",
            run: "edit Manufacturing",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Manufacturing')",
            run: "click",
        },
        {
            content: "Company size",
            trigger: ".o_field_widget[name='size_employees'] select",
            run: 'select "500_1000"',
        },
        {
            content: "Urgency",
            trigger: ".o_field_widget[name='urgency'] select",
            run: 'select "high"',
        },
        {
            content: "Budget",
            trigger: ".o_field_widget[name='playbook_budget'] input",
            run: "edit 600000",
        },
        {
            content: "Leave the budget field so that it is applied",
            trigger: ".o_form_view .o_group .o_horizontal_separator:contains('Grade and Score')",
            run: "click",
        },
        {
            content: "The score explains itself",
            trigger: ".o_playbook_score_breakdown:contains('Industry fit')",
        },
        {
            content: "Grade A, high potential",
            trigger: ".o_field_widget[name='abc_grade_suggested']:contains('A –')",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Move to Needs Analysis",
            trigger: ".o_statusbar_status button[data-value]:contains('Needs Analysis')",
            run: "click",
        },
        {
            content: "The lead is in Needs Analysis",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Needs Analysis')",
        },
        {
            content: "Back to the pipeline",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Pipeline')",
            run: "click",
        },
        {
            content: "The card shows in the Needs Analysis column with its grade and score",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Needs Analysis')) .o_kanban_record:contains('Tour: Huaxin'):contains('91 / 100')",
        },
    ],
});
