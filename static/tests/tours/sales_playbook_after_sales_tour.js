/** @odoo-module **/

import { registry } from "@web/core/registry";

// The salesperson records the customer's passed acceptance of a signed
// contract, then this month's return visit, then a referral the customer
// gave at the visit. Started on the contract's form (the test passes its URL).
registry.category("web_tour.tours").add("sales_playbook_after_sales_tour", {
    steps: () => [
        {
            content: "Open the fulfilment page",
            trigger: ".o_notebook .nav-link:contains('Fulfilment')",
            run: "click",
        },
        {
            content: "New acceptance report",
            trigger: ".o_form_view button[name='action_new_acceptance']",
            run: "click",
        },
        {
            content: "Pre-filled with the contract's acceptance criteria and the must-have needs",
            trigger: ".o_field_widget[name='item_ids'] .o_data_row:contains('30 days of production')",
        },
        {
            content: "The customer passes the item",
            trigger: ".o_field_widget[name='item_ids'] .o_data_row:contains('30 days of production') .o_field_boolean_toggle input",
            run: "click",
        },
        {
            content: "And the must-have need of the opportunity",
            trigger: ".o_field_widget[name='item_ids'] .o_data_row:contains('Production scheduling') .o_field_boolean_toggle input",
            run: "click",
        },
        {
            content: "Who signed for the customer",
            trigger: ".o_field_widget[name='customer_signatory'] input",
            run: "edit Li Wei, General Manager",
        },
        {
            content: "Result: passed",
            trigger: ".o_field_widget[name='result'] .badge:contains('Passed')",
        },
        {
            content: "Record the customer's decision",
            trigger: ".o_form_view .o_form_statusbar button[name='action_record']",
            run: "click",
        },
        {
            content: "Recorded",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Recorded')",
        },
        {
            trigger: ".o-mail-Message:contains('Accepted by the customer')",
        },
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Contracts app",
            trigger: ".o_app[data-menu-xmlid='sales_playbook.menu_contract_root']",
            run: "click",
        },
        {
            content: "Go to the return visits",
            trigger: ".o_main_navbar [data-menu-xmlid='sales_playbook.menu_contract_visits']",
            run: "click",
        },
        {
            content: "The visits as cards",
            trigger: ".o_control_panel .o_switch_view.o_kanban",
            run: "click",
        },
        {
            trigger: ".o_kanban_view .o_kanban_record:contains('Huaxin Manufacturing')",
        },
        {
            content: "And on the calendar",
            trigger: ".o_control_panel .o_switch_view.o_calendar",
            run: "click",
        },
        {
            trigger: ".o_calendar_view .o_event:contains('Huaxin Manufacturing')",
        },
        {
            content: "Back to the list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "This month's planned visit",
            trigger: ".o_list_view .o_data_row:contains('Huaxin Manufacturing'):contains('Planned') td[name='partner_id']",
            run: "click",
        },
        {
            content: "On site",
            trigger: ".o_field_widget[name='channel'] select",
            run: 'select "visit"',
        },
        {
            content: "Who we met",
            trigger: ".o_field_widget[name='contact_name'] input",
            run: "edit Li Wei",
        },
        {
            content: "What the customer raised",
            trigger: ".o_field_widget[name='issues'] textarea",
            run: "edit Reports are slow at month end",
        },
        {
            content: "Satisfied",
            trigger: ".o_field_widget[name='satisfaction'] select",
            run: 'select "4"',
        },
        {
            content: "Record the visit",
            trigger: ".o_form_view .o_form_statusbar button[name='action_done']",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "The customer refers a company",
            trigger: ".o_form_view .o_form_statusbar button[name='action_new_lead']",
            run: "click",
        },
        {
            content: "A referral",
            trigger: ".modal .o_field_widget[name='kind'] input[data-value='referral']",
            run: "click",
        },
        {
            content: "The opportunity",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Scheduling for Jinling Textiles",
        },
        {
            content: "Referred company",
            trigger: ".modal .o_field_widget[name='referred_company'] input",
            run: "edit Jinling Textiles",
        },
        {
            content: "Its contact",
            trigger: ".modal .o_field_widget[name='referred_contact'] input",
            run: "edit Wang Fang",
        },
        {
            content: "The incentive",
            trigger: ".modal .o_field_widget[name='incentive'] textarea",
            run: "edit One extra training day",
        },
        {
            content: "Create the lead",
            trigger: ".modal .modal-footer button[name='action_create']",
            run: "click",
        },
        {
            content: "A referral lead for the referred company, naming its referrer",
            trigger: ".o_form_view .o_field_widget[name='playbook_after_sales_kind']:contains('Referral')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='playbook_referred_by_id'] input:value('Huaxin Manufacturing Co.')",
        },
    ],
});
