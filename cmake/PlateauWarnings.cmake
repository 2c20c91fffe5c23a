# Project-wide compile settings, applied to our own targets through plateau_settings.
add_library(plateau_settings INTERFACE)
target_compile_options(plateau_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow
  $<$<BOOL:${PLATEAU_WERROR}>:-Werror>
  $<$<BOOL:${PLATEAU_NATIVE}>:-march=native>)
if(PLATEAU_SANITIZE)
  target_compile_options(plateau_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(plateau_settings INTERFACE -fsanitize=address,undefined)
endif()
