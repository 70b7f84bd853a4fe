// A self-signed certificate for 127.0.0.1 (made with the openssl command), used by the TLS
// tests as the server's certificate and as the client's only trusted CA.
#pragma once

#include <cstdlib>
#include <string>

#include "support/temp_dir.hpp"

namespace barometer::testing {

struct Certificate {
  explicit Certificate(const TempDir& dir) : cert(dir.file("cert.pem")), key(dir.file("cert.key")) {
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                            "-addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert + " 2>/dev/null";
    ok = std::system(cmd.c_str()) == 0;
  }
  std::string cert, key;
  bool ok = false;
};

}  // namespace barometer::testing
