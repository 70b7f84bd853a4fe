// A throwaway PostgreSQL cluster for tests: initdb into a temp dir, pg_ctl start on a free
// loopback port (unix sockets in the same dir, fsync off), stopped and removed at process exit.
// One cluster per test executable; each test gets a fresh database from create_database().
//
// The server binaries are found in $BAROMETER_PG_BINDIR, else the newest
// /usr/lib/postgresql/*/bin, else $PATH. When the process runs as root (CI), the server runs as
// the `postgres` user (runuser), since PostgreSQL refuses to run as root. If the binaries are
// missing or the cluster cannot start, shared() returns the error: the tests using it FAIL, they
// are never skipped. Thread-safe.
#pragma once

#include <filesystem>
#include <mutex>
#include <string>

#include "domain/result.hpp"

namespace barometer::testing {

class PostgresCluster {
 public:
  // The process-wide cluster, started on the first call (a few seconds), or why it could not be.
  static Result<PostgresCluster*> shared();
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // postgresql://barometer@127.0.0.1:PORT/NAME
  std::string url(const std::string& database) const;
  // A new empty database (from template0); returns its URL.
  Result<std::string> create_database();
  // Drops the database of `url` (closing any connections still open to it).
  Status drop_database(const std::string& url);
  // Runs one SQL command in the maintenance database (tests of outages, settings...).
  Status admin(const std::string& sql);

 private:
  PostgresCluster() = default;
  Status start();

  std::filesystem::path dir_;
  std::filesystem::path bin_;
  std::string as_user_;  // "runuser -u postgres -- " when root, else ""
  int port_ = 0;
  bool running_ = false;
  std::mutex mutex_;
  int next_database_ = 0;  // guarded by mutex_
};

}  // namespace barometer::testing
