/** @odoo-module **/

import { registry } from "@web/core/registry";

// The screens of a user whose language is Chinese hold no English interface
// text. The test opens a screen (a record, or a list) and this tour reads
// every visible text of it (labels, buttons, column headers, statuses, menus,
// placeholders, the chatter), on every tab of a form, then goes back to the
// list the record belongs to and reads it as well.
//
// What may stay in Latin letters: names, not interface text (the product,
// the manual's methods, file formats, the carriers offered on the Sales
// settings page), any token carrying a digit (document numbers such as
// S00012, HT2026001, INV/2026/00001; 4W) and addresses (e-mail, web). The
// test's own data is Chinese and names the customer "华信精密…": a list row
// or a card that does not name it belongs to other data of the database
// (demo records) and is not read.
const ALLOWED = new Set([
    "Odoo",
    "OdooBot",
    "ABC", // the manual's ABC grades
    "SPIN", // the manual's discovery method
    "CRM", // the app's name in Odoo's own Chinese
    "PDF",
    "pdf", // the type of an attached file
    "CNY", // currency codes: a pricelist names its currency once two are active
    "USD",
    "UPS",
    "DHL",
    "FedEx",
    "USPS",
    "bpost",
    "Easypost",
    "Sendcloud",
    "Shiprocket",
    "Starshipit",
]);
const OUR_DATA = "华信精密";

function isShown(element) {
    return Boolean(element.getClientRects().length) && element.checkVisibility();
}

function isForeignRecord(element) {
    const record = element.closest(".o_data_row, .o_kanban_record");
    return Boolean(record) && !record.textContent.includes(OUR_DATA);
}

function englishWords(text) {
    const words = [];
    for (const token of text.split(/[\s\u3000]+/)) {
        if (!token || /\d|@|:\/\/|\.[A-Za-z]/.test(token)) {
            continue;
        }
        for (const word of token.match(/[A-Za-z]{2,}/g) || []) {
            if (!ALLOWED.has(word)) {
                words.push(word);
            }
        }
    }
    return words;
}

function englishOnScreen() {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (
            !element ||
            element.closest("script, style, template, .o_tour_pointer") ||
            isForeignRecord(element) ||
            !isShown(element)
        ) {
            continue;
        }
        for (const word of englishWords(node.nodeValue)) {
            found.push(`${word} (${node.nodeValue.trim().slice(0, 60)})`);
        }
    }
    for (const input of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
        if (!input.value && isShown(input) && !isForeignRecord(input)) {
            for (const word of englishWords(input.placeholder)) {
                found.push(`${word} (placeholder: ${input.placeholder.slice(0, 60)})`);
            }
        }
    }
    return [...new Set(found)];
}

async function settle(ms = 250) {
    await new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(selector, timeout = 10000) {
    const start = Date.now();
    while (Date.now() - start < timeout) {
        const element = document.querySelector(selector);
        if (element) {
            return element;
        }
        await settle(50);
    }
    throw new Error(`${selector} did not appear`);
}

function assertChinese(where) {
    const words = englishOnScreen();
    if (words.length) {
        throw new Error(`English on the screen ${where}: ${words.join(" | ")}`);
    }
    console.info(`sales_playbook: ${where} is in Chinese`);
}

async function checkScreen(where, { tabs = true } = {}) {
    await settle();
    // the review table of base_tier_validation starts folded: unfold it
    for (const fold of document.querySelectorAll(".o_field_widget[name='review_ids'] .o_info_btn")) {
        if (!isShown(fold.closest(".panel").querySelector(".panel-collapse"))) {
            fold.click();
            await settle(100);
        }
    }
    assertChinese(where);
    if (!tabs) {
        return;
    }
    const pages = document.querySelectorAll(
        ".o_action_manager .o_form_view .o_notebook_headers .nav-link"
    );
    for (const tab of pages) {
        tab.click();
        await settle(150);
        assertChinese(`${where}, tab ${tab.textContent.trim()}`);
    }
}

const LOADED = ".o_action_manager .o_view_controller:not(.o_loading)";

function screenSteps() {
    return [
        {
            content: "The screen is shown",
            trigger: LOADED,
        },
        {
            content: "No English on it, on none of its tabs",
            trigger: LOADED,
            async run() {
                await checkScreen(window.location.pathname);
            },
        },
        {
            content: "Back to the list, no English on it either",
            trigger: LOADED,
            async run() {
                const back = document.querySelector(".o_breadcrumb .breadcrumb-item a");
                if (!back) {
                    return;
                }
                back.click();
                await waitFor(".o_action_manager .o_view_controller:not(.o_form_view)");
                await settle(400);
                assertChinese(`${window.location.pathname} (list)`);
            },
        },
    ];
}

registry.category("web_tour.tours").add("sales_playbook_zh_screen_tour", {
    steps: () => [
        ...screenSteps(),
        {
            content: "Checked",
            trigger: "body",
        },
    ],
});

// A reviewer: the approval buttons, the comment dialog they open, and the
// reviews menu of the top bar.
registry.category("web_tour.tours").add("sales_playbook_zh_reviewer_tour", {
    steps: () => [
        {
            content: "The document waits for this reviewer",
            trigger: ".o_form_view button[name='validate_tier']",
            async run() {
                await checkScreen(window.location.pathname);
            },
        },
        {
            content: "Approve",
            trigger: ".o_form_view button[name='validate_tier']",
            run: "click",
        },
        {
            content: "The comment dialog is in Chinese",
            trigger: ".modal .o_form_view .o_field_widget[name='comment']",
            async run() {
                await checkScreen("the approval comment dialog", { tabs: false });
            },
        },
        {
            content: "Leave the dialog without deciding",
            trigger: ".modal .modal-header .btn-close",
            run: "click",
        },
        {
            content: "Open the reviews menu of the top bar",
            trigger: ".o_menu_systray i.fa-pencil-square-o",
            run: "click",
        },
        {
            content: "It lists the document to review, in Chinese",
            trigger: ".o-mail-ActivityGroup",
            async run() {
                await checkScreen("the reviews menu", { tabs: false });
            },
        },
    ],
});

// The salesperson's day: the opportunity (every tab) and the pipeline; the
// after-sales lists and records reached from the CRM menus; the quotation
// waiting for the sales manager; the signed contract and the contracts.
function services() {
    return odoo.__WOWL_DEBUG__.root.env.services;
}

async function openRecord(model, domain) {
    const { orm, action } = services();
    const [resId] = await orm.search(model, domain, { limit: 1 });
    if (!resId) {
        throw new Error(`No ${model} matches ${JSON.stringify(domain)}`);
    }
    await action.doAction({
        type: "ir.actions.act_window",
        res_model: model,
        res_id: resId,
        views: [[false, "form"]],
    });
}

function afterSalesSteps(menu) {
    return [
        {
            content: "Open the Sales menu of CRM",
            trigger: ".o_menu_sections button[data-menu-xmlid='crm.crm_menu_sales']",
            run: "click",
        },
        {
            content: `The menu is in Chinese; open ${menu}`,
            trigger: `.dropdown-item[data-menu-xmlid='sales_playbook.${menu}']`,
            async run() {
                await checkScreen("the Sales menu of CRM", { tabs: false });
                this.anchor.click();
            },
        },
        {
            content: "The list names the customer",
            trigger: `.o_list_view .o_data_row:contains('${OUR_DATA}')`,
            async run() {
                await checkScreen(`${menu} (list)`, { tabs: false });
                this.anchor.querySelector("td.o_data_cell").click();
            },
        },
        {
            content: "The customer's record",
            trigger: ".o_action_manager .o_form_view .o_form_sheet",
            async run() {
                await checkScreen(`${menu} (form)`);
            },
        },
    ];
}

registry.category("web_tour.tours").add("sales_playbook_zh_salesperson_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "The pipeline is in Chinese; open the opportunity",
            trigger: `.o_kanban_view .o_kanban_record:contains('${OUR_DATA}')`,
            async run() {
                await checkScreen("the pipeline", { tabs: false });
                this.anchor.click();
            },
        },
        {
            content: "The opportunity is in Chinese, on every tab",
            trigger: ".o_action_manager .o_form_view .o_form_sheet",
            async run() {
                await checkScreen("the opportunity");
            },
        },
        ...afterSalesSteps("menu_crm_visits"),
        ...afterSalesSteps("menu_crm_complaints"),
        ...afterSalesSteps("menu_crm_satisfaction"),
        {
            content: "Open the quotation waiting for the sales manager",
            trigger: LOADED,
            async run() {
                await openRecord("sale.order", [
                    ["partner_id.name", "ilike", OUR_DATA],
                    ["validation_status", "=", "pending"],
                ]);
            },
        },
        {
            content: "Its approval banner and review table are in Chinese",
            trigger: ".o_form_view .o_field_widget[name='review_ids'] .o_info_btn",
            async run() {
                await checkScreen("the quotation under review");
            },
        },
        {
            content: "Open the signed contract",
            trigger: LOADED,
            async run() {
                await openRecord("sale.contract", [
                    ["partner_id.name", "ilike", OUR_DATA],
                    ["state", "=", "signed"],
                ]);
            },
        },
        {
            content: "The contract is in Chinese, on every tab",
            trigger: ".o_form_view .o_field_widget[name='title']",
            async run() {
                await checkScreen("the signed contract");
            },
        },
        {
            content: "The contracts",
            trigger: LOADED,
            async run() {
                await services().action.doAction("sales_playbook.action_sale_contract");
            },
        },
        {
            content: "The list of contracts is in Chinese",
            trigger: `.o_list_view .o_data_row:contains('${OUR_DATA}')`,
            async run() {
                await checkScreen("the contracts (list)", { tabs: false });
            },
        },
    ],
});
