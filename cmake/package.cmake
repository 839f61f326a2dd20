# The Debian package wireshark-tlsdiag (cpack -G DEB in a build tree): the
# plugin in the plugin folder of the Wireshark it was built against and the
# profile in Wireshark's global profiles folder, depending on that exact
# libwireshark ABI package. Its install rules belong to the component
# "system-package" only, so a plain `cmake --install` keeps installing where
# TLSDIAG_INSTALL_SCOPE says and any build tree can make the package.
if(NOT TLSDIAG_BUILD_PLUGIN)
  return()
endif()

# Paths relative to Wireshark's prefix (/usr), which the package installs under.
file(RELATIVE_PATH TLSDIAG_PACKAGE_PLUGIN_DIR "${Wireshark_INSTALL_PREFIX}" "${Wireshark_PLUGIN_INSTALL_DIR}/epan")
install(TARGETS tlsdiag LIBRARY DESTINATION "${TLSDIAG_PACKAGE_PLUGIN_DIR}"
        COMPONENT system-package EXCLUDE_FROM_ALL)
install(DIRECTORY "${CMAKE_BINARY_DIR}/profile/tlsdiag" DESTINATION share/wireshark/profiles
        COMPONENT system-package EXCLUDE_FROM_ALL)

# The Debian package that holds the libwireshark this build links to (libwireshark16 for 4.0).
get_target_property(_configs epan IMPORTED_CONFIGURATIONS)
list(GET _configs 0 _config)
get_target_property(_libwireshark epan IMPORTED_LOCATION_${_config})
execute_process(COMMAND dpkg-query -S "${_libwireshark}"
                OUTPUT_VARIABLE _owner RESULT_VARIABLE _status ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _status EQUAL 0)
  message(STATUS "tlsdiag: ${_libwireshark} comes from no Debian package; no Debian package of tlsdiag")
  return()
endif()
string(REGEX REPLACE "[:,].*" "" TLSDIAG_LIBWIRESHARK_PACKAGE "${_owner}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wireshark-tlsdiag)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "tlsdiag <tlsdiag@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark plugin that diagnoses failing TLS connections")
set(CPACK_PACKAGING_INSTALL_PREFIX "${Wireshark_INSTALL_PREFIX}")
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};tlsdiag;system-package;/")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # wireshark-tlsdiag_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${TLSDIAG_LIBWIRESHARK_PACKAGE}")
# The other libraries the plugin links (GnuTLS, libplist) as dpkg-shlibdeps finds them.
find_program(TLSDIAG_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(TLSDIAG_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
message(STATUS "tlsdiag: cpack -G DEB makes wireshark-tlsdiag depending on ${TLSDIAG_LIBWIRESHARK_PACKAGE}")
