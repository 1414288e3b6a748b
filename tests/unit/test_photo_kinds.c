/* Photos as photo desks deliver them, drawn right: an embedded colour
 * profile (Adobe RGB, Display P3) converted to sRGB for the page image
 * and re-encoded for the PDF; an arithmetic-coded JPEG re-encoded as
 * baseline for the PDF; a photo scaled up keeping its edge pixels to the
 * edge (no fade). */
#include "harness.h"
#include "util.h"
#include "flow/flow.h"

#include <cairo.h>
#include <jpeglib.h>
#include <lcms2.h>

static pb_engine *engine;

/* A w × h JPEG of one colour, with an ICC profile (may be NULL) and
 * arithmetic coding as asked; malloc'd. */
static unsigned char *
solid_jpeg (int w, int h, const unsigned char rgb[3], const unsigned char *icc, size_t icc_len, bool arith,
            unsigned long *len)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  unsigned char *out = NULL;
  *len = 0;
  jpeg_mem_dest (&c, &out, len);
  c.image_width = (JDIMENSION) w;
  c.image_height = (JDIMENSION) h;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 95, TRUE);
  c.arith_code = arith;
  jpeg_start_compress (&c, TRUE);
  if (icc)
    jpeg_write_icc_profile (&c, icc, (unsigned) icc_len);
  unsigned char *row = malloc ((size_t) w * 3);
  for (int x = 0; x < w; x++)
    memcpy (row + 3 * x, rgb, 3);
  while (c.next_scanline < c.image_height) {
    JSAMPROW r = row;
    jpeg_write_scanlines (&c, &r, 1);
  }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  free (row);
  return out;
}

/* An RGB profile with the given primaries (x, y of red, green, blue),
 * D65 white and a 2.2 gamma; malloc'd ICC bytes. */
static unsigned char *
rgb_profile (const double prim[6], size_t *len)
{
  cmsCIExyY white = {0.3127, 0.3290, 1.0};
  cmsCIExyYTRIPLE p = {{prim[0], prim[1], 1.0}, {prim[2], prim[3], 1.0}, {prim[4], prim[5], 1.0}};
  cmsToneCurve *g = cmsBuildGamma (NULL, 2.2);
  cmsToneCurve *curves[3] = {g, g, g};
  cmsHPROFILE h = cmsCreateRGBProfile (&white, &p, curves);
  cmsSetProfileVersion (h, 2.1);
  cmsMLU *desc = cmsMLUalloc (NULL, 1);
  cmsMLUsetASCII (desc, "en", "US", "test wide-gamut RGB");
  cmsWriteTag (h, cmsSigProfileDescriptionTag, desc);
  cmsMLUfree (desc);
  cmsUInt32Number n = 0;
  cmsSaveProfileToMem (h, NULL, &n);
  unsigned char *out = malloc (n);
  cmsSaveProfileToMem (h, out, &n);
  cmsCloseProfile (h);
  cmsFreeToneCurve (g);
  *len = n;
  return out;
}

/* What sRGB colour a colour in the profile is. */
static void
expected_srgb (const unsigned char *icc, size_t len, const unsigned char in[3], int out[3])
{
  cmsHPROFILE a = cmsOpenProfileFromMem (icc, (cmsUInt32Number) len), s = cmsCreate_sRGBProfile ();
  cmsHTRANSFORM x = cmsCreateTransform (a, TYPE_RGB_8, s, TYPE_RGB_8, INTENT_PERCEPTUAL, 0);
  unsigned char o[3];
  cmsDoTransform (x, in, o, 1);
  for (int k = 0; k < 3; k++)
    out[k] = o[k];
  cmsDeleteTransform (x);
  cmsCloseProfile (a);
  cmsCloseProfile (s);
}

/* Builds a one-page edition of a figure of the photo at path into a
 * folder; returns the page image (caller destroys) and the figure's box. */
static cairo_surface_t *
build_with (const char *photo, const char *name, pb_dl_item *figure, char *pdf_path, size_t pdf_cap)
{
  char art[1024], yaml[1024], out[700];
  snprintf (art, sizeof art, "---\nheadline: 色彩\nid: colour\n---\n![一块颜色。](%s)\n\n正文。\n", photo);
  const char *ap = write_tmp ("colour.md", art);
  snprintf (yaml, sizeof yaml, "paper: 测试报\ndate: 2026-11-30\nlayout: %s/tests/layout/test.yaml\npages:\n"
            "  - number: 2\n    articles:\n      - src: %s\n        at: {col: 1, row: 1, cols: 2, rows: 20}\n",
            PB_SOURCE_DIR, ap);
  snprintf (out, sizeof out, "%s/%s", tmp_dir (), name);
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed = pb_edition_load (engine, write_tmp ("colour.yaml", yaml), d);
  pb_layout *L = ed ? pb_layout_create (engine, ed, d) : NULL;
  pb_output *o = L ? pb_output_open (out, d) : NULL;
  pb_write_options wo = {.dpi = 144};
  bool ok = o && pb_layout_write (L, o, &wo, d) == 0 && pb_output_commit (o, ed, d) == 0;
  if (!ok)
    dump_diags (d);
  CHECK (ok);
  for (size_t i = 0; ok && i < L->pages.v[0].items.n; i++)
    if (L->pages.v[0].items.v[i].kind == PB_DL_IMAGE)
      *figure = L->pages.v[0].items.v[i];
  pb_output_close (o);
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
  snprintf (pdf_path, pdf_cap, "%s/edition.pdf", out);
  char png[800];
  snprintf (png, sizeof png, "%s/pages/02.png", out);
  return ok ? cairo_image_surface_create_from_png (png) : NULL;
}

static void
pixel_at (cairo_surface_t *s, double x_pt, double y_pt, int rgb[3])
{
  int px = (int) (x_pt * 2), py = (int) (y_pt * 2); /* 144 dpi */
  const unsigned char *d = cairo_image_surface_get_data (s);
  uint32_t v = *(const uint32_t *) (d + (size_t) py * (size_t) cairo_image_surface_get_stride (s) + 4 * (size_t) px);
  rgb[0] = (v >> 16) & 0xFF;
  rgb[1] = (v >> 8) & 0xFF;
  rgb[2] = v & 0xFF;
}

static void
profile_case (const char *label, const double prim[6])
{
  size_t icc_len;
  unsigned char *icc = rgb_profile (prim, &icc_len);
  static const unsigned char colour[3] = {200, 80, 60};
  unsigned long len;
  unsigned char *jpg = solid_jpeg (300, 200, colour, icc, icc_len, false, &len);
  char name[64], path[700], pdf[800];
  snprintf (name, sizeof name, "%s.jpg", label);
  snprintf (path, sizeof path, "%s/%s", tmp_dir (), name);
  FILE *f = fopen (path, "wb");
  fwrite (jpg, 1, len, f);
  fclose (f);
  pb_dl_item fig = {0};
  snprintf (name, sizeof name, "out-%s", label);
  cairo_surface_t *s = build_with (path, name, &fig, pdf, sizeof pdf);
  int want[3], got[3];
  expected_srgb (icc, icc_len, colour, want);
  /* the test is worth something: the profile moves the colour */
  CHECK (abs (want[0] - colour[0]) + abs (want[1] - colour[1]) + abs (want[2] - colour[2]) > 15);
  if (s) {
    pixel_at (s, PB_TO_PT (fig.x + fig.w / 2), PB_TO_PT (fig.y + fig.h / 2), got);
    for (int k = 0; k < 3; k++)
      if (abs (got[k] - want[k]) > 6) {
        fprintf (stderr, "  %s: drawn %d,%d,%d, expected %d,%d,%d\n", label, got[0], got[1], got[2], want[0],
                 want[1], want[2]);
        CHECK (0);
        break;
      }
    cairo_surface_destroy (s);
  }
  /* the PDF holds a converted photo, not the tagged original (whose
   * APP2 segment carries the profile) */
  size_t pdf_len;
  char *p = pb_file_read (pdf, PB_MAX_PHOTO_FILE_BYTES, &pdf_len, NULL);
  CHECK (memmem (jpg, len, "ICC_PROFILE", 11) != NULL);
  CHECK (p && memmem (p, pdf_len, "ICC_PROFILE", 11) == NULL && memmem (p, pdf_len, "/DCTDecode", 10) != NULL);
  free (p);
  free (jpg);
  free (icc);
}

static void
adobe_rgb_and_display_p3 (void)
{
  static const double adobe[6] = {0.64, 0.33, 0.21, 0.71, 0.15, 0.06};
  static const double p3[6] = {0.680, 0.320, 0.265, 0.690, 0.150, 0.060};
  profile_case ("adobe-rgb", adobe);
  profile_case ("display-p3", p3);
}

static void
arithmetic_coding_reencoded (void)
{
  static const unsigned char colour[3] = {30, 120, 200};
  unsigned long len;
  unsigned char *jpg = solid_jpeg (300, 200, colour, NULL, 0, true, &len);
  char path[700], pdf[800];
  snprintf (path, sizeof path, "%s/arith.jpg", tmp_dir ());
  FILE *f = fopen (path, "wb");
  fwrite (jpg, 1, len, f);
  fclose (f);
  /* SOF9 (arithmetic, baseline): the file is what the test says */
  CHECK (memmem (jpg, len, "\xFF\xC9", 2) != NULL);
  pb_dl_item fig = {0};
  cairo_surface_t *s = build_with (path, "out-arith", &fig, pdf, sizeof pdf);
  if (s) {
    int got[3];
    pixel_at (s, PB_TO_PT (fig.x + fig.w / 2), PB_TO_PT (fig.y + fig.h / 2), got);
    CHECK (abs (got[0] - 30) < 8 && abs (got[1] - 120) < 8 && abs (got[2] - 200) < 8);
    cairo_surface_destroy (s);
  }
  size_t pdf_len;
  char *p = pb_file_read (pdf, PB_MAX_PHOTO_FILE_BYTES, &pdf_len, NULL);
  CHECK (p && memmem (p, pdf_len, "\xFF\xC9", 2) == NULL && memmem (p, pdf_len, "/DCTDecode", 10) != NULL);
  free (p);
  free (jpg);
}

static void
scaled_up_edges_not_faded (void)
{
  /* a 12 × 8 photo over a 2-column box: scaled up 20 times; its edge
   * pixels reach the box's edge as they are */
  static const unsigned char colour[3] = {20, 160, 40};
  unsigned long len;
  unsigned char *jpg = solid_jpeg (12, 8, colour, NULL, 0, false, &len);
  char path[700], pdf[800];
  snprintf (path, sizeof path, "%s/tiny.jpg", tmp_dir ());
  FILE *f = fopen (path, "wb");
  fwrite (jpg, 1, len, f);
  fclose (f);
  free (jpg);
  pb_dl_item fig = {0};
  cairo_surface_t *s = build_with (path, "out-tiny", &fig, pdf, sizeof pdf);
  if (s) {
    int edge[3], inner[3];
    double x0 = PB_TO_PT (fig.x) + 0.3, y0 = PB_TO_PT (fig.y) + 0.3;
    pixel_at (s, x0, y0, edge);
    pixel_at (s, x0 + 5, y0 + 5, inner);
    for (int k = 0; k < 3; k++)
      CHECK (abs (edge[k] - inner[k]) < 12);
    cairo_surface_destroy (s);
  }
}

int
main (void)
{
  engine = test_engine ();
  static const pb_test_case cases[] = {
    {"adobe_rgb_and_display_p3", adobe_rgb_and_display_p3},
    {"arithmetic_coding_reencoded", arithmetic_coding_reencoded},
    {"scaled_up_edges_not_faded", scaled_up_edges_not_faded},
  };
  int r = pb_test_run (cases, sizeof cases / sizeof cases[0]);
  pb_engine_destroy (engine);
  return r;
}
