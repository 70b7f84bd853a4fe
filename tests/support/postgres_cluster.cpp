#include "support/postgres_cluster.hpp"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace barometer::testing {

namespace fs = std::filesystem;

namespace {

constexpr const char* kUser = "barometer";  // the cluster's superuser (trust auth, loopback only)

fs::path find_bindir() {
  if (const char* env = std::getenv("BAROMETER_PG_BINDIR"); env && *env) return env;
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (fs::exists(entry.path() / "bin" / "initdb")) found.push_back(entry.path() / "bin");
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    return std::atoi(a.parent_path().filename().c_str()) < std::atoi(b.parent_path().filename().c_str());
  });
  if (!found.empty()) return found.back();
  if (const char* path = std::getenv("PATH")) {
    std::string all = path;
    for (std::size_t start = 0; start <= all.size();) {
      auto end = all.find(':', start);
      if (end == std::string::npos) end = all.size();
      fs::path dir = all.substr(start, end - start);
      if (fs::exists(dir / "initdb") && fs::exists(dir / "pg_ctl")) return dir;
      start = end + 1;
    }
  }
  return {};
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }  // our own temp paths: no quotes

std::string tail_of(const fs::path& log) {
  std::string cmd = "tail -n 20 " + quoted(log) + " 2>/dev/null";
  std::string out;
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, f)) out += buf;
    ::pclose(f);
  }
  return out;
}

Status run_sql(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(c.get()) != CONNECTION_OK) return unavailable(std::string("connect: ") + PQerrorMessage(c.get()));
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), sql.c_str()), &PQclear);
  auto st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return io_error(sql + ": " + PQerrorMessage(c.get()));
  return {};
}

}  // namespace

Result<PostgresCluster*> PostgresCluster::shared() {
  static std::mutex mutex;
  static std::unique_ptr<PostgresCluster> cluster;
  static std::optional<Error> failure;
  std::lock_guard lock(mutex);
  if (cluster) return cluster.get();
  if (failure) return *failure;
  std::unique_ptr<PostgresCluster> c{new PostgresCluster()};
  if (auto s = c->start(); !s) {
    failure = s.error();
    return *failure;
  }
  cluster = std::move(c);
  return cluster.get();
}

Status PostgresCluster::start() {
  bin_ = find_bindir();
  if (bin_.empty())
    return unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql "
                       "(scripts/deps.sh) or set BAROMETER_PG_BINDIR");
  char tmpl[] = "/tmp/barometer-pg-XXXXXX";
  if (!::mkdtemp(tmpl)) return io_error("mkdtemp failed");
  dir_ = tmpl;
  if (::geteuid() == 0) {
    // PostgreSQL refuses to run as root: hand the directory to the postgres user and run as it.
    const passwd* pw = ::getpwnam("postgres");
    if (!pw) return unavailable("running as root but there is no `postgres` user to run the test cluster");
    if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) return io_error("chown " + dir_.string());
    as_user_ = "runuser -u postgres -- ";
  }
  port_ = free_port();
  if (port_ == 0) return io_error("no free loopback port");
  fs::path data = dir_ / "data";
  fs::path initdb_log = dir_ / "initdb.log";
  std::string initdb = as_user_ + quoted(bin_ / "initdb") + " -D " + quoted(data) + " -U " + kUser +
                       " -A trust -E UTF8 --locale=C --no-sync > " + quoted(initdb_log) + " 2>&1";
  if (std::system(initdb.c_str()) != 0) return unavailable("initdb failed:\n" + tail_of(initdb_log));
  fs::path server_log = dir_ / "server.log";
  std::string options = "-p " + std::to_string(port_) + " -k " + dir_.string() +
                        " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                        " -c full_page_writes=off -c max_connections=200";
  std::string start = as_user_ + quoted(bin_ / "pg_ctl") + " -D " + quoted(data) + " -l " + quoted(server_log) +
                      " -w -t 60 -o '" + options + "' start > /dev/null 2>&1";
  if (std::system(start.c_str()) != 0) return unavailable("pg_ctl start failed:\n" + tail_of(server_log));
  running_ = true;
  return {};
}

PostgresCluster::~PostgresCluster() {
  if (running_) {
    std::string stop = as_user_ + quoted(bin_ / "pg_ctl") + " -D " + quoted(dir_ / "data") +
                       " -m immediate -w stop > /dev/null 2>&1";
    (void)std::system(stop.c_str());
  }
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string PostgresCluster::url(const std::string& database) const {
  return "postgresql://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

Result<std::string> PostgresCluster::create_database() {
  std::string name;
  {
    std::lock_guard lock(mutex_);
    name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++next_database_);
  }
  if (auto s = admin("CREATE DATABASE " + name + " TEMPLATE template0"); !s) return s.error();
  return url(name);
}

Status PostgresCluster::drop_database(const std::string& database_url) {
  auto slash = database_url.rfind('/');
  std::string name = slash == std::string::npos ? database_url : database_url.substr(slash + 1);
  if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
    return invalid("not a test database: " + database_url);
  return admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

Status PostgresCluster::admin(const std::string& sql) { return run_sql(url("postgres"), sql); }

}  // namespace barometer::testing
