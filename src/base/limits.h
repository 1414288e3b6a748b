/* All of paiban's limits in one place.  Each message that refuses an
 * input names the limit it hit and its value (pb_limit_name). */
#ifndef PB_LIMITS_H
#define PB_LIMITS_H

/* An article, edition or layout file: far above any day's copy (a long
 * feature is 50 KB), low enough to refuse a binary by mistake. */
#define PB_MAX_TEXT_FILE_BYTES   (16u * 1024u * 1024u)
/* A photo or ad file: a 120-megapixel camera original at high JPEG
 * quality is about 60 MB; an ordinary 45-Mpx original 20–25 MB. */
#define PB_MAX_PHOTO_FILE_BYTES  (128u * 1024u * 1024u)
#define PB_MAX_PARAGRAPH_BYTES   (6u * 1024u * 1024u)
#define PB_MAX_PROFILE_BYTES     (16u * 1024u * 1024u) /* an ICC profile */
#define PB_MAX_PAGES             400
#define PB_MAX_ARTICLES_PER_PAGE 64
/* Decoded pixels of one photo (w × h), and its longest side. */
#define PB_MAX_IMAGE_PIXELS      (120u * 1000u * 1000u)
#define PB_MAX_IMAGE_SIDE        30000
#define PB_MAX_COLUMNS           24
#define PB_MAX_GRID_ROWS         2000
#define PB_MAX_PROOF_PAGES       200
#define PB_MAX_YAML_DEPTH        32
#define PB_MAX_BREAK_ACTIVE      4096   /* active nodes in the line breaker */
/* An article id: 1 to 64 of [A-Za-z0-9._-], starting with a letter or
 * digit (it becomes a file name, a URL fragment and a PDF name). */
#define PB_MAX_ID_BYTES          64
/* Page images: WebP's largest side (libwebp, WEBP_MAX_DIMENSION) and
 * cairo's image surfaces (32767); the pixel buffer of one page image. */
#define PB_MAX_WEBP_SIDE         16383
/* …and its pixels: VP8's first partition (512 KiB of prediction modes)
 * overflows on a page image of about 100 megapixels; 64 leaves room. */
#define PB_MAX_WEBP_PIXELS       (64u * 1000u * 1000u)
#define PB_MAX_RASTER_SIDE       32767
#define PB_MAX_RASTER_BYTES      (1536ull * 1024u * 1024u)

#endif
