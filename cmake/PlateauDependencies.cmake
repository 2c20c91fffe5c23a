# Every dependency comes from Debian bookworm packages (scripts/install-deps.sh installs them).
# Only what every build needs is found here; each tool's own dependencies are found by the
# plateau_require_* macros below, called from the top-level CMakeLists.txt only when that tool is
# built. A pkg-config module honours CMAKE_DISABLE_FIND_PACKAGE_<PREFIX> as find_package does (the
# prefixes: HTSLIB, LIBDEFLATE, LIBISAL, FFTW3F), so tests can make a package unfindable.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 2.0 REQUIRED)
if(PLATEAU_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()

# plateau_pkg_module(<PREFIX> <module spec> <why>): PkgConfig::<PREFIX>, or a fatal error naming
# the option that needs it.
function(plateau_pkg_module prefix spec why)
  if(TARGET PkgConfig::${prefix})
    return()
  endif()
  if(CMAKE_DISABLE_FIND_PACKAGE_${prefix})
    message(FATAL_ERROR "${spec} is needed by ${why}, but CMAKE_DISABLE_FIND_PACKAGE_${prefix} is set")
  endif()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(${prefix} REQUIRED IMPORTED_TARGET GLOBAL ${spec})
endfunction()

# Reading and writing sequences (core's plateau_seqio): qc, and later amplicon and assemble.
macro(plateau_require_sequence_io why)
  plateau_pkg_module(HTSLIB "htslib>=1.13" "${why}")
  plateau_pkg_module(LIBDEFLATE libdeflate "${why}")
  plateau_pkg_module(LIBISAL libisal "${why}")
endmacro()

# The gateway: Poco (HTTP, SQLite) and OpenSSL's libcrypto (SHA-256; it comes with Poco::Crypto).
macro(plateau_require_gateway_deps)
  find_package(Poco REQUIRED COMPONENTS Foundation Util Net NetSSL JSON Data DataSQLite Crypto)
  if(NOT TARGET OpenSSL::Crypto)
    find_package(OpenSSL REQUIRED COMPONENTS Crypto)
  endif()
endmacro()

# FFTs and OpenMP numeric loops: class2d (PLATEAU_BUILD_CLASS2D).
macro(plateau_require_fft why)
  plateau_pkg_module(FFTW3F fftw3f "${why}")
  find_package(OpenMP REQUIRED COMPONENTS CXX)
endmacro()

# plateau-class2d-mpi (PLATEAU_CLASS2D_MPI, ON when MPI is found, e.g. Debian's libopenmpi-dev):
# only that executable links MPI; plateau-class2d and the class2d library never need it.
macro(plateau_optional_mpi)
  find_package(MPI QUIET COMPONENTS CXX)
  option(PLATEAU_CLASS2D_MPI "Build plateau-class2d-mpi (needs MPI: libopenmpi-dev)" ${MPI_CXX_FOUND})
  if(PLATEAU_CLASS2D_MPI)
    find_package(MPI REQUIRED COMPONENTS CXX)
  endif()
endmacro()
