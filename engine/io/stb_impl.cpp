// The one translation unit that compiles stb_image and stb_image_write (header-only libraries
// from Debian's libstb-dev), rather than linking Debian's libstb, so any system with the headers
// builds. Their code is not ours: the warnings our targets enable are silenced for this file only
// (GCC 12 compiles it cleanly today; other compilers may not).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_GIF  // still images only
#include <stb/stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop
