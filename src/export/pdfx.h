/* pdfx: turns cairo's PDF of the press pages into PDF/X (ISO 15930-1
 * PDF/X-1a:2001, or ISO 15930-7 PDF/X-4) with qpdf, and completes the
 * tagging of the other PDFs.  Plain C interface to
 * the one C++ file of the library (qpdf's content-stream tokenizer and
 * writer are C++ only). */
#ifndef PB_PDFX_H
#define PB_PDFX_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One colour key of the press render: the key k (1-based) was drawn as
 * the RGB value k; it prints as this ink (fractions 0–1, C M Y K). */
typedef struct {
  double ink[4];
  bool overprint;             /* solid black only: overprints (/OP /op, OPM 1) */
} pb_pdfx_ink;

typedef struct {
  int standard;               /* 1: PDF/X-1a:2001, 4: PDF/X-4 */
  const unsigned char *icc;   /* the output intent's profile (CMYK, 'prtr') */
  size_t icc_len;
  const char *condition;      /* OutputConditionIdentifier, UTF-8 */
  const char *info;           /* the output intent's Info; NULL: condition */
  const char *registry;       /* RegistryName; NULL: none */
  const char *title;          /* Info Title, UTF-8 */
  const char *date;           /* "D:YYYYMMDDHHmmSS+00'00'" (CreationDate, ModDate) */
  const char *xmp;            /* the XMP packet (UTF-8); NULL for X-1a */
  const pb_pdfx_ink *inks;    /* by key − 1 */
  size_t n_inks;
  /* JPEG streams stored in Adobe's inverted CMYK: given /Decode
   * [1 0 1 0 1 0 1 0] (matched by their bytes) */
  double bleed;               /* pt beyond the trim on each side (BleedBox) */
  bool marks;                 /* crop marks outside the bleed, in registration
                                 colour (Separation /All); MediaBox grows */
  const unsigned char *const *inverted;
  const size_t *inverted_len;
  size_t n_inverted;
} pb_pdfx_params;

/* Rewrites pdf (cairo's, from the press render) as PDF/X: every RGB
 * colour operator replaced by its key's CMYK ink (an unknown key is an
 * error, never a guess), black overprinting, no transparency group,
 * annotations or interpolation, TrimBox the page (BleedBox and MediaBox
 * that, or grown by the bleed and the marks), the output
 * intent with the profile embedded, the Info keys and the XMP, the
 * header's version, a trailer /ID.  Any RGB image or soft mask left is an
 * error.  On success *out (malloc'd) and *out_len; on failure false and
 * err (cap bytes) says why. */
bool pb_pdfx_finish (const unsigned char *pdf, size_t len, const pb_pdfx_params *params,
                     unsigned char **out, size_t *out_len, char *err, size_t cap);

/* What a tagged PDF gets beyond cairo's structure (cairo 1.16 has no API
 * for these): ISO 32000-1 14.7.1's /MarkInfo << /Marked true >>, the
 * document's /Lang (14.9.2), /DisplayDocTitle, a /Lang on each Art
 * element whose article is in another language than the edition, and
 * each Figure's /Alt (14.9.3: its caption).  Arrays in the order the
 * structure elements are made (pb_render_tag_sequence); NULL entries
 * leave an element as it is. */
typedef struct {
  const char *lang;           /* BCP 47: zh-Hans, zh-Hant, ja, en */
  const char *const *art_lang;
  size_t n_arts;
  const char *const *figure_alt;
  size_t n_figures;
} pb_pdf_tagging;

/* Rewrites cairo's tagged PDF with the above (qpdf); the structure must
 * have exactly n_arts Art and n_figures Figure elements, or it is an
 * error.  On success *out (malloc'd) and *out_len; on failure false and
 * err (cap bytes) says why. */
bool pb_pdf_tagged (const unsigned char *pdf, size_t len, const pb_pdf_tagging *tagging, unsigned char **out,
                    size_t *out_len, char *err, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
