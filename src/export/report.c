/* report.txt: the preflight report. */
#include "flow/flow.h"

#include <stdlib.h>
#include <string.h>

static void
section (pb_buf *b, const char *title)
{
  pb_buf_printf (b, "\n== %s ==\n", title);
}

char *
pb_report_render (const pb_layout *L, const pb_diagnostics *diags)
{
  const pb_edition *ed = L->edition;
  pb_buf b = {0};
  pb_buf_printf (&b, _("paiban %s preflight report\n"), pb_version ());
  if (ed->proof)
    pb_buf_printf (&b, _("Proof of %s (%s), layout %s\n"), ed->articles[0]->path, ed->articles[0]->id,
                   ed->tpl->name);
  else
    pb_buf_printf (&b, _("%s  %s  %s  layout %s\n"), ed->paper, ed->date, ed->issue ? ed->issue : "",
                   ed->tpl->name);
  size_t nerr = pb_diagnostics_count_severity (diags, PB_SEVERITY_ERROR);
  size_t nwarn = pb_diagnostics_count_severity (diags, PB_SEVERITY_WARNING);
  size_t nnote = pb_diagnostics_count_severity (diags, PB_SEVERITY_NOTE);
  size_t overset = 0;
  for (size_t i = 0; i < L->fits.n; i++)
    overset += L->fits.v[i].overset_lines > 0;
  pb_buf_printf (&b, _("Pages: %zu  Articles: %zu  Photos: %zu\n"), L->pages.n, ed->n_articles, L->photos.n);
  pb_buf_printf (&b, _("Errors: %zu  Warnings: %zu  Overset articles: %zu  Missing glyphs: %zu  Notes: %zu\n"),
                 nerr, nwarn, overset, L->missing_glyphs, nnote);

  section (&b, _("Problems"));
  size_t shown = 0;
  for (size_t i = 0; i < pb_diagnostics_count (diags); i++) {
    const pb_diagnostic *d = pb_diagnostics_get (diags, i);
    if (d->severity == PB_SEVERITY_NOTE)
      continue;
    char *s = pb_diagnostic_format (d);
    pb_buf_printf (&b, "%s\n", s ? s : "");
    free (s);
    shown++;
  }
  if (!shown)
    pb_buf_puts (&b, _("none\n"));

  section (&b, _("Fit (body lines; rows are grid lines in the module's body columns; free: rows left\n"
                  "empty, none when overset; off grid: lines whose ideographs left the whole-character\n"
                  "grid, for Latin, digits or punctuation; overset: lines, characters and the grid rows\n"
                  "the module needs for them)"));
  pb_buf_printf (&b, "%-5s %-24s %7s %9s %9s %9s %s\n", _("page"), _("article"), _("lines"), _("rows"), _("free"),
                 _("off grid"), _("overset"));
  for (size_t i = 0; i < L->fits.n; i++) {
    const pb_fit_record *f = &L->fits.v[i];
    char over[96] = "-";
    if (f->overset_lines)
      snprintf (over, sizeof over, _("%d lines, %zu chars: %d more rows"), f->overset_lines, f->overset_chars,
                f->overset_rows);
    /* an overset module has no free rows: what is left in its columns is
     * kept clear by the widow and keep-with-next rules */
    int free_rows = f->overset_lines ? 0 : f->rows_available - f->rows_used;
    pb_buf_printf (&b, "%-5d %-24s %7d %9d %9d %9d %s\n", f->page, ed->articles[f->article]->id,
                   f->lines_set, f->rows_available, free_rows < 0 ? 0 : free_rows, f->off_grid, over);
    if (f->overset_lines)
      pb_buf_printf (&b, _("      overset text begins: %s\n"), f->overset_from);
  }

  if (L->compositions.n) {
    section (&b, _("Composed pages (grid cells: columns × body lines of the free area)"));
    for (size_t i = 0; i < L->compositions.n; i++) {
      const pb_compose_record *c = &L->compositions.v[i];
      pb_buf_printf (&b, _("page %-3d %6d cells, %5d white, filled %.1f%%\n"), c->page, c->free_cells,
                     c->white_cells, c->free_cells ? 100.0 * (c->free_cells - c->white_cells) / c->free_cells : 0);
    }
  }

  /* the typography each language of the copy was set with (the layout's
   * regional profile: its kinsoku level first) */
  section (&b, _("Typography (per language of the copy)"));
  static const char *const levels[] = {"none", "basic", "GB", "strict", "loose"};
  for (int lang = 0; lang < PB_LANG_COUNT; lang++) {
    bool used = false;
    for (size_t i = 0; i < ed->n_articles && !used; i++)
      used = ed->articles[i]->lang == (pb_lang) lang;
    if (!used)
      continue;
    const pb_typo *ty = &ed->tpl->typo[lang];
    pb_buf_printf (&b, _("%-8s kinsoku %s%s, punctuation pairs %s, Han–Latin gap %.3g em (%.3g–%.3g)\n"),
                   pb_lang_tag ((pb_lang) lang), levels[ty->kinsoku],
                   ty->kinsoku == PB_KINSOKU_LOOSE ? _(" (jlreq's newspaper level: ー and small kana may start a line)")
                   : ty->kinsoku == PB_KINSOKU_STRICT ? _(" (no line starts with ——, ……, ー or small kana)") : "",
                   ty->compress ? _("compressed") : _("full width"), ty->han_latin, ty->han_latin_min,
                   ty->han_latin_max);
  }

  section (&b, _("Photos (effective resolution, flagged below 200 ppi; the share of each photo shown, "
                  "flagged under 70%)"));
  for (size_t i = 0; i < L->photos.n; i++) {
    const pb_photo_record *p = &L->photos.v[i];
    double ppi = p->ppi_x < p->ppi_y ? p->ppi_x : p->ppi_y;
    pb_buf_printf (&b, _("page %-3d %-40s %5d x %-5d %4.0f ppi %3.0f %% shown"), p->page, p->image->path,
                   p->image->width, p->image->height, ppi, 100 * p->visible);
    pb_buf_printf (&b, "  %s%s%s\n", p->article_id ? p->article_id : _("(ad)"),
                   ppi < PB_PHOTO_MIN_PPI ? _("  LOW") : "",
                   p->article_id && p->visible < PB_PHOTO_MIN_VISIBLE ? _("  CROPPED") : "");
  }
  if (!L->photos.n)
    pb_buf_puts (&b, _("none\n"));

  if (L->press.n) {
    const pb_press *pr = &ed->tpl->press;
    section (&b, _("Press (the plates as the press PDFs give them)"));
    pb_buf_printf (&b, _("%s, output condition: %s\nprofile: %s\nink limit %d%%, type in more than one ink from "
                         "%.0f pt, lines in more than one ink from %.1f pt, rules from %.2f pt, photos from %d ppi\n"),
                   L->press_standard == PB_PDFX_4 ? "PDF/X-4" : "PDF/X-1a:2001", pr->condition, pr->profile_path,
                   pr->ink_limit, PB_TO_PT (pr->min_multi_text), PB_TO_PT (pr->min_multi_rule),
                   PB_TO_PT (pr->min_rule), pr->min_ppi);
    if (pr->downsample > 0)
      pb_buf_printf (&b, _("photos printed above %d ppi made smaller for the plates, to %d ppi or a little more\n"),
                     pr->downsample, pr->downsample > pr->min_ppi ? pr->downsample : pr->min_ppi);
    pb_buf_printf (&b, "%-5s %9s  %-30s %10s %11s %10s %10s %9s %8s\n", _("page"), _("total ink"), _("(where)"),
                   _("multi-ink type"), _("multi-ink lines"), _("thin rules"), _("low photos"), _("converted"),
                   _("smaller"));
    for (size_t i = 0; i < L->press.n; i++) {
      const pb_press_record *r = &L->press.v[i];
      pb_buf_printf (&b, "%-5d %8.0f%%  %-30.30s %10d %11d %10d %10d %9d %8d%s\n", r->page, r->max_ink,
                     r->max_ink_what, r->multi_text, r->multi_rules, r->thin_rules, r->low_photos, r->converted,
                     r->reduced, r->max_ink > pr->ink_limit + 0.5 ? _("  OVER") : "");
    }
  }

  section (&b, _("Notes"));
  if (!nnote)
    pb_buf_puts (&b, _("none\n"));
  for (size_t i = 0; i < pb_diagnostics_count (diags); i++) {
    const pb_diagnostic *d = pb_diagnostics_get (diags, i);
    if (d->severity != PB_SEVERITY_NOTE)
      continue;
    char *s = pb_diagnostic_format (d);
    pb_buf_printf (&b, "%s\n", s ? s : "");
    free (s);
  }
  return pb_buf_steal (&b);
}

char *
pb_layout_report (const pb_layout *layout, const pb_diagnostics *diags)
{
  return pb_report_render (layout, diags);
}
