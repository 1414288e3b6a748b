/* Images: CMYK JPEGs in true colours, EXIF orientation applied, PNG
 * alpha, JPEG bytes passed into the PDF unchanged, effective ppi. */
#include "harness.h"
#include "util.h"
#include "flow/flow.h"

#include <cairo.h>

static pb_engine *engine;
static pb_layout *layout;
static cairo_surface_t *png;
static double px_per_pt;
static char out_dir[600];

static const pb_dl_item *
find_image (const char *suffix)
{
  const pb_dl_page *p = &layout->pages.v[0];
  for (size_t i = 0; i < p->items.n; i++) {
    const pb_dl_item *it = &p->items.v[i];
    size_t n = it->image ? strlen (it->image->path) : 0;
    if (it->kind == PB_DL_IMAGE && n >= strlen (suffix) && strcmp (it->image->path + n - strlen (suffix), suffix) == 0)
      return it;
  }
  return NULL;
}

/* The page image's pixel at a point given as fractions of a box. */
static void
pixel (const pb_dl_item *it, double fx, double fy, int rgb[3])
{
  double x = PB_TO_PT (it->x) + fx * PB_TO_PT (it->w), y = PB_TO_PT (it->y) + fy * PB_TO_PT (it->h);
  int px = (int) (x * px_per_pt), py = (int) (y * px_per_pt);
  const unsigned char *d = cairo_image_surface_get_data (png);
  uint32_t v = *(const uint32_t *) (d + (size_t) py * (size_t) cairo_image_surface_get_stride (png) + 4 * (size_t) px);
  rgb[0] = (v >> 16) & 0xFF;
  rgb[1] = (v >> 8) & 0xFF;
  rgb[2] = v & 0xFF;
}

static void
cmyk_true_colours (void)
{
  const pb_dl_item *it = find_image ("cmyk.jpg");
  CHECK (it != NULL);
  if (!it)
    return;
  int sky[3], field[3];
  pixel (it, 0.5, 0.08, sky);
  pixel (it, 0.2, 0.85, field);
  /* sky blue, wheat yellow — not the near-black of an uninverted CMYK */
  CHECK (sky[2] > 150 && sky[2] > sky[0]);
  CHECK (field[0] > 150 && field[1] > 110 && field[2] < 120);
}

static void
exif_orientation (void)
{
  const pb_dl_item *it = find_image ("exif6.jpg");
  CHECK (it != NULL);
  if (!it)
    return;
  /* displayed upright: portrait box, the white arrow at the top centre */
  CHECK (it->ih > it->iw);
  int top[3], bottom[3];
  double ty = (PB_TO_PT (it->iy) + 0.13 * PB_TO_PT (it->ih) - PB_TO_PT (it->y)) / PB_TO_PT (it->h);
  CHECK (ty > 0.02 && ty < 0.3); /* inside the shown part of the photo */
  pixel (it, 0.5, ty, top);
  pixel (it, 0.5, 0.97, bottom);
  CHECK (top[0] > 200 && top[1] > 200 && top[2] > 200);
  CHECK (!(bottom[0] > 200 && bottom[1] > 200 && bottom[2] > 200));
}

static void
png_alpha (void)
{
  const pb_dl_item *it = find_image ("alpha.png");
  CHECK (it != NULL);
  if (!it)
    return;
  int centre[3], corner[3];
  pixel (it, 0.5, 0.5, centre);
  /* the image's corner, inside its box: transparent, so the white page */
  double cx = (PB_TO_PT (it->ix) - PB_TO_PT (it->x) + 2) / PB_TO_PT (it->w);
  double cy = (PB_TO_PT (it->iy) - PB_TO_PT (it->y) + 2) / PB_TO_PT (it->h);
  pixel (it, cx, cy, corner);
  CHECK (centre[0] > 200 && centre[1] < 80 && centre[2] < 80);
  CHECK (corner[0] > 240 && corner[1] > 240 && corner[2] > 240);
}

static void
jpeg_passed_through (void)
{
  char path[700];
  snprintf (path, sizeof path, "%s/edition.pdf", out_dir);
  size_t pdf_len, jpg_len;
  char *pdf = pb_file_read (path, PB_MAX_PHOTO_FILE_BYTES, &pdf_len, NULL);
  char *jpg = pb_file_read (PB_SOURCE_DIR "/tests/data/exif6.jpg", PB_MAX_PHOTO_FILE_BYTES, &jpg_len, NULL);
  CHECK (pdf && jpg);
  if (pdf && jpg)
    CHECK (memmem (pdf, pdf_len, jpg, jpg_len) != NULL); /* the very bytes */
  free (pdf);
  free (jpg);
}

static void
effective_ppi (void)
{
  CHECK (layout->photos.n == 3);
  for (size_t i = 0; i < layout->photos.n; i++) {
    const pb_photo_record *r = &layout->photos.v[i];
    CHECK (r->ppi_x > 10 && r->ppi_x < 1000);
  }
}

int
main (void)
{
  engine = test_engine ();
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed = pb_edition_load (engine, PB_SOURCE_DIR "/tests/data/images.yaml", d);
  layout = ed ? pb_layout_create (engine, ed, d) : NULL;
  snprintf (out_dir, sizeof out_dir, "%s/images-out", tmp_dir ());
  pb_write_options o = {.dpi = 144};
  px_per_pt = 2.0;
  pb_output *out = layout && !pb_diagnostics_has_errors (d) ? pb_output_open (out_dir, d) : NULL;
  if (!out || pb_layout_write (layout, out, &o, d) != 0 || pb_output_commit (out, ed, d) != 0) {
    dump_diags (d);
    return 1;
  }
  pb_output_close (out);
  char path[700];
  snprintf (path, sizeof path, "%s/pages/02.png", out_dir);
  png = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (png)) {
    fprintf (stderr, "cannot read %s\n", path);
    return 1;
  }
  static const pb_test_case cases[] = {
    {"cmyk_true_colours", cmyk_true_colours}, {"exif_orientation", exif_orientation},
    {"png_alpha", png_alpha}, {"jpeg_passed_through", jpeg_passed_through},
    {"effective_ppi", effective_ppi},
  };
  int r = pb_test_run (cases, sizeof cases / sizeof cases[0]);
  cairo_surface_destroy (png);
  pb_layout_destroy (layout);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
  pb_engine_destroy (engine);
  return r;
}
