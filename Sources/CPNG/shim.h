// libpng (Debian libpng-dev). pinn uses only the "simplified" API (png_image_*), which reports
// errors through the png_image struct instead of longjmp, so it is safe to call from Swift.
#pragma once
#include <png.h>

static inline unsigned int pinn_PNG_IMAGE_VERSION(void) { return PNG_IMAGE_VERSION; }
static inline unsigned int pinn_PNG_FORMAT_RGB(void) { return PNG_FORMAT_RGB; }
