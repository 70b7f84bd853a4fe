# Turns the text file IN into a C++ source OUT defining `std::string_view FUNCTION()` in
# NAMESPACE, returning the file's bytes (a raw string literal; the file must not contain the
# delimiter )__text__"). Used for src/web/api/openapi.json.
file(READ ${IN} text)
string(FIND "${text}" ")__text__\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw string delimiter")
endif()
file(WRITE ${OUT}.tmp "// Generated from ${IN} by cmake/embed_text.cmake; do not edit.\n#include <string_view>\nnamespace ${NAMESPACE} {\nstd::string_view ${FUNCTION}() {\n  static constexpr std::string_view text = R\"__text__(${text})__text__\";\n  return text;\n}\n}  // namespace ${NAMESPACE}\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
