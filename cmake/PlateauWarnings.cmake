# Project-wide compile settings, applied to our own targets through plateau_settings.
add_library(plateau_settings INTERFACE)
target_compile_options(plateau_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow
  $<$<BOOL:${PLATEAU_WERROR}>:-Werror>
  # GCC 12 reports std::string concatenation at -O3 as overlapping memcpy (GCC bug 105329).
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>
  $<$<BOOL:${PLATEAU_NATIVE}>:-march=native>)
if(PLATEAU_SANITIZE)
  # Sanitizer instrumentation makes GCC 12 report std::regex/std::function internals as maybe uninitialized.
  target_compile_options(plateau_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined -Wno-maybe-uninitialized)
  target_link_options(plateau_settings INTERFACE -fsanitize=address,undefined)
endif()
