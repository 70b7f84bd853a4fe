// The OpenAPI 3.1 document of the read API: src/web/api/openapi.json, compiled into the binary
// (cmake/embed_text.cmake) so that the file the tests validate is the one /api/v1/openapi.json
// serves. Written by hand, once: the checks (tests/checks/api_openapi.sh) hold the handlers to it.
#pragma once

#include <string_view>

namespace barometer::web::api {

std::string_view openapi_document();

}  // namespace barometer::web::api
