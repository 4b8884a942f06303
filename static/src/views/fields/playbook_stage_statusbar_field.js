/** @odoo-module **/

import { status } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import {
    StatusBarDurationField,
    statusBarDurationField,
} from "@mail/views/fields/statusbar_duration/statusbar_duration_field";

/**
 * The lead's stage bar. A click on a stage saves the lead at once; when the
 * server refuses the move (a stage gate, any error), Odoo's form keeps the
 * clicked stage as an unsaved change, so the bar showed a stage the lead is
 * not in. Here the refused stage is taken back: the form shows the stage the
 * lead is really in (other unsaved changes stay), and the error says what is
 * missing for the stage asked for.
 */
export class PlaybookStageStatusBarField extends StatusBarDurationField {
    async selectItem(item) {
        const { name, record } = this.props;
        const previous = record.data[name];
        const hadChanges = await record.isDirty();
        const takeBack = async () => {
            if (hadChanges) {
                await record.update({ [name]: previous });
            } else {
                await record.discard();
            }
            // the bar keeps the items it drew while it measures its width (one
            // frame); draw it again once that frame is over
            browser.requestAnimationFrame(() => status(this) === "mounted" && this.render());
        };
        try {
            await super.selectItem(item);
        } catch (error) {
            await takeBack();
            throw error;
        }
        // not saved without an error: a field of the form is invalid
        if (await record.isDirty()) {
            await takeBack();
        }
    }
}

export const playbookStageStatusBarField = {
    ...statusBarDurationField,
    component: PlaybookStageStatusBarField,
    // the look of the stage bar with time in stage
    additionalClasses: ["o_field_statusbar_duration"],
};

registry.category("fields").add("playbook_stage_statusbar", playbookStageStatusBarField);
