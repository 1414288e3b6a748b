# Writes OUT, a C file defining one NUL-terminated byte array per file of
# FILES (the viewer's HTML, CSS and JavaScript), named pb_asset_<name>.
string(REPLACE "|" ";" FILES "${FILES}")
file(WRITE ${OUT} "/* generated from src/export/viewer by cmake/embed.cmake */\n#include <stddef.h>\n")
foreach(f ${FILES})
  get_filename_component(name ${f} NAME)
  string(MAKE_C_IDENTIFIER ${name} id)
  file(READ ${f} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  file(APPEND ${OUT} "const unsigned char pb_asset_${id}[] = {${hex}0};\n")
endforeach()
