/** @odoo-module **/

import { registry } from "@web/core/registry";

// An expense report of Rep One, step by step, each by its role: the rep
// submits it (the remaining budget of the team shows), the team leader
// approves it, finance audits it. Each tour starts on the web client's
// first screen.
function openReport(menu) {
    return [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Expenses app",
            trigger: ".o_app[data-menu-xmlid='hr_expense.menu_hr_expense_root']",
            run: "click",
        },
        ...menu,
        {
            content: "Rep One's report",
            trigger: ".o_list_view .o_data_row:contains('Customer visits in Suzhou') td.o_data_cell",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("sales_playbook_expense_submit_tour", {
    steps: () => [
        ...openReport([
            {
                content: "My Expenses menu",
                trigger: ".o_main_navbar [data-menu-xmlid='hr_expense.menu_hr_expense_my_expenses']",
                run: "click",
            },
            {
                content: "My Reports",
                trigger: "[data-menu-xmlid='hr_expense.menu_hr_expense_sheet_my_reports']",
                run: "click",
            },
        ]),
        {
            content: "The remaining budget shows before submitting",
            trigger: ".o_field_widget[name='playbook_budget_remaining']:contains('700.00')",
        },
        {
            content: "Submit to the manager",
            trigger: ".o_form_view button[name='action_submit_sheet']",
            run: "click",
        },
        {
            content: "Submitted, waiting for the approvals",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='submit']",
        },
    ],
});

function validate() {
    return [
        {
            content: "Approve my step",
            trigger: ".o_form_view button[name='validate_tier']",
            run: "click",
        },
        {
            content: "My step is approved",
            trigger: ".o_form_view:not(:has(button[name='validate_tier']))",
        },
    ];
}

const reports = [
    {
        content: "Expense Reports menu",
        trigger: ".o_main_navbar [data-menu-xmlid='hr_expense.menu_hr_expense_report']",
        run: "click",
    },
];

registry.category("web_tour.tours").add("sales_playbook_expense_approve_tour", {
    steps: () => [
        ...openReport(reports),
        {
            content: "The report is over no budget",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Budget Check')",
            run: "click",
        },
        {
            content: "The budget check lists the travel of the month",
            trigger: ".o_field_widget[name='playbook_budget_summary'] td:contains('Travel')",
        },
        ...validate(),
    ],
});

registry.category("web_tour.tours").add("sales_playbook_expense_audit_tour", {
    steps: () => [
        ...openReport(reports),
        ...validate(),
        {
            content: "Audited: the report is approved, its journal entry drafted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='approve']",
        },
    ],
});
