// Issue #4's proof through a real SMTP server: `barometer demo` served with BAROMETER_SMTP_URL
// pointing at aiosmtpd on loopback (tests/support/smtp_server.py), a DKIM key made by openssl, links
// under https://monitor.example and an unsubscribe mailbox. A Russian reader subscribes to two
// topics -> the confirmation arrives over SMTP; Python's email package reads it (headers, encoded-
// word Subject, both parts, encodings, no defects, no bare LF) and python3-dkim verifies it (h=
// covers the unsubscribe headers) -> a GET of the confirm link (a mail scanner) confirms nothing, a
// POST does -> the week's digest is marked ready and arrives over SMTP: the chosen topics only,
// each with its marker words, title, lead and link, personal links in both parts, DKIM pass ->
// RFC 8058 one-click POST to the header's URL unsubscribes (200, no redirect, no cookie) -> the
// reader subscribes again (a second confirmation) -> a reply to the mailto, piped into
// `barometer unsubscribe-mail`, unsubscribes them again.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "app/digest_delivery.hpp"
#include "app/database.hpp"
#include "cli/mail_pipe.hpp"
#include "config/config.hpp"
#include "domain/clock.hpp"
#include "i18n/catalogue.hpp"
#include "mail/parsed_message.hpp"
#include "support/http_client.hpp"
#include "support/python_tool.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace barometer {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kBase = "https://monitor.example";
constexpr const char* kMailbox = "leave@lists.monitor.example";
constexpr const char* kReader = "reader@example.org";

// The received messages once there are at least `count` (waits up to `seconds`); fewer on timeout.
std::vector<fs::path> wait_for_messages(const testing::SmtpServer& server, std::size_t count, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (true) {
    auto got = server.messages();
    if (got.size() >= count || std::chrono::steady_clock::now() > until) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

std::string html_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string percent_decoded(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += char(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The text/plain and text/html contents of a parsed message ("" when missing).
std::pair<std::string, std::string> parts_of(const json& m) {
  std::string text, html;
  for (const auto& p : m["parts"]) {
    if (p["type"] == "text/plain") text = p["content"];
    if (p["type"] == "text/html") html = p["content"];
  }
  return {text, html};
}

// What every newsletter mail must be, as Python's email package and python3-dkim see it.
// Returns the parsed message; `mailto` gets List-Unsubscribe's mailto target.
json check_mail(const fs::path& file, const std::string& public_pem, const std::string& subject_prefix,
                std::string& https_unsubscribe, std::string& mailto) {
  json m = testing::parse_with_python(file);
  EXPECT_TRUE(m["defects"].empty()) << m["defects"];
  EXPECT_FALSE(m["bare_lf"].get<bool>()) << file;
  EXPECT_EQ(m["from_address"], "newsletter@monitor.example");
  EXPECT_FALSE(m["from_name"].get<std::string>().empty());
  EXPECT_EQ(m["to_address"], kReader);
  // Cyrillic Subject: decoded it is the catalogue's text, on the wire an RFC 2047 encoded-word.
  const std::string subject = m["subject"];
  EXPECT_EQ(subject.rfind(subject_prefix, 0), 0u) << subject;
  const std::string raw_subject = lower(m["raw_subject"]);
  EXPECT_TRUE(raw_subject.find("=?utf-8?b?") != std::string::npos || raw_subject.find("=?utf-8?q?") != std::string::npos)
      << raw_subject;
  EXPECT_EQ(raw_subject.find("\xd0"), std::string::npos) << "raw UTF-8 in the Subject: " << raw_subject;
  EXPECT_TRUE(std::regex_match(m["message_id"].get<std::string>(), std::regex("<[^<>@ ]+@[^<>@ ]+>")))
      << m["message_id"];
  EXPECT_FALSE(m["date"].get<std::string>().empty());
  EXPECT_EQ(m["content_type"], "multipart/alternative");
  if (m["parts"].size() != 2u) {
    ADD_FAILURE() << "expected text/plain and text/html: " << m["parts"];
    return m;
  }
  std::vector<std::string> types;
  for (const auto& p : m["parts"]) {
    types.push_back(p["type"]);
    EXPECT_EQ(p["charset"], "utf-8") << p["type"];
    const std::string enc = lower(p["encoding"]);
    EXPECT_TRUE(enc == "quoted-printable" || enc == "base64") << p["type"] << ": " << enc;
  }
  EXPECT_EQ(types, (std::vector<std::string>{"text/plain", "text/html"}));

  // RFC 8058 + RFC 2369: an https URL and our mailto, and the one-click POST marker.
  const auto& h = m["headers"];
  EXPECT_EQ(h.value("list-unsubscribe-post", ""), "List-Unsubscribe=One-Click");
  const std::string list_unsubscribe = h.value("list-unsubscribe", "");
  std::smatch found;
  EXPECT_TRUE(std::regex_search(list_unsubscribe, found,
                                std::regex("^<(https://monitor\\.example/unsubscribe/[A-Za-z0-9_.-]+)>,\\s*<mailto:([^>]+)>$")))
      << list_unsubscribe;
  if (!found.empty()) {
    https_unsubscribe = found[1];
    mailto = found[2];
  }
  EXPECT_EQ(mailto.rfind(std::string(kMailbox) + "?subject=unsubscribe%20m.", 0), 0u) << mailto;
  // The same signed token in both.
  EXPECT_EQ(https_unsubscribe.substr(https_unsubscribe.rfind('/') + 1), mailto.substr(mailto.rfind("%20") + 3));

  // DKIM: a real verifier, the key's public half as the DNS record, h= covering the unsubscribe headers.
  auto [status, verdict] =
      testing::run_python(testing::source_dir() / "tests" / "mail" / "dkim_verify.py", {file.string(), public_pem});
  EXPECT_EQ(status, 0);
  EXPECT_EQ(verdict.rfind("pass", 0), 0u) << verdict;
  EXPECT_NE(verdict.find("dns mail2026._domainkey.monitor.example"), std::string::npos) << verdict;
  std::string signature = lower(h.value("dkim-signature", ""));
  signature.erase(std::remove_if(signature.begin(), signature.end(), [](char c) { return std::isspace((unsigned char)c); }),
                  signature.end());
  std::smatch tags;
  EXPECT_TRUE(std::regex_search(signature, tags, std::regex("(^|;)h=([^;]*)"))) << signature;
  std::vector<std::string> signed_headers;
  if (!tags.empty()) {
    std::string list = tags[2];
    for (std::size_t at = 0; at <= list.size();) {
      auto colon = std::min(list.find(':', at), list.size());
      signed_headers.push_back(list.substr(at, colon - at));
      at = colon + 1;
    }
  }
  for (const char* name : {"from", "subject", "list-unsubscribe", "list-unsubscribe-post"})
    EXPECT_NE(std::find(signed_headers.begin(), signed_headers.end(), name), signed_headers.end()) << name << " in " << signature;
  return m;
}

TEST(NewsletterSmtp, SubscribeConfirmDigestAndLeaveThroughARealSmtpServer) {
  testing::TempDir dir;
  const std::string data = dir.file("site");
  const std::string key = dir.file("dkim.pem");
  const std::string public_pem = dir.file("dkim.pub.pem");
  const std::string make_key = "openssl genrsa -out '" + key + "' 2048 2>/dev/null && openssl rsa -in '" + key +
                               "' -pubout -out '" + public_pem + "' 2>/dev/null";
  ASSERT_EQ(std::system(make_key.c_str()), 0) << "openssl is needed for this test";
  // PIPELINING offered, as real relays do: the digest goes out through the pipelined stream.
  testing::SmtpServer smtp(dir.path() / "smtp", {"--pipelining"});
  testing::ServerProcess server({"demo", "--data", data}, 300,
                                {"BAROMETER_ACCESS_LOG=off", "BAROMETER_SEND_POLL_SECONDS=1",
                                 std::string("BAROMETER_BASE_URL=") + kBase, "BAROMETER_SMTP_URL=" + smtp.url(),
                                 "BAROMETER_DKIM_KEY=" + key, "BAROMETER_DKIM_SELECTOR=mail2026",
                                 std::string("BAROMETER_UNSUBSCRIBE_MAILBOX=") + kMailbox});
  const int port = server.port();
  auto request = [&](const std::string& method, const std::string& target, const std::string& body = "") {
    testing::HttpConnection c("127.0.0.1", port);  // a fresh connection: no cookie, ever
    std::vector<std::pair<std::string, std::string>> headers = {{"Accept-Language", "en"}};
    if (!body.empty()) headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    return c.request(method, target, headers, body);
  };
  auto config = load_config_from_dir(data, [](const std::string&) -> std::optional<std::string> { return {}; });
  ASSERT_TRUE(config.ok()) << config.error().message;
  auto subscribers_db = open_database(*config);
  ASSERT_TRUE(subscribers_db.ok()) << subscribers_db.error().message;
  auto* subscribers = &(*subscribers_db)->subscribers();
  auto status_of_reader = [&] {
    auto s = subscribers->find_subscriber(kReader);
    EXPECT_TRUE(s.ok());
    return s ? s->status : SubscriberStatus::bounced;
  };

  // The Russian home page: this week, and the topics of its subscribe form.
  auto home = request("GET", "/ru/");
  ASSERT_EQ(home.status, 200);
  std::smatch week;
  ASSERT_TRUE(std::regex_search(home.body, week, std::regex("href=\"/ru/(\\d{4}-W\\d{2})/\"")));
  const std::string period = week[1];
  auto content_db = open_database(*config);
  ASSERT_TRUE(content_db.ok()) << content_db.error().message;
  auto* content = &(*content_db)->content();
  auto topics = content->list_topics();
  ASSERT_TRUE(topics.ok());
  std::sort(topics->begin(), topics->end(), [](const Topic& a, const Topic& b) { return a.position < b.position; });
  ASSERT_GE(topics->size(), 3u);
  std::vector<std::string> slugs;
  for (const auto& t : *topics) slugs.push_back(t.slug);
  const std::vector<std::string> chosen = {slugs[0], slugs[2]};

  // 1. Subscribe; the confirmation comes over SMTP.
  const std::string form = "email=reader%40example.org&lang=ru&topic=" + chosen[0] + "&topic=" + chosen[1];
  ASSERT_EQ(request("POST", "/subscribe", form).status, 200);
  auto received = wait_for_messages(smtp, 1, 30);
  ASSERT_EQ(received.size(), 1u) << "no confirmation over SMTP\n" << server.output();
  std::string unsubscribe_url, mailto;
  json confirmation = check_mail(received[0], public_pem, "Подтвердите подписку на ", unsubscribe_url, mailto);
  EXPECT_FALSE(confirmation["headers"].contains("list-id")) << "a confirmation is no list message yet";
  auto [ctext, chtml] = parts_of(confirmation);
  std::smatch confirm_link;
  ASSERT_TRUE(std::regex_search(ctext, confirm_link, std::regex("https://monitor\\.example/confirm/([A-Za-z0-9_.-]+)")))
      << ctext;
  const std::string confirm_path = "/confirm/" + std::string(confirm_link[1]);
  EXPECT_NE(chtml.find(std::string(kBase) + confirm_path), std::string::npos) << chtml;
  EXPECT_EQ(status_of_reader(), SubscriberStatus::pending);

  // 2. A mail scanner's GET confirms nothing; the reader's POST does.
  auto shown = request("GET", confirm_path);
  EXPECT_EQ(shown.status, 200);
  EXPECT_EQ(status_of_reader(), SubscriberStatus::pending);
  ASSERT_EQ(request("POST", confirm_path).status, 200);
  EXPECT_EQ(status_of_reader(), SubscriberStatus::confirmed);

  // 3. The editor marks the week's Russian digest ready; serve's autosender delivers it over SMTP.
  auto ledger_db = open_database(*config);
  ASSERT_TRUE(ledger_db.ok()) << ledger_db.error().message;
  auto* ledger = &(*ledger_db)->deliveries();
  auto digest = ledger->ensure_digest(period, "ru", new_digest_token(), SystemClock().now());
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  ASSERT_TRUE(ledger->mark_ready(digest->id, SystemClock().now()).ok());
  received = wait_for_messages(smtp, 2, 60);
  ASSERT_EQ(received.size(), 2u) << "no digest over SMTP\n" << server.output();
  std::string digest_unsubscribe, digest_mailto;
  json mail = check_mail(received[1], public_pem, "Ситуация в ", digest_unsubscribe, digest_mailto);
  EXPECT_EQ(mail["headers"].value("list-id", ""), "<digest.monitor.example>");
  auto [text, html] = parts_of(mail);

  // What the digest must hold: the chosen topics' commentaries of that week, in Russian.
  auto p = Period::parse(period);
  ASSERT_TRUE(p.ok());
  CommentaryFilter filter;
  filter.period = *p;
  auto week_commentaries = content->find_commentaries(filter);
  ASSERT_TRUE(week_commentaries.ok());
  auto catalogue = Catalogue::load((testing::source_dir() / "themes/default/locales/ru.toml").string(), "ru_RU");
  ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
  int in_digest = 0;
  for (const auto& c : *week_commentaries) {
    auto topic = std::find_if(topics->begin(), topics->end(), [&](const Topic& t) { return t.id == c.topic_id; });
    ASSERT_NE(topic, topics->end());
    ASSERT_TRUE(c.translations.count("ru")) << topic->slug;
    const Translation& tr = c.translations.at("ru");
    const std::string url = std::string(kBase) + "/ru/topics/" + topic->slug + "/" + tr.slug + "/";
    const bool wanted = std::find(chosen.begin(), chosen.end(), topic->slug) != chosen.end();
    if (!wanted) {
      EXPECT_EQ(text.find(url), std::string::npos) << topic->slug << " was not chosen";
      EXPECT_EQ(text.find(tr.title), std::string::npos) << topic->slug << " was not chosen";
      EXPECT_EQ(html.find(url), std::string::npos) << topic->slug << " was not chosen";
      continue;
    }
    ++in_digest;
    const std::string words = catalogue->format("marker." + std::string(to_string(c.assessment)), {});
    EXPECT_NE(words.find("Ситуация"), std::string::npos) << words;
    for (const std::string& expected : {words, tr.title, tr.lead, url})
      EXPECT_NE(text.find(expected), std::string::npos) << topic->slug << ": " << expected << "\n" << text;
    for (const std::string& expected : {words, html_escaped(tr.title), html_escaped(tr.lead), url})
      EXPECT_NE(html.find(expected), std::string::npos) << topic->slug << ": " << expected;
  }
  EXPECT_EQ(in_digest, 2) << "both chosen topics have a commentary that week";
  const std::string manage = digest_unsubscribe.substr(digest_unsubscribe.rfind('/') + 1);
  for (const std::string& link : {std::string(kBase) + "/preferences/" + manage, digest_unsubscribe}) {
    EXPECT_NE(text.find(link), std::string::npos) << link;
    EXPECT_NE(html.find(link), std::string::npos) << link;
  }

  // 4. RFC 8058 one-click: the mailbox provider POSTs to the header's URL, no cookie, no CSRF token.
  ASSERT_EQ(digest_unsubscribe.rfind(kBase, 0), 0u);
  auto left = request("POST", digest_unsubscribe.substr(std::string(kBase).size()), "List-Unsubscribe=One-Click");
  EXPECT_EQ(left.status, 200) << left.body;
  EXPECT_FALSE(left.has_header("Location"));
  EXPECT_EQ(status_of_reader(), SubscriberStatus::unsubscribed);

  // 5. Back again: a new confirmation arrives (with new links: the old ones died with the subscription).
  ASSERT_EQ(request("POST", "/subscribe", "email=reader%40example.org&lang=ru").status, 200);
  received = wait_for_messages(smtp, 3, 30);
  ASSERT_EQ(received.size(), 3u) << "no second confirmation\n" << server.output();
  std::string again_unsubscribe, again_mailto;
  check_mail(received[2], public_pem, "Подтвердите подписку на ", again_unsubscribe, again_mailto);
  EXPECT_NE(again_mailto, digest_mailto);
  EXPECT_EQ(status_of_reader(), SubscriberStatus::pending);

  // 6. A reply to the mailto, as a mail client makes it and the MTA pipes it in.
  auto reply_to = [&](const std::string& target) {
    const auto q = target.find("?subject=");
    return "From: <reader@example.org>\r\nTo: <" + target.substr(0, q) + ">\r\nSubject: " +
           percent_decoded(target.substr(q + 9)) + "\r\nMessage-ID: <reply@example.org>\r\n\r\n\r\n";
  };
  EXPECT_EQ(again_mailto.substr(0, again_mailto.find('?')), kMailbox);
  auto [stale, stale_out] = testing::pipe_into_barometer(dir.path(), reply_to(digest_mailto), {"unsubscribe-mail", "--data", data});
  EXPECT_EQ(stale, 65) << "the old subscription's token: " << stale_out;
  EXPECT_EQ(status_of_reader(), SubscriberStatus::pending);
  auto [code, out] = testing::pipe_into_barometer(dir.path(), reply_to(again_mailto), {"unsubscribe-mail", "--data", data});
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(status_of_reader(), SubscriberStatus::unsubscribed);
  EXPECT_EQ(server.terminate(), 0);
}

}  // namespace
}  // namespace barometer
