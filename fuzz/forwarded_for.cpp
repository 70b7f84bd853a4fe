// X-Forwarded-For behind trusted proxies (web/client_address.hpp). Input: the trusted-proxy
// entries on the first line (blank-separated, as in site.toml), the peer on the second, then the
// X-Forwarded-For header(s), one per line. Invariants: the client is the peer when the peer is
// not trusted; otherwise the peer or one address (no list, no blanks), the same on every call.
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "web/client_address.hpp"

using namespace barometer::web;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = barometer::fuzz::as_text(data, size);
  std::string_view entries_line = barometer::fuzz::take_line(rest);
  std::vector<std::string> entries;
  while (!entries_line.empty()) {
    const std::size_t blank = entries_line.find(' ');
    entries.emplace_back(entries_line.substr(0, blank));
    entries_line.remove_prefix(blank == std::string_view::npos ? entries_line.size() : blank + 1);
  }
  auto proxies = TrustedProxies::parse(entries);
  if (!proxies) proxies = TrustedProxies::parse({"127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"});
  FUZZ_CHECK(proxies);
  const std::string peer(barometer::fuzz::take_line(rest));
  Request request;
  while (!rest.empty()) request.headers.push_back({"X-Forwarded-For", std::string(barometer::fuzz::take_line(rest))});
  const std::string joined = forwarded_for(request);
  const std::string client = proxies->client_address(peer, joined);
  if (!proxies->trusts(peer)) {
    FUZZ_CHECK(client == peer);
    return 0;
  }
  // Otherwise the peer (a broken or empty header) or one address of the header, in canonical form.
  FUZZ_CHECK(client == peer || (!client.empty() && client.find_first_of(", \t") == std::string::npos));
  FUZZ_CHECK(client == peer || proxies->client_address(peer, joined) == client);
  return 0;
}
