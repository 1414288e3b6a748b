#!/bin/sh
# Extracts paiban's messages into po/paiban.pot and merges them into the
# catalogs (po/zh_CN.po, po/zh_TW.po); translate what msgmerge marks new
# or fuzzy, then `msgfmt --check --statistics po/zh_CN.po`.  The test
# messages_translated fails while a message has no translation.
#
#   sh po/update.sh [OUT.pot]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
pot=${1:-$here/paiban.pot}
cd "$root"
xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: --no-location --sort-output \
  --package-name=paiban --msgid-bugs-address=- \
  --keyword=_ --keyword=N_ --keyword=P_:1,2 \
  --keyword=pb_error:4 --keyword=pb_warning:4 --keyword=pb_note:4 --keyword=pb_diag_add:6 \
  --flag=pb_error:4:c-format --flag=pb_warning:4:c-format --flag=pb_note:4:c-format \
  --flag=pb_diag_add:6:c-format --flag=_:1:pass-c-format --flag=N_:1:pass-c-format \
  -o "$pot" $(find src -name '*.c' | sort)
if [ -z "${1:-}" ]; then
  for lang in zh_CN zh_TW; do
    if [ -f "$here/$lang.po" ]; then
      msgmerge --quiet --update --backup=none --no-fuzzy-matching --sort-output "$here/$lang.po" "$pot"
      msgattrib --no-obsolete --sort-output -o "$here/$lang.po" "$here/$lang.po"
    else
      msginit --no-translator --locale="$lang.UTF-8" --input="$pot" --output-file="$here/$lang.po"
    fi
  done
fi
