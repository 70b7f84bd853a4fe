// Parsing what barometer writes as XML back with libxml2, strictly (no recovery, no network, no
// entities), and validating it against the schemas in tests/checks/xsd. For the feed and
// sitemap tests of test_render and test_web (both link libxml2).
#pragma once

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace barometer::testing {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

// The document, or null when `text` is not well-formed XML.
inline XmlDoc parse_xml(const std::string& text) {
  return XmlDoc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "test.xml", "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

// The text of every node `xpath` selects; `ns` binds prefixes ({"a", "http://www.w3.org/2005/Atom"}).
inline std::vector<std::string> xpath_texts(xmlDoc* doc, const std::string& xpath,
                                            const std::vector<std::pair<std::string, std::string>>& ns) {
  std::vector<std::string> out;
  xmlXPathContext* ctx = xmlXPathNewContext(doc);
  for (const auto& [prefix, uri] : ns)
    xmlXPathRegisterNs(ctx, reinterpret_cast<const xmlChar*>(prefix.c_str()), reinterpret_cast<const xmlChar*>(uri.c_str()));
  xmlXPathObject* result = xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx);
  if (result && result->nodesetval) {
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      xmlChar* text = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      xmlFree(text);
    }
  }
  xmlXPathFreeObject(result);
  xmlXPathFreeContext(ctx);
  return out;
}

// Whether `doc` is valid against tests/checks/xsd/<schema_file>.
inline bool valid_against(xmlDoc* doc, const std::string& schema_file) {
  const std::string path = (source_dir() / "tests/checks/xsd" / schema_file).string();
  xmlSchemaParserCtxt* pctx = xmlSchemaNewParserCtxt(path.c_str());
  xmlSchema* schema = pctx ? xmlSchemaParse(pctx) : nullptr;
  bool ok = false;
  if (schema) {
    xmlSchemaValidCtxt* vctx = xmlSchemaNewValidCtxt(schema);
    ok = vctx && xmlSchemaValidateDoc(vctx, doc) == 0;
    if (vctx) xmlSchemaFreeValidCtxt(vctx);
    xmlSchemaFree(schema);
  }
  if (pctx) xmlSchemaFreeParserCtxt(pctx);
  return ok;
}

}  // namespace barometer::testing
