"""Clean an exported .pot and bring i18n/zh_CN.po in line with it.

    python3 dev/i18n_merge.py EXPORTED.pot

- The exporter walks symbolic links: from a clone that is not named
  sales_playbook it finds the add-on again under .local/addons/ and writes
  paths such as addons/sales_playbook/.local/addons/sales_playbook/models/x.py
  many times over. Those paths are folded back and their duplicates dropped.
- i18n/sales_playbook.pot becomes the cleaned template.
- i18n/zh_CN.po keeps its entries in their order with their translations and
  the template's references; entries the code no longer has are dropped; new
  ones are appended at the end (untranslated: the script lists them).
"""

import re
import sys
from pathlib import Path

import polib

ADDON = Path(__file__).resolve().parent.parent
LOOP = re.compile(r"(?:\.local/addons/sales_playbook/)+")


def clean_occurrences(entry):
    seen = []
    for path, line in entry.occurrences:
        item = (LOOP.sub("", path), line)
        if item not in seen:
            seen.append(item)
    entry.occurrences = seen


def main(exported):
    pot = polib.pofile(exported, wrapwidth=78)
    for entry in pot:
        clean_occurrences(entry)
    pot.save(str(ADDON / "i18n" / "sales_playbook.pot"))

    po_path = ADDON / "i18n" / "zh_CN.po"
    po = polib.pofile(str(po_path), wrapwidth=78)
    template = {entry.msgid: entry for entry in pot}
    kept = polib.POFile(wrapwidth=78)
    kept.header, kept.metadata = po.header, po.metadata
    known = set()
    for entry in po:
        source = template.get(entry.msgid)
        if source is None:
            print(f"dropped (no longer in the code): {entry.msgid!r}")
            continue
        entry.occurrences = source.occurrences
        entry.comment = source.comment
        kept.append(entry)
        known.add(entry.msgid)
    for source in pot:
        if source.msgid not in known:
            print(f"new, to translate: {source.msgid!r}")
            kept.append(
                polib.POEntry(
                    msgid=source.msgid,
                    msgstr="",
                    occurrences=source.occurrences,
                    comment=source.comment,
                )
            )
    kept.save(str(po_path))


if __name__ == "__main__":
    main(sys.argv[1])
