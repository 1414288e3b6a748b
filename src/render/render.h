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

/* Draws page onto cr, whose user space is the page in points: the items
 * of one article, or all (article −1).  px_per_pt is the device
 * resolution (for choosing image decode scale; 0 for vector output).
 * False when something could not be drawn (out of memory) or cr is in
 * error; cairo's status is sticky, so the caller also checks it. */
bool pb_render_page_article (cairo_t *cr, const pb_layout *layout, const pb_dl_page *page,
                             pb_image_cache *cache, double px_per_pt, int article, pb_diagnostics *diags);

#endif
