/* render: draws a display list on any cairo surface (PDF, PNG). */
#ifndef PB_RENDER_H
#define PB_RENDER_H

#include "flow/flow.h"
#include <cairo.h>

/* PNG (RGB, fast compression) of an image surface, malloc'd. */
bool pb_png_encode (cairo_surface_t *surface, unsigned char **data, size_t *len);
/* JPEG of an image surface, malloc'd. */
bool pb_jpeg_encode (cairo_surface_t *surface, int quality, unsigned char **data, size_t *len);

/* The same for packed samples (w × h × components: 1 grey, 3 RGB, 4
 * CMYK ink, 255 = full, written in Adobe's inverted form, 255 = no ink,
 * as YCCK with Adobe's marker, no subsampling; a PDF needs /Decode
 * [1 0 1 0 1 0 1 0] for it). */
bool pb_jpeg_encode_samples (const unsigned char *px, int w, int h, int components, int quality,
                             unsigned char **data, size_t *len);
/* A JPEG's samples as stored (grey, RGB, or CMYK — Adobe's inverted when
 * img->adobe_inverted), decoded at eighths/8 of its size by libjpeg's
 * scaled inverse DCT (8: full size): packed rows of *width × *components
 * bytes, *height rows, malloc'd; NULL on failure. */
unsigned char *pb_jpeg_decode_samples (const pb_image *img, int eighths, int *components, int *width, int *height);
/* The size in pixels a JPEG decodes to at eighths/8; false if its header
 * cannot be read. */
bool pb_jpeg_scaled_size (const pb_image *img, int eighths, int *width, int *height);
/* A CMYK JPEG's rows as it decodes, one at a time to each (w pixels of
 * 4 samples as stored: Adobe's inverted form, 255 = no ink, when it is
 * one); false if it is not a CMYK JPEG or cannot be decoded. */
typedef void (*pb_jpeg_row_fn) (void *ctx, int y, const unsigned char *cmyk, int w);
bool pb_jpeg_cmyk_rows (const pb_image *img, pb_jpeg_row_fn each, void *ctx);
/* Whether img's bytes are a whole JPEG (its header read, its end marker
 * there) of width × height pixels. */
bool pb_jpeg_same_size (const pb_image *img, int width, int height);
/* Any photo decoded to sRGB (RGB24, or ARGB32 with alpha): the caller
 * destroys it; NULL on failure. */
cairo_surface_t *pb_image_decode (const pb_image *img);

/* What one output draws with: decoded images, one per photo (the same
 * bytes are one photo) and resolution class, and for the press its
 * colour keys.  Owned by the caller, freed with pb_image_cache_destroy;
 * one per thread. */
typedef struct pb_image_cache pb_image_cache;
pb_image_cache *pb_image_cache_create (bool for_pdf);

/* What every output of one run shares, safe in several threads: each
 * photo a PDF must re-encode (CMYK to sRGB, a profile applied, a JPEG
 * a PDF cannot take as it is) converted once for all of the run's PDFs,
 * at eighths(ctx, image)/8 of its size (libjpeg's scaled inverse DCT;
 * NULL: whole); and one Little CMS transform per profile for every decode.
 * Freed with pb_photo_store_destroy after every cache that uses it. */
typedef struct pb_photo_store pb_photo_store;
typedef int (*pb_photo_eighths_fn) (const void *ctx, const pb_image *image);
pb_photo_store *pb_photo_store_create (pb_photo_eighths_fn eighths, const void *ctx);
void pb_photo_store_destroy (pb_photo_store *store);
/* Makes store the page PDFs' for the site: every JPEG its eighths makes
 * smaller (not only those a PDF must re-encode) is decoded at that size
 * and encoded again at quality (1–100); sharper ones pass through. */
void pb_photo_store_set_web (pb_photo_store *store, int quality);
/* A cache that takes its converted photos and transforms from store
 * (borrowed; NULL: none, as pb_image_cache_create). */
pb_image_cache *pb_image_cache_create_shared (bool for_pdf, pb_photo_store *store);

/* A photo as the press PDF gets it: a JPEG (CMYK, or grey) of its stored
 * pixels, width × height px as stored (fewer where the press module
 * downsampled it; drawn over the same box); inverted: Adobe's CMYK
 * (255 = no ink), which needs /Decode [1 0 1 0 1 0 1 0]. */
typedef struct {
  const pb_image *image;
  const unsigned char *jpeg;  /* borrowed; lives as long as the cache */
  size_t len;
  int width, height;          /* px of the JPEG */
  bool inverted;
} pb_press_photo;

/* The press PDF's drawing resources: photos from `photos` (borrowed,
 * n entries); every colour drawn as a key, the RGB value of its 1-based
 * index in the cache's palette (0x000001 is the first colour met), which
 * the press finisher maps back to ink exactly. */
pb_image_cache *pb_image_cache_create_press (const pb_press_photo *photos, size_t n);
/* Whether the cache draws for the press. */
bool pb_image_cache_is_press (const pb_image_cache *cache);
/* The palette of a press cache: the colours drawn, in key order (index
 * 0 is key 1); borrowed from the cache. */
const pb_color *pb_image_cache_palette (const pb_image_cache *cache, size_t *n);
/* The RGB value to draw colour c with: c.rgb, or its key (press). */
uint32_t pb_image_cache_color (pb_image_cache *cache, pb_color c);
/* Whether two images are one photo (the same bytes). */
bool pb_image_same (const pb_image *a, const pb_image *b);
void pb_image_cache_destroy (pb_image_cache *cache);

/* One font at a time: every use of the fonts by cairo — drawing glyphs
 * (rasterised at once on an image surface, looked up for a PDF) and
 * showing and finishing a PDF page or surface (the page's glyphs go into
 * the font subsets) — holds the lock of the fonts target draws with.
 * cairo 1.16's FreeType backend is not safe when two threads use one
 * font: a worker rasterising a page image while the edition PDF embedded
 * its subsets crashed about one build in four on two cores (a segfault,
 * or "error occurred in libfreetype").  Page images draw from the whole
 * fonts and PDFs from the cut fonts (fonts.c), which share no FreeType
 * face or cairo font: each kind has its lock, so a page image is drawn
 * while a PDF embeds its subsets (with PAIBAN_WHOLE_FONTS=1 both take
 * the one lock).  Photos, PNG and WebP encoding and everything else run
 * in parallel. */
void pb_render_fonts_lock (cairo_surface_t *target);
void pb_render_fonts_unlock (cairo_surface_t *target);

/* The Art and Figure structure elements a tagged PDF of these pages gets,
 * in the order they are made (each article's items on a page one Art;
 * each photo one Figure). */
typedef struct {
  int article, block;
} pb_tag_element;
typedef struct {
  PB_VEC (pb_tag_element) arts;
  PB_VEC (pb_tag_element) figures;
} pb_tag_sequence;
/* Fills seq (freed by the caller with PB_VEC_FREE) for pages[0..n) drawn
 * as pb_render_page_article draws them; false when out of memory. */
bool pb_render_tag_sequence (const pb_layout *layout, const size_t *pages, size_t n, int article,
                             pb_tag_sequence *seq);

/* Draws page onto cr, whose user space is the page in points: the items
 * of one article, or all (article −1).  px_per_pt is the device
 * resolution (for choosing image decode scale; 0 for vector output).
 * apart: the PDF holds this page without the others (a page PDF, its
 * siblings beside it as NN.pdf), so a jump line links to its target's
 * file.  False when something could not be drawn (out of memory) or cr is
 * in error; cairo's status is sticky, so the caller also checks it. */
bool pb_render_page_article (cairo_t *cr, const pb_layout *layout, const pb_dl_page *page,
                             pb_image_cache *cache, double px_per_pt, int article, bool apart,
                             pb_diagnostics *diags);

#endif
