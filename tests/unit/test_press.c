/* The press finisher never guesses: whatever cairo wrote that PDF/X-1a
 * cannot hold — a colour that is not one of the palette's keys, an RGB
 * image, transparency — is an error with its reason, not a page; what it
 * can hold comes out as PDF/X (version, keys, no RGB operator).  And the
 * colour model's press values: neutral RGB on black alone, CMYK as given. */
#include "harness.h"
#include "util.h"
#include "export/export.h"
#include "export/pdfx.h"

#include <cairo-pdf.h>
#include <zlib.h>

static unsigned char *icc;
static size_t icc_len;

typedef void (*draw_fn) (cairo_t *cr);

static pb_buf
cairo_pdf (draw_fn draw)
{
  pb_buf b = {0};
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream (pb_export_buf_write, &b, 200, 200);
  cairo_pdf_surface_restrict_to_version (s, CAIRO_PDF_VERSION_1_4);
  cairo_t *cr = cairo_create (s);
  draw (cr);
  cairo_destroy (cr);
  cairo_surface_finish (s);
  cairo_surface_destroy (s);
  return b;
}

static const pb_pdfx_ink inks[2] = {{{0, 0, 0, 1}, true}, {{0, 1, 1, 0.25}, false}};

static bool
finish (const pb_buf *in, char *err, unsigned char **out, size_t *len)
{
  pb_pdfx_params p = {.standard = 1, .icc = icc, .icc_len = icc_len, .condition = "Test", .title = "t",
                      .date = "D:20261126000000+00'00'", .inks = inks, .n_inks = 2};
  return pb_pdfx_finish ((const unsigned char *) in->data, in->len, &p, out, len, err, 256);
}

static void
key (cairo_t *cr, int k)
{
  cairo_set_source_rgb (cr, ((k >> 16) & 0xFF) / 255.0, ((k >> 8) & 0xFF) / 255.0, (k & 0xFF) / 255.0);
}

static void
draw_keys (cairo_t *cr)
{
  key (cr, 1);
  cairo_rectangle (cr, 10, 10, 50, 50);
  cairo_fill (cr);
  key (cr, 2);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, 10, 100);
  cairo_line_to (cr, 190, 100);
  cairo_stroke (cr);
}

static void
draw_unknown (cairo_t *cr)
{
  key (cr, 3);
  cairo_paint (cr);
}

static void
draw_rgb_image (cairo_t *cr)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 8, 8);
  cairo_t *c = cairo_create (img); /* colours: cairo keeps a grey image grey */
  cairo_set_source_rgb (c, 0.8, 0.2, 0.1);
  cairo_paint (c);
  cairo_destroy (c);
  cairo_set_source_surface (cr, img, 0, 0);
  cairo_paint (cr);
  cairo_surface_destroy (img);
}

static void
draw_alpha (cairo_t *cr)
{
  cairo_set_source_rgba (cr, 0, 0, 1 / 255.0, 0.5);
  cairo_paint (cr);
}

/* The decompressed content of every FlateDecode stream, concatenated. */
static pb_buf
inflate_all (const unsigned char *pdf, size_t len)
{
  pb_buf all = {0};
  const char *p = (const char *) pdf, *end = p + len;
  while ((p = memmem (p, (size_t) (end - p), "stream", 6)) != NULL) {
    p += 6;
    if (p < end && *p == '\r')
      p++;
    if (p < end && *p == '\n')
      p++;
    const char *e = memmem (p, (size_t) (end - p), "endstream", 9);
    if (!e)
      break;
    static unsigned char out[1 << 22];
    uLongf n = sizeof out;
    if (uncompress (out, &n, (const unsigned char *) p, (uLong) (e - p)) == Z_OK)
      pb_buf_append (&all, out, n);
    p = e + 9;
  }
  return all;
}

static void
test_keys_become_ink (void)
{
  pb_buf in = cairo_pdf (draw_keys);
  char err[256] = "";
  unsigned char *out = NULL;
  size_t len = 0;
  CHECK (finish (&in, err, &out, &len));
  CHECK (len > 9 && memcmp (out, "%PDF-1.3", 8) == 0);
  CHECK (memmem (out, len, "/GTS_PDFXConformance", 20) != NULL);
  pb_buf content = inflate_all (out, len);
#define HAS(s) (content.data && memmem (content.data, content.len, (s), strlen (s)) != NULL)
  CHECK (HAS ("0 0 0 1 k"));
  CHECK (HAS ("0 1 1 0.25 K"));
  CHECK (HAS ("/PBop01 gs")); /* black fills overprint */
  CHECK (!HAS (" rg") && !HAS (" RG"));
  pb_buf_free (&content);
  free (out);
  pb_buf_free (&in);
}

static void
refused (draw_fn draw, const char *why)
{
  pb_buf in = cairo_pdf (draw);
  char err[256] = "";
  unsigned char *out = NULL;
  size_t len = 0;
  bool ok = finish (&in, err, &out, &len);
  CHECK (!ok && out == NULL);
  if (!strstr (err, why)) {
    fprintf (stderr, "error '%s', expected '%s'\n", err, why);
    CHECK (false);
  }
  free (out);
  pb_buf_free (&in);
}

static void
test_never_guesses (void)
{
  refused (draw_unknown, "not one of the page's colours (key 3)");
  refused (draw_rgb_image, "an image that is not CMYK or grey");
  refused (draw_alpha, "transparency");
}

static void
test_press_values (void)
{
  const char *why = "";
  pb_press_profile *p = pb_press_profile_open (icc, icc_len, &why);
  CHECK (p != NULL);
  if (!p)
    return;
  double ink[4];
  for (unsigned v = 0; v < 256; v += 15) {
    pb_press_profile_ink (p, (pb_color) {v * 0x010101u, PB_COLOR_RGB, {0}}, ink);
    CHECK (ink[0] == 0 && ink[1] == 0 && ink[2] == 0); /* every neutral on black alone */
    CHECK (ink[3] >= 0 && ink[3] <= 1);
    if (v == 0)
      CHECK (ink[3] == 1.0);
    if (v == 255)
      CHECK (ink[3] == 0.0);
  }
  double last = 2;
  for (unsigned v = 0; v < 256; v += 15) { /* lighter greys, less black */
    pb_press_profile_ink (p, (pb_color) {v * 0x010101u, PB_COLOR_RGB, {0}}, ink);
    CHECK (ink[3] <= last);
    last = ink[3];
  }
  pb_press_profile_ink (p, (pb_color) {0xB00000, PB_COLOR_CMYK, {0, 100, 100, 25}}, ink);
  CHECK (ink[0] == 0 && ink[1] == 1 && ink[2] == 1 && ink[3] == 0.25);
  pb_press_profile_ink (p, (pb_color) {0x999999, PB_COLOR_GRAY, {0, 0, 0, 40}}, ink);
  CHECK (ink[0] == 0 && ink[1] == 0 && ink[2] == 0 && ink[3] == 0.4);
  pb_press_profile_ink (p, (pb_color) {0x336699, PB_COLOR_RGB, {0}}, ink);
  CHECK (ink[0] > 0.5 && ink[0] + ink[1] + ink[2] + ink[3] <= 2.40 + 0.01);
  /* the screen rendering of a press red is a red */
  uint32_t rgb = pb_press_profile_screen (p, (double[4]) {0, 1, 1, 0.25});
  CHECK ((rgb >> 16) > 120 && ((rgb >> 8) & 0xFF) < 80 && (rgb & 0xFF) < 80);
  /* not a CMYK printer profile */
  CHECK (pb_press_profile_open ((const unsigned char *) "not a profile at all", 20, &why) == NULL);
  pb_press_profile_destroy (p);
}

int
main (void)
{
  FILE *f = fopen (PB_SOURCE_DIR "/layouts/profiles/" PB_PRESS_PROFILE, "rb");
  static unsigned char b[1 << 22];
  icc_len = f ? fread (b, 1, sizeof b, f) : 0;
  icc = b;
  if (f)
    fclose (f);
  static const pb_test_case cases[] = {
    {"colour keys become CMYK ink, black overprints, no RGB operator left", test_keys_become_ink},
    {"an unknown colour, an RGB image, transparency: refused with the reason", test_never_guesses},
    {"press values: neutral greys on black alone, CMYK and gray as given", test_press_values},
  };
  return pb_test_run (cases, sizeof cases / sizeof cases[0]);
}
