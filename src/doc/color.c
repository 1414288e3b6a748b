/* Colour: the model's colour values, and the plant's CMYK profile that
 * takes them (and photos) to the press, through Little CMS.
 *
 * Rendering intent: relative colorimetric with black point compensation
 * for everything (ISO 12647-3 practice for newsprint separations), so
 * paper white stays unprinted and the darkest sRGB black becomes the
 * plant's darkest black.  Transforms are made without lcms's one-pixel
 * cache, so that page workers may share them. */
#include "doc/doc.h"

#include <lcms2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

bool
pb_color_equal (pb_color a, pb_color b)
{
  return a.rgb == b.rgb && a.space == b.space && memcmp (a.ink, b.ink, sizeof a.ink) == 0;
}

struct pb_press_profile {
  cmsHPROFILE icc;
  /* made on first use (each costs a table of the profile's grid) */
  pthread_mutex_t lock;
  bool locked, made;
  cmsHTRANSFORM rgb_to_cmyk;   /* sRGB → press, doubles (ink 0–100) */
  cmsHTRANSFORM cmyk_to_lab;   /* press → Lab D50 */
  cmsHTRANSFORM cmyk_to_rgb;   /* press → sRGB 8-bit, the screen rendering */
  char description[256];
};

#define FLAGS (cmsFLAGS_NOCACHE | cmsFLAGS_BLACKPOINTCOMPENSATION)

pb_press_profile *
pb_press_profile_open (const unsigned char *icc, size_t len, const char **why)
{
  *why = N_ ("out of memory");
  pb_press_profile *p = pb_calloc (1, sizeof *p);
  if (!p)
    return NULL;
  p->icc = cmsOpenProfileFromMem (icc, (cmsUInt32Number) len);
  if (!p->icc) {
    *why = N_ ("not an ICC profile Little CMS can read");
    free (p);
    return NULL;
  }
  if (cmsGetColorSpace (p->icc) != cmsSigCmykData || cmsGetDeviceClass (p->icc) != cmsSigOutputClass) {
    *why = N_ ("not a CMYK output (printer) profile");
    cmsCloseProfile (p->icc);
    free (p);
    return NULL;
  }
  if (!cmsIsIntentSupported (p->icc, INTENT_RELATIVE_COLORIMETRIC, LCMS_USED_AS_OUTPUT)
      || !cmsIsIntentSupported (p->icc, INTENT_RELATIVE_COLORIMETRIC, LCMS_USED_AS_INPUT)) {
    *why = N_ ("a profile Little CMS cannot convert with (no relative colorimetric tables)");
    pb_press_profile_destroy (p);
    return NULL;
  }
  if (pthread_mutex_init (&p->lock, NULL) != 0) {
    pb_press_profile_destroy (p);
    return NULL;
  }
  p->locked = true;
  cmsGetProfileInfoASCII (p->icc, cmsInfoDescription, "en", "US", p->description, sizeof p->description);
  return p;
}

/* The colour transforms, made once (false: Little CMS could not). */
static bool
transforms (pb_press_profile *p)
{
  pthread_mutex_lock (&p->lock);
  if (!p->made) {
    p->made = true;
    cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
    cmsHPROFILE lab = cmsCreateLab4Profile (NULL);
    if (srgb && lab) {
      p->rgb_to_cmyk = cmsCreateTransform (srgb, TYPE_RGB_DBL, p->icc, TYPE_CMYK_DBL, INTENT_RELATIVE_COLORIMETRIC,
                                           FLAGS);
      p->cmyk_to_lab = cmsCreateTransform (p->icc, TYPE_CMYK_DBL, lab, TYPE_Lab_DBL, INTENT_RELATIVE_COLORIMETRIC,
                                           cmsFLAGS_NOCACHE);
      p->cmyk_to_rgb = cmsCreateTransform (p->icc, TYPE_CMYK_DBL, srgb, TYPE_RGB_8, INTENT_RELATIVE_COLORIMETRIC,
                                           FLAGS);
    }
    if (srgb)
      cmsCloseProfile (srgb);
    if (lab)
      cmsCloseProfile (lab);
  }
  bool ok = p->rgb_to_cmyk && p->cmyk_to_lab && p->cmyk_to_rgb;
  pthread_mutex_unlock (&p->lock);
  return ok;
}

void
pb_press_profile_destroy (pb_press_profile *p)
{
  if (!p)
    return;
  if (p->locked)
    pthread_mutex_destroy (&p->lock);
  if (p->rgb_to_cmyk)
    cmsDeleteTransform (p->rgb_to_cmyk);
  if (p->cmyk_to_lab)
    cmsDeleteTransform (p->cmyk_to_lab);
  if (p->cmyk_to_rgb)
    cmsDeleteTransform (p->cmyk_to_rgb);
  cmsCloseProfile (p->icc);
  free (p);
}

const char *
pb_press_profile_description (const pb_press_profile *p)
{
  return p->description;
}

uint32_t
pb_press_profile_screen (pb_press_profile *p, const double ink[4])
{
  if (!transforms (p))
    return 0x000000;
  double in[4];
  unsigned char out[3];
  for (int i = 0; i < 4; i++)
    in[i] = ink[i] * 100.0;
  cmsDoTransform (p->cmyk_to_rgb, in, out, 1);
  return ((uint32_t) out[0] << 16) | ((uint32_t) out[1] << 8) | out[2];
}

static double
lightness (pb_press_profile *p, const double ink100[4])
{
  cmsCIELab lab;
  cmsDoTransform (p->cmyk_to_lab, ink100, &lab, 1);
  return lab.L;
}

void
pb_press_profile_ink (pb_press_profile *p, pb_color c, double ink[4])
{
  if (c.space != PB_COLOR_RGB || !transforms (p)) {
    for (int i = 0; i < 4; i++)
      ink[i] = c.space == PB_COLOR_GRAY && i < 3 ? 0 : c.ink[i] / 100.0;
    return;
  }
  unsigned r = (c.rgb >> 16) & 0xFF, g = (c.rgb >> 8) & 0xFF, b = c.rgb & 0xFF;
  double rgb[3] = {r / 255.0, g / 255.0, b / 255.0}, cmyk[4];
  if (r == g && g == b && (r == 0 || r == 255)) {
    /* black and white exactly: solid K, and no ink */
    ink[0] = ink[1] = ink[2] = 0;
    ink[3] = r == 0 ? 1.0 : 0.0;
    return;
  }
  cmsDoTransform (p->rgb_to_cmyk, rgb, cmyk, 1);
  if (r != g || g != b) {
    for (int i = 0; i < 4; i++)
      ink[i] = cmyk[i] < 0 ? 0 : cmyk[i] > 100 ? 1 : cmyk[i] / 100.0;
    return;
  }
  /* a neutral grey: the K-only tint printing the lightness the profile
   * gives the grey's own separation (bisection: K darkens monotonically) */
  double target = lightness (p, cmyk), lo = 0, hi = 100;
  for (int i = 0; i < 30; i++) {
    double mid = (lo + hi) / 2, k[4] = {0, 0, 0, mid};
    if (lightness (p, k) > target)
      lo = mid;
    else
      hi = mid;
  }
  ink[0] = ink[1] = ink[2] = 0;
  ink[3] = (lo + hi) / 200.0;
}

struct pb_press_transform {
  cmsHTRANSFORM x;
};

pb_press_transform *
pb_press_transform_create (const pb_press_profile *p, const unsigned char *src_icc, size_t src_icc_len,
                           int src_components, bool inverted, bool flat)
{
  cmsHPROFILE src = src_icc ? cmsOpenProfileFromMem (src_icc, (cmsUInt32Number) src_icc_len) : NULL;
  cmsColorSpaceSignature want = src_components == 4 ? cmsSigCmykData
                                : src_components == 1 ? cmsSigGrayData : cmsSigRgbData;
  if (src && cmsGetColorSpace (src) != want) {
    cmsCloseProfile (src);
    src = NULL;
  }
  bool own = src != NULL;
  if (!src) {
    if (src_components == 3)
      src = cmsCreate_sRGBProfile ();
    else if (src_components == 1) {
      cmsToneCurve *g = cmsBuildGamma (NULL, 2.2);
      src = g ? cmsCreateGrayProfile (cmsD50_xyY (), g) : NULL;
      if (g)
        cmsFreeToneCurve (g);
    } else
      src = p->icc;
    own = src != p->icc;
  }
  pb_press_transform *t = src ? pb_calloc (1, sizeof *t) : NULL;
  if (t) {
    cmsUInt32Number fmt = src_components == 4 ? (inverted ? TYPE_CMYK_8_REV : TYPE_CMYK_8)
                          : src_components == 1 ? TYPE_GRAY_8 : TYPE_RGB_8;
    /* one thread's: lcms's one-pixel cache kept for flat colours */
    t->x = cmsCreateTransform (src, fmt, p->icc, TYPE_CMYK_8, INTENT_RELATIVE_COLORIMETRIC,
                               cmsFLAGS_BLACKPOINTCOMPENSATION | (flat ? 0 : cmsFLAGS_NOCACHE));
    if (!t->x) {
      free (t);
      t = NULL;
    }
  }
  if (src && own)
    cmsCloseProfile (src);
  return t;
}

void
pb_press_transform_pixels (pb_press_transform *t, const unsigned char *in, unsigned char *out, size_t n)
{
  cmsDoTransform (t->x, in, out, (cmsUInt32Number) n);
}

void
pb_press_transform_destroy (pb_press_transform *t)
{
  if (!t)
    return;
  cmsDeleteTransform (t->x);
  free (t);
}
