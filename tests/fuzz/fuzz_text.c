/* libFuzzer target: typeset arbitrary UTF-8 in an arbitrary column width.
 * The first two bytes choose the width (1–64 em), whether the text is a
 * headline (lines end between words) and whether all three looseness
 * settings are made at once; the third the language, alignment and
 * looseness; the rest is the text (made valid UTF-8 as the parser
 * would).  Every byte of the text must come out in the lines, in order;
 * no line stands out of its column (but a single cluster wider than it)
 * and no letters are spaced apart; every run's clusters represent its
 * text as cairo demands (whole characters, every byte and glyph once). */
#include "text/text.h"
#include "../unit/runs_check.h"

#include <stdlib.h>
#include <string.h>

static pb_fonts *fonts;

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 3)
    return 0;
  if (!fonts) {
    fonts = pb_fonts_create (PB_SOURCE_DIR "/fonts/test-fonts.conf", NULL);
    if (!fonts)
      abort ();
  }
  int em_count = 1 + ((data[0] << 8 | data[1]) % 64);
  pb_lang lang = (pb_lang) (data[2] % PB_LANG_COUNT);
  pb_align align = (pb_align) ((data[2] >> 2) % 4);
  size_t len, bad;
  char *text = pb_utf8_sanitize ((const char *) data + 3, size - 3, &len, &bad);
  if (!text)
    return 0;
  pb_style style = {0};
  for (int l = 0; l < PB_LANG_COUNT; l++)
    style.family[l] = "Noto Serif CJK SC";
  style.size = PB_PT (10);
  style.weight = 400;
  pb_para_spec spec = {.text = text, .len = len, .style = &style, .lang = lang,
                       .width = em_count * style.size, .align = align, .indent_em = 2,
                       .looseness = (int) (data[2] >> 4) % 3 - 1,
                       .break_at_spaces = (data[0] & 0x80) != 0};
  pb_arena *arena = pb_arena_create ();
  pb_para *paras[3] = {NULL, NULL, NULL};
  if (data[1] & 0x80)
    pb_text_set_loose (fonts, &spec, arena, (pb_pos) {"fuzz", 1, 1}, NULL, paras);
  else
    paras[0] = pb_text_set (fonts, &spec, arena, (pb_pos) {"fuzz", 1, 1}, NULL);
  for (int k = 0; k < 3; k++) {
    const pb_para *p = paras[k];
    if (!p || !p->n_lines)
      continue;
    /* the lines cover the text, in order, without gaps */
    size_t at = p->lines[0].start;
    for (size_t i = 0; i < p->n_lines; i++) {
      if (p->lines[i].start != at && i > 0)
        abort ();
      at = p->lines[i].end;
    }
    if (at != len && len > 0)
      abort ();
    for (size_t i = 0; i < p->n_lines; i++) {
      const pb_line *l = &p->lines[i];
      int clusters = 0;
      for (size_t r = 0; r < l->n_runs; r++)
        clusters += l->runs[r].n_clusters;
      /* a first line indented 2 em keeps at least 2 em from 4 em on */
      if (l->word_extra != 0 || (em_count >= 4 && l->overflow > 0 && clusters > 1) ||
          !runs_represent_text (text, l))
        abort ();
    }
  }
  pb_arena_destroy (arena);
  free (text);
  return 0;
}
