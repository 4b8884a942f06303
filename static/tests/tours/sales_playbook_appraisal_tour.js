/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson's monthly appraisal, step by step, each by its role: the
// supervisor rates it (the salesperson has assessed themselves and a
// colleague has rated the teamwork), the director publishes it, the
// salesperson reads it. Each tour starts on the web client's first screen.
function openAppraisals() {
    return [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "CRM app",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            content: "Performance menu",
            trigger: ".o_main_navbar [data-menu-xmlid='sales_playbook.menu_appraisal_root']",
            run: "click",
        },
        {
            content: "Appraisals",
            trigger: "[data-menu-xmlid='sales_playbook.menu_appraisal']",
            run: "click",
        },
        {
            content: "Rep One's appraisal",
            trigger: ".o_list_view .o_data_row:contains('Rep One') td.o_data_cell[name='user_id']",
            run: "click",
        },
    ];
}

function rate(criterion, label) {
    return [
        {
            content: `Rate ${criterion}`,
            trigger: `.o_field_widget[name='line_ids'] .o_data_row:contains('${criterion}') td[name='rating']`,
            run: "click",
        },
        {
            trigger: `.o_field_widget[name='line_ids'] .o_data_row.o_selected_row:contains('${criterion}') td[name='rating'] select`,
            run: `selectByLabel ${label}`,
        },
    ];
}

registry.category("web_tour.tours").add("sales_playbook_appraisal_rate_tour", {
    steps: () => [
        ...openAppraisals(),
        {
            content: "The self-assessment is in",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Supervisor Rating')",
        },
        {
            content: "The sales figure read from the board",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Sales amount against target')",
        },
        ...rate("Customer satisfaction", "Excellent"),
        ...rate("Work attitude", "Good"),
        ...rate("Communication", "Excellent"),
        ...rate("Compliance with the sales manual", "Excellent"),
        {
            content: "Comments page",
            trigger: ".o_notebook .nav-link:contains('Comments')",
            run: "click",
        },
        {
            content: "The supervisor's comments",
            trigger: ".o_field_widget[name='supervisor_comment'] textarea",
            run: "edit Good with customers; the figures are far from the target.",
        },
        {
            content: "The improvement plan agreed",
            trigger: ".o_field_widget[name='improvement_plan'] textarea",
            run: "edit Two visits a week and a pipeline review every Friday.",
        },
        {
            content: "Send for the director's approval",
            trigger: ".o_form_view .o_form_statusbar button[name='action_submit_rating']",
            run: "click",
        },
        {
            content: "With the director",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Director Approval')",
        },
    ],
});

registry.category("web_tour.tours").add("sales_playbook_appraisal_publish_tour", {
    steps: () => [
        ...openAppraisals(),
        {
            content: "The grade the total reaches",
            trigger: ".o_form_view .o_field_widget[name='grade_id']:contains('D')",
        },
        {
            content: "Publish",
            trigger: ".o_form_view .o_form_statusbar button[name='action_publish']",
            run: "click",
        },
        {
            content: "Published",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Published')",
        },
    ],
});

registry.category("web_tour.tours").add("sales_playbook_appraisal_read_tour", {
    steps: () => [
        ...openAppraisals(),
        {
            content: "Published to Rep One",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Published')",
        },
        {
            content: "The result",
            trigger: ".o_form_view .o_field_widget[name='total_score']:contains('33')",
        },
        {
            content: "Comments page",
            trigger: ".o_notebook .nav-link:contains('Comments')",
            run: "click",
        },
        {
            content: "The improvement plan",
            trigger: ".o_field_widget[name='improvement_plan']:contains('pipeline review every Friday')",
        },
    ],
});
