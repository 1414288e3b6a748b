/* render: draws a display list on any cairo surface (PDF, PNG). */
#ifndef PB_RENDER_H
#define PB_RENDER_H

#include "flow/flow.h"
#include <cairo.h>

/* PNG (RGB, fast compression) of an image surface, malloc'd. */
bool pb_png_encode (cairo_surface_t *surface, unsigned char **data, size_t *len);
/* JPEG of an image surface, malloc'd. */
bool pb_jpeg_encode (cairo_surface_t *surface, int quality, unsigned char **data, size_t *len);

/* Decoded images, one per photo and resolution class; owned by the
 * caller, freed with pb_image_cache_destroy. */
typedef struct pb_image_cache pb_image_cache;
pb_image_cache *pb_image_cache_create (bool for_pdf);
void pb_image_cache_destroy (pb_image_cache *cache);

/* Draws page onto cr, whose user space is the page in points.
 * px_per_pt is the device resolution (for choosing image decode scale;
 * 0 for vector output). */
void pb_render_page (cairo_t *cr, const pb_layout *layout, const pb_dl_page *page,
                     pb_image_cache *cache, double px_per_pt, pb_diagnostics *diags);
/* The same, drawing only the items of one article (-1: all). */
void pb_render_page_article (cairo_t *cr, const pb_layout *layout, const pb_dl_page *page,
                             pb_image_cache *cache, double px_per_pt, int article);

#endif
