# Turns DIR/*.sql into a C++ source defining `const std::vector<Migration>& migrations()`
# in NAMESPACE, ordered by file name (0001_x.sql, 0002_y.sql, ...).
file(GLOB files ${DIR}/*.sql)
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version ${name})
  math(EXPR version "${version} + 0")
  file(READ ${f} sql)
  set(body "${body}    {${version}, \"${name}\", R\"__sql__(${sql})__sql__\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from ${DIR} by cmake/embed_migrations.cmake; do not edit.\n#include \"storage/migration.hpp\"\nnamespace ${NAMESPACE} {\nconst std::vector<barometer::Migration>& migrations() {\n  static const std::vector<barometer::Migration> all = {\n${body}  };\n  return all;\n}\n}  // namespace ${NAMESPACE}\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
