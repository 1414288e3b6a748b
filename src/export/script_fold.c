/* The viewer's search folds Simplified and Traditional characters to one
 * script, so that 生态 finds 生態 and 開花 finds 开花.  The table is made
 * here, for the characters of one edition, with ICU's transliterators
 * ("Hant-Hans" and "Hans-Hant", the Unihan data): for each character of
 * the text, the character itself, its Traditional form and its
 * Simplified form's Traditional form all map to its Simplified form.
 * Only non-identity entries are kept, one ideograph to one ideograph in
 * the Basic Multilingual Plane: the viewer's folding keeps a string's
 * length, so that offsets in the folded text are offsets in the text
 * (ICU's own folding of 「」 to “” is left out: the viewer folds
 * quotation marks itself).
 * A character of the text maps to its own Simplified form; a form met
 * only as another's counterpart to the first one found, in code point
 * order: the same text always gives the same table.
 *
 *   char *t = pb_script_fold_table (text, len);  // {"開":"开","態":"态"}
 */
#include "export/export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#define BMP 0x10000

/* A transliterator by its id; NULL where ICU has no data for it. */
static UTransliterator *
open_transliterator (const char *id)
{
  UChar uid[16];
  size_t n = strlen (id);
  for (size_t i = 0; i <= n; i++)
    uid[i] = (UChar) id[i];
  UErrorCode err = U_ZERO_ERROR;
  UTransliterator *t = utrans_openU (uid, (int32_t) n, UTRANS_FORWARD, NULL, 0, NULL, &err);
  if (U_FAILURE (err)) {
    utrans_close (t);
    return NULL;
  }
  return t;
}

/* c through t when it gives one BMP ideograph; else c. */
static uint16_t
transliterate (UTransliterator *t, uint16_t c)
{
  UChar buf[8] = {c};
  int32_t len = 1, limit = 1;
  UErrorCode err = U_ZERO_ERROR;
  utrans_transUChars (t, buf, &len, (int32_t) (sizeof buf / sizeof buf[0]), 0, &limit, &err);
  if (U_FAILURE (err) || len != 1 || U16_IS_SURROGATE (buf[0]) || !u_hasBinaryProperty (buf[0], UCHAR_IDEOGRAPHIC))
    return c;
  return buf[0];
}

/* The table as a JSON object, its keys in code point order. */
static char *
table_json (const uint16_t *map)
{
  json_t *o = json_object ();
  bool ok = o != NULL;
  for (uint32_t k = 0x80; ok && k < BMP; k++) {
    if (!map[k])
      continue;
    char key[5], value[5];
    int32_t kn = 0, vn = 0;
    UBool bad = false;
    U8_APPEND ((uint8_t *) key, kn, 4, k, bad);
    U8_APPEND ((uint8_t *) value, vn, 4, map[k], bad);
    key[kn] = value[vn] = '\0';
    ok = !bad && json_object_set_new (o, key, json_string (value)) == 0;
  }
  char *r = ok ? json_dumps (o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref (o);
  return r;
}

char *
pb_script_fold_table (const char *text, size_t len)
{
  /* the text's characters: a bit each */
  uint8_t *seen = pb_calloc (BMP / 8, 1);
  uint16_t *map = pb_calloc (BMP, sizeof *map);
  UTransliterator *to_hans = open_transliterator ("Hant-Hans");
  UTransliterator *to_hant = open_transliterator ("Hans-Hant");
  char *r = NULL;
  if (!seen || !map)
    goto cleanup;
  for (int32_t i = 0, n = (int32_t) len; i < n;) {
    UChar32 c;
    U8_NEXT ((const uint8_t *) text, i, n, c);
    if (c >= 0x80 && c < BMP && !U16_IS_SURROGATE (c) && u_hasBinaryProperty (c, UCHAR_IDEOGRAPHIC))
      seen[c >> 3] |= (uint8_t) (1u << (c & 7));
  }
  if (to_hans && to_hant) {
    /* each character of the text to its own Simplified form */
    for (uint32_t c = 0x80; c < BMP; c++)
      if (seen[c >> 3] & (1u << (c & 7))) {
        uint16_t s = transliterate (to_hans, (uint16_t) c);
        if (s != c)
          map[c] = s;
      }
    /* its Traditional form, and its Simplified form's, to the same */
    for (uint32_t c = 0x80; c < BMP; c++)
      if (seen[c >> 3] & (1u << (c & 7))) {
        uint16_t s = map[c] ? map[c] : (uint16_t) c;
        uint16_t other[2] = {transliterate (to_hant, (uint16_t) c), transliterate (to_hant, s)};
        for (int k = 0; k < 2; k++)
          if (other[k] != s && other[k] >= 0x80 && !map[other[k]] && !(seen[other[k] >> 3] & (1u << (other[k] & 7))))
            map[other[k]] = s;
      }
  }
  r = table_json (map);
cleanup:
  utrans_close (to_hans);
  utrans_close (to_hant);
  free (seen);
  free (map);
  return r;
}
