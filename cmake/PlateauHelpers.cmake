# Helpers that give every domain library and every tool the same shape (docs/architecture.md).
#
#   plateau_add_domain(<name> [DEPENDS <libs>...] [PRIVATE_DEPENDS <libs>...])
#       plateau_<name> from every .cpp under src/<name>/ (recursively). Its include root exposes
#       only "<name>/..." (plus what it links: "core/..." from plateau_core), so a domain that
#       includes another domain's headers does not compile, and architecture.layering says why.
#   plateau_add_tool(<name> SOURCES <files>... DEPENDS <libs>...)
#       The executable plateau-<name> (a thin main on core/cli/tool.hpp), installed to bin/.
#   plateau_add_cli_tests(<name> [DEBIAN_DATA] [PEER <script names>...])   (tests/CMakeLists.txt)

# Exposes src/<name> to <target>'s users as "<name>/...": an include root in the build tree holding
# one symbolic link, so no include directory ever exposes all of src/.
function(plateau_expose_headers target name)
  set(root ${CMAKE_BINARY_DIR}/include/${name})
  if(NOT EXISTS ${root}/${name})
    file(MAKE_DIRECTORY ${root})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${name} ${root}/${name} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC ${root})
endfunction()

function(plateau_add_domain name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  add_library(plateau_${name} STATIC ${sources})
  plateau_expose_headers(plateau_${name} ${name})
  target_link_libraries(plateau_${name} PUBLIC plateau_core ${ARG_DEPENDS} PRIVATE ${ARG_PRIVATE_DEPENDS})
  set_property(GLOBAL APPEND PROPERTY PLATEAU_DOMAINS ${name})
endfunction()

function(plateau_add_tool name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_executable(plateau-${name} ${ARG_SOURCES})
  target_link_libraries(plateau-${name} PRIVATE plateau_cli ${ARG_DEPENDS})
  install(TARGETS plateau-${name} RUNTIME DESTINATION bin)
  set_property(GLOBAL APPEND PROPERTY PLATEAU_TOOLS ${name})
endfunction()

# Writes <build>/architecture/links.txt: "<domain>: <direct and interface link libraries>" for
# every domain, read by tests/architecture/check_layering.py (a domain must not link another
# domain's library). Call once, after every domain was added.
function(plateau_write_link_manifest)
  get_property(domains GLOBAL PROPERTY PLATEAU_DOMAINS)
  set(content "")
  foreach(d IN LISTS domains)
    string(APPEND content "${d}: $<TARGET_PROPERTY:plateau_${d},LINK_LIBRARIES>;$<TARGET_PROPERTY:plateau_${d},INTERFACE_LINK_LIBRARIES>\n")
  endforeach()
  file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/architecture/links.txt CONTENT "${content}")
endfunction()
