/** @odoo-module **/

import { registry } from "@web/core/registry";

// The representative asks for the approval of a quotation: until the sales
// manager approved it, it is not offered to e-mail or preview it (the server
// refuses it too, see test_quote_approval). Started on the quotation's form
// (the test passes its URL).
registry.category("web_tour.tours").add("sales_playbook_quote_request_tour", {
    steps: () => [
        {
            content: "Ask for the approval",
            trigger: ".o_form_view .o_form_statusbar button[name='request_validation']",
            run: "click",
        },
        {
            content: "The quotation waits for the sales manager",
            trigger: ".o_form_view .alert-warning:contains('Next: Sales manager approves the quotation')",
        },
        {
            content: "Neither Send by Email nor Preview is offered before the approval",
            trigger: ".o_form_view .o_form_statusbar:has(button[name='action_cancel']):not(:has(button[name='action_quotation_send'], button[name='action_preview_sale_order']))",
        },
        {
            content: "Still a quotation",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Quotation')",
        },
    ],
});

// Once approved, the representative drafts the contract from the quotation
// and submits it to the review.
registry.category("web_tour.tours").add("sales_playbook_contract_draft_tour", {
    steps: () => [
        {
            content: "The quotation is approved",
            trigger: ".o_form_view .alert-success:contains('validated')",
        },
        {
            content: "Now it may be sent by e-mail",
            trigger: ".o_form_view .o_form_statusbar button[name='action_quotation_send']:contains('Send by Email')",
        },
        {
            content: "Draft the contract",
            trigger: ".o_form_view .o_form_statusbar button[name='action_playbook_create_contract']",
            run: "click",
        },
        {
            content: "The contract has a number",
            trigger: ".o_form_view .oe_title h1 .o_field_widget[name='name']:contains('HT')",
        },
        {
            content: "Open the clauses",
            trigger: ".o_notebook .nav-link:contains('Clauses')",
            run: "click",
        },
        {
            content: "The standard clauses are loaded",
            trigger: ".o_field_widget[name='clause_ids'] .o_data_row:contains('Confidentiality')",
        },
        {
            content: "Open the delivery terms",
            trigger: ".o_notebook .nav-link:contains('Delivery and Acceptance')",
            run: "click",
        },
        {
            content: "Delivery place",
            trigger: ".o_field_widget[name='delivery_place'] input",
            run: "edit Huaxin plant, Suzhou",
        },
        {
            content: "Acceptance criteria",
            trigger: ".o_field_widget[name='acceptance_criteria'] textarea",
            run: "edit 30 days of production without a blocking defect",
        },
        {
            content: "Delivery date",
            trigger: ".o_field_widget[name='delivery_date'] input",
            // a month from today, in the user's (English) date format
            run: `edit ${luxon.DateTime.now().plus({ days: 30 }).toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Submit it to the review",
            trigger: ".o_form_view .o_form_statusbar button[name='request_validation']",
            run: "click",
        },
        {
            content: "Under review, the sales manager first",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Under Review')",
        },
        {
            trigger: ".o_form_view .alert-warning:contains('Next: Sales manager reviews the contract')",
        },
    ],
});

// Legal finds the contract in its review queue once the sales manager has
// approved it, and approves it with a comment.
registry.category("web_tour.tours").add("sales_playbook_legal_review_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the inbox",
            trigger: ".o_menu_systray i[aria-label='Messages']",
            run: "click",
        },
        {
            content: "Legal was told it is its turn",
            trigger: ".o-mail-NotificationItem:contains('Your review is requested')",
        },
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "The contracts waiting for legal",
            trigger: ".o_app[data-menu-xmlid='sales_playbook.menu_contract_root']",
            run: "click",
        },
        {
            content: "Open the contract from the review queue",
            trigger: ".o_list_view .o_data_row:contains('Tour: Huaxin') td.o_data_cell",
            run: "click",
        },
        {
            content: "The contract opens at legal's step",
            trigger: ".o_form_view .alert-warning:contains('Next: Legal reviews the contract')",
        },
        {
            trigger: ".o_form_view .oe_title .o_field_widget[name='title']:contains('Tour: Huaxin supply contract'), .o_form_view .oe_title .o_field_widget[name='title'] input",
        },
        {
            content: "Approve",
            trigger: ".o_form_view button[name='validate_tier']",
            run: "click",
        },
        {
            content: "Comment",
            trigger: ".modal .o_field_widget[name='comment'] input",
            run: "edit Clauses conform to the standard contract",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='add_comment']",
            run: "click",
        },
        {
            content: "Finance is next",
            trigger: ".o_form_view .alert-warning:contains('Next: Finance reviews the contract')",
        },
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Legal reaches contracts from its own app",
            trigger: ".o_app[data-menu-xmlid='sales_playbook.menu_contract_root']",
            run: "click",
        },
        {
            content: "The contract left legal's review queue",
            trigger: ".o_view_nocontent, .o_list_view:not(:has(.o_data_row:contains('Tour: Huaxin')))",
        },
    ],
});
