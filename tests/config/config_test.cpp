#include "config/config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "support/temp_dir.hpp"

namespace barometer {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(Config, MissingFileMeansDefaults) {
  testing::TempDir dir;
  auto c = load_config_from_dir(dir.path().string(), env_of({}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->base_url, "http://127.0.0.1:8080");
  EXPECT_EQ(c->database_path(), dir.file("barometer.db"));
  EXPECT_EQ(c->cache_mb, 64);
  EXPECT_FALSE(c->theme_dir.empty());
}

TEST(Config, DefaultTextParsesToDefaults) {
  testing::TempDir dir;
  write(dir.file("site.toml"), default_config_text());
  auto c = load_config_from_dir(dir.path().string(), env_of({}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->access_log, "-");
}

TEST(Config, FileValuesAndEnvironmentOverrides) {
  testing::TempDir dir;
  write(dir.file("site.toml"), "listen = \"127.0.0.1:9000\"\nthreads = 3\ndatabase = \"sqlite:data/x.db\"\n");
  auto c = load_config_from_dir(dir.path().string(),
                                env_of({{"BAROMETER_LISTEN", "[::1]:9100"}, {"BAROMETER_CACHE_MB", "8"}}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen, "[::1]:9100");
  EXPECT_EQ(c->threads, 3);
  EXPECT_EQ(c->cache_mb, 8);
  EXPECT_EQ(c->database_path(), dir.file("data/x.db"));
  EXPECT_EQ(c->base_url, "http://[::1]:9100");
}

TEST(Config, UnknownKeyIsNamed) {
  testing::TempDir dir;
  write(dir.file("site.toml"), "lisen = \"127.0.0.1:9000\"\n");
  auto c = load_config_from_dir(dir.path().string(), env_of({}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.code(), ErrorCode::invalid);
  EXPECT_NE(c.error().message.find("lisen"), std::string::npos);
}

TEST(Config, SyntaxErrorNamesFileAndLine) {
  testing::TempDir dir;
  write(dir.file("site.toml"), "threads = 2\nlisten = \n");
  auto c = load_config_from_dir(dir.path().string(), env_of({}));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("site.toml:2"), std::string::npos) << c.error().message;
}

TEST(Config, BadValuesAreRejectedWithTheirName) {
  struct Case { std::map<std::string, std::string> env; std::string name; };
  for (const auto& [env, name] : std::vector<Case>{
           {{{"BAROMETER_LISTEN", "nonsense"}}, "listen"},
           {{{"BAROMETER_LISTEN", "127.0.0.1:99999"}}, "port"},
           {{{"BAROMETER_LISTEN", "127.0.0.1:"}}, "listen"},
           {{{"BAROMETER_THREADS", "-1"}}, "BAROMETER_THREADS"},
           {{{"BAROMETER_THREADS", "1000"}}, "BAROMETER_THREADS"},
           {{{"BAROMETER_THREADS", "two"}}, "BAROMETER_THREADS"},
           {{{"BAROMETER_CACHE_MB", "0"}}, "BAROMETER_CACHE_MB"},
           {{{"BAROMETER_BASE_URL", "ftp://x"}}, "base_url"},
           {{{"BAROMETER_BASE_URL", "http://x/"}}, "base_url"},
           {{{"BAROMETER_LOG_LEVEL", "loud"}}, "log_level"},
           {{{"BAROMETER_DATABASE", "mysql://x"}}, "database"},
           {{{"BAROMETER_DATABASE", "postgresql://"}}, "database"},
       }) {
    testing::TempDir dir;
    auto c = load_config_from_dir(dir.path().string(), env_of(env));
    ASSERT_FALSE(c.ok()) << name;
    EXPECT_NE(c.error().message.find(name), std::string::npos) << c.error().message;
  }
}

TEST(Config, PostgresUrlsAreAcceptedFromFileAndEnvironment) {
  testing::TempDir dir;
  write(dir.file("site.toml"), "database = \"postgresql://barometer@db.internal:5432/site\"\n");
  auto c = load_config_from_dir(dir.path().string(), env_of({}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->database_is_postgres());
  EXPECT_EQ(c->database, "postgresql://barometer@db.internal:5432/site");
  auto e = load_config_from_dir(dir.path().string(), env_of({{"BAROMETER_DATABASE", "postgres://u:p@127.0.0.1/x"}}));
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_TRUE(e->database_is_postgres());
  EXPECT_EQ(e->database, "postgres://u:p@127.0.0.1/x");
  auto sqlite = load_config_from_dir(dir.path().string(), env_of({{"BAROMETER_DATABASE", "sqlite:x.db"}}));
  ASSERT_TRUE(sqlite.ok());
  EXPECT_FALSE(sqlite->database_is_postgres());
}

TEST(Config, WrongTypesInFileAreRejected) {
  testing::TempDir dir;
  write(dir.file("site.toml"), "threads = \"4\"\n");
  EXPECT_FALSE(load_config_from_dir(dir.path().string(), env_of({})).ok());
  write(dir.file("site.toml"), "listen = 8080\n");
  EXPECT_FALSE(load_config_from_dir(dir.path().string(), env_of({})).ok());
}

TEST(Config, ExplicitFileMustExist) {
  testing::TempDir dir;
  auto c = load_config_from_file(dir.file("nope.toml"), env_of({}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.code(), ErrorCode::not_found);
  write(dir.file("other.toml"), "cache_mb = 5\n");
  auto ok = load_config_from_file(dir.file("other.toml"), env_of({}));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->data_dir, dir.path().string());
  EXPECT_EQ(ok->cache_mb, 5);
}

}  // namespace
}  // namespace barometer

namespace barometer {
namespace {

TEST(Config, BaseUrlIsDerivedFromListenOnlyWhenNotSet) {
  testing::TempDir dir;
  auto derived = load_config_from_dir(dir.path().string(), [](const std::string&) { return std::optional<std::string>(); });
  ASSERT_TRUE(derived.ok());
  EXPECT_TRUE(derived->base_url_derived);
  auto set = load_config_from_dir(dir.path().string(), [](const std::string& n) {
    return n == "BAROMETER_BASE_URL" ? std::optional<std::string>("https://m.example.org") : std::nullopt;
  });
  ASSERT_TRUE(set.ok());
  EXPECT_FALSE(set->base_url_derived);
  EXPECT_EQ(set->base_url, "https://m.example.org");
}

}  // namespace
}  // namespace barometer
