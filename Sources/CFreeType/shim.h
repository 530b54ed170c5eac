// FreeType 2 (Debian libfreetype-dev): rasterises the plots' text from a TrueType font.
#pragma once
#include <ft2build.h>
#include FT_FREETYPE_H

static inline FT_Int32 pinn_FT_LOAD_RENDER(void) { return FT_LOAD_RENDER; }
static inline FT_Int32 pinn_FT_LOAD_TARGET_LIGHT(void) { return FT_LOAD_TARGET_LIGHT; }
