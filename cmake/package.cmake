# The Debian package, `make deb` (docs/decisions/0019-debian-package.md): install() rules for the
# layout of the package and CPack's DEB generator. The layout is fixed, Debian's: /usr/bin, /usr/share,
# /etc/barometer, /lib/systemd/system, /var/lib/barometer, whatever CMAKE_INSTALL_PREFIX says
# (CPack installs under CPACK_PACKAGING_INSTALL_PREFIX=/usr). The version is project(VERSION).

# cpack installs what is built: the binary and the generated files below, never the tests.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(BAROMETER_PACKAGE_DIR ${CMAKE_BINARY_DIR}/package)
set(BAROMETER_DEBIAN_DIR ${CMAKE_SOURCE_DIR}/packaging/debian)

# The packaged unit is deploy/barometer.service (one place for the hardening) with the Debian
# paths: the binary in /usr/bin, the environment file optional (site.toml in /etc holds the
# settings). Each replaced line must be found, so an edit of the unit cannot silently drop one.
file(READ ${CMAKE_SOURCE_DIR}/deploy/barometer.service unit)
string(FIND "${unit}" "[Unit]" unit_start)
string(SUBSTRING "${unit}" ${unit_start} -1 unit)
foreach(pair
    "Documentation=file:///usr/local/share/doc/barometer/deploy.md|Documentation=man:barometer(1) file:///usr/share/doc/barometer/deploy.md.gz"
    "EnvironmentFile=/etc/barometer/barometer.env|EnvironmentFile=-/etc/barometer/barometer.env"
    "ExecStart=/usr/local/bin/barometer serve|ExecStart=/usr/bin/barometer serve")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  string(FIND "${unit}" "${from}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "cmake/package.cmake: deploy/barometer.service lacks '${from}'")
  endif()
  string(REPLACE "${from}" "${to}" unit "${unit}")
endforeach()
file(WRITE ${BAROMETER_PACKAGE_DIR}/barometer.service.new
  "# barometer (Debian package): `barometer serve --data /var/lib/barometer` as the barometer user;\n"
  "# settings in /etc/barometer/site.toml (linked from /var/lib/barometer/site.toml), secrets may go\n"
  "# in /etc/barometer/barometer.env. Generated from deploy/barometer.service (cmake/package.cmake);\n"
  "# override with `systemctl edit barometer`, not by editing this file.\n"
  "${unit}")
configure_file(${BAROMETER_PACKAGE_DIR}/barometer.service.new ${BAROMETER_PACKAGE_DIR}/barometer.service COPYONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/deploy/barometer.service)

# The man page and the packaged site.toml come from the binary itself (help2man; `barometer
# init`), so they are built on demand (`make deb`): help2man is needed only for the package.
add_custom_command(
  OUTPUT ${BAROMETER_PACKAGE_DIR}/barometer.1.gz
  COMMAND ${BAROMETER_DEBIAN_DIR}/make-manpage.sh $<TARGET_FILE:barometer> ${BAROMETER_PACKAGE_DIR}/barometer.1.gz
  DEPENDS barometer ${BAROMETER_DEBIAN_DIR}/make-manpage.sh
  COMMENT "Generating the man page barometer.1 (help2man)")
add_custom_command(
  OUTPUT ${BAROMETER_PACKAGE_DIR}/site.toml
  COMMAND ${BAROMETER_DEBIAN_DIR}/make-site-toml.sh $<TARGET_FILE:barometer> ${BAROMETER_PACKAGE_DIR}/site.toml
  DEPENDS barometer ${BAROMETER_DEBIAN_DIR}/make-site-toml.sh
  COMMENT "Generating the packaged site.toml")
add_custom_command(
  OUTPUT ${BAROMETER_PACKAGE_DIR}/changelog.gz ${BAROMETER_PACKAGE_DIR}/deploy.md.gz
  COMMAND gzip -9n <${BAROMETER_DEBIAN_DIR}/changelog >${BAROMETER_PACKAGE_DIR}/changelog.gz
  COMMAND gzip -9n <${CMAKE_SOURCE_DIR}/docs/deploy.md >${BAROMETER_PACKAGE_DIR}/deploy.md.gz
  DEPENDS ${BAROMETER_DEBIAN_DIR}/changelog ${CMAKE_SOURCE_DIR}/docs/deploy.md)
add_custom_target(package_files
  DEPENDS ${BAROMETER_PACKAGE_DIR}/barometer.1.gz ${BAROMETER_PACKAGE_DIR}/site.toml
          ${BAROMETER_PACKAGE_DIR}/changelog.gz ${BAROMETER_PACKAGE_DIR}/deploy.md.gz)

install(TARGETS barometer RUNTIME DESTINATION bin)
# default_theme_dir() looks in the binary's ../share/barometer/themes first: /usr/share/barometer/themes.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/themes/default ${CMAKE_SOURCE_DIR}/themes/admin
        DESTINATION share/barometer/themes)
install(FILES ${BAROMETER_PACKAGE_DIR}/barometer.1.gz DESTINATION share/man/man1)
install(FILES ${BAROMETER_DEBIAN_DIR}/copyright ${BAROMETER_PACKAGE_DIR}/changelog.gz
              ${BAROMETER_PACKAGE_DIR}/deploy.md.gz
        DESTINATION share/doc/barometer)
# Mode 0644 in the archive; postinst sets root:barometer 0640 by dpkg-statoverride (the group does
# not exist before postinst), which dpkg then keeps on every upgrade.
install(FILES ${BAROMETER_PACKAGE_DIR}/site.toml DESTINATION /etc/barometer)
install(FILES ${BAROMETER_PACKAGE_DIR}/barometer.service DESTINATION /lib/systemd/system)
install(DIRECTORY DESTINATION /var/lib/barometer)
# The data directory's site.toml is the conffile: every `--data /var/lib/barometer` reads /etc.
install(CODE "file(CREATE_LINK /etc/barometer/site.toml \"\$ENV{DESTDIR}/var/lib/barometer/site.toml\" SYMBOLIC)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME barometer)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "barometer developers <barometer@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "weekly situation monitor (web site and newsletter)")
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the long description below it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "\
Analysts publish one commentary per topic per week, marked got worse,
improved or unchanged; readers follow every topic in their language on
the web site, its feeds and a weekly newsletter. One binary serves the
public site and the back office, on SQLite or PostgreSQL.
.
This package runs one node as the barometer system user: settings in
/etc/barometer/site.toml, data in /var/lib/barometer.")
# barometer_VERSION_amd64.deb (no Debian revision: upstream builds the package).
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries' packages come from dpkg-shlibdeps; adduser and runuser (util-linux, essential) for postinst.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${BAROMETER_DEBIAN_DIR}/postinst ${BAROMETER_DEBIAN_DIR}/prerm ${BAROMETER_DEBIAN_DIR}/postrm
  ${BAROMETER_DEBIAN_DIR}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The release build keeps its debug information; the package does not.
set(CPACK_STRIP_FILES ON)
include(CPack)
