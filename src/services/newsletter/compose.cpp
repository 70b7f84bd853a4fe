#include "services/newsletter/compose.hpp"

#include "i18n/date_format.hpp"

namespace barometer::newsletter {

namespace {

using render::View;

// Marker colours of the public site's style.css, on white: worse a dark vermillion, better a
// dark blue (distinct for the common colour-vision deficiencies), unchanged a neutral grey.
const char* colour(Assessment a) {
  switch (a) {
    case Assessment::worse: return "#a8380f";
    case Assessment::better: return "#0b5a85";
    case Assessment::unchanged: return "#5c6166";
  }
  return "#5c6166";
}

const char* icon(Assessment a) {
  return a == Assessment::worse ? "▼" : a == Assessment::better ? "▲" : "■";
}

bool is_absolute_http(const std::string& url) { return url.starts_with("https://") || url.starts_with("http://"); }

Result<std::string> absolute(const std::string& base_url, const std::string& url, const char* what) {
  if (url.find_first_of(" \r\n\t<>\"") != std::string::npos) return invalid(std::string(what) + ": bad characters in URL");
  if (is_absolute_http(url)) return url;
  if (url.starts_with("/") && !url.starts_with("//")) return base_url + url;
  return invalid(std::string(what) + ": expected an http(s) URL or a path starting with '/', got '" + url + "'");
}

Status check_site(const MailSite& site) {
  if (site.name.empty()) return invalid("mail: site name is empty");
  if (!is_absolute_http(site.base_url) || site.base_url.ends_with("/"))
    return invalid("mail: base URL must be http(s)://host without a trailing slash, got '" + site.base_url + "'");
  if (url_host(site.base_url).empty()) return invalid("mail: base URL has no host");
  if (site.from.address.empty()) return invalid("mail: no sender address");
  return {};
}

View base_view(const MailSite& site, const LangCode& lang) {
  View v = View::object();
  v["lang"] = lang;
  v["site_name"] = site.name;
  v["site_url"] = site.base_url + "/" + lang + "/";
  return v;
}

}  // namespace

std::string url_host(const std::string& base_url) {
  auto start = base_url.find("://");
  if (start == std::string::npos) return "";
  start += 3;
  std::string host = base_url.substr(start, base_url.find_first_of("/?#", start) - start);
  if (auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (host.starts_with("[")) return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.find(':'));
}

Result<mail::OutgoingMessage> compose_digest(const MailTemplates& templates, const Catalogue& cat,
                                             const DigestInput& in) {
  if (auto st = check_site(in.site); !st) return st.error();
  if (in.lang.empty()) return invalid("digest: no language");
  if (in.to.empty()) return invalid("digest: no recipient");
  if (in.message_key.empty() && in.message_id.empty())
    return invalid("digest: no message key or id (needed for a stable Message-ID)");
  if (!in.unsubscribe_url.starts_with("https://") && !in.unsubscribe_url.starts_with("http://"))
    return invalid("digest: the unsubscribe URL must be absolute http(s) (RFC 8058), got '" + in.unsubscribe_url + "'");
  if (in.unsubscribe_url.find_first_of(" \r\n\t<>,") != std::string::npos) return invalid("digest: bad unsubscribe URL");
  if (in.unsubscribe_mailto.find_first_of(" \r\n\t<>,") != std::string::npos) return invalid("digest: bad unsubscribe mailbox");
  if (!templates.has("digest")) return invalid("digest: the theme has no mail/digest.{html,txt}.mustache");
  auto preferences = absolute(in.site.base_url, in.preferences_url, "preferences URL");
  if (!preferences) return preferences.error();

  const std::string range = format_date_range(in.period.start(), in.period.end(), in.site.icu_locale);
  const std::map<std::string, std::string> args = {
      {"site", in.site.name}, {"subject", in.site.subject}, {"range", range}, {"email", in.to}};
  View v = base_view(in.site, in.lang);
  v["subject_line"] = cat.format("mail.digest_subject", args);
  v["preheader"] = cat.format("mail.digest_preheader", args);
  v["heading"] = cat.format("mail.digest_heading", args);
  v["range"] = range;
  v["intro"] = cat.format("mail.digest_intro", args);
  v["empty"] = cat.format("mail.digest_empty", args);
  v["footer_reason"] = cat.format("mail.footer_reason", args);
  v["preferences"] = cat.format("mail.preferences", args);
  v["unsubscribe"] = cat.format("mail.unsubscribe", args);
  v["period_link"] = cat.format("mail.period_link", args);
  v["preferences_url"] = *preferences;
  v["unsubscribe_url"] = in.unsubscribe_url;
  if (!in.period_url.empty()) {
    auto period_url = absolute(in.site.base_url, in.period_url, "period URL");
    if (!period_url) return period_url.error();
    v["period_url"] = *period_url;
  }
  View topics = View::list();
  const std::string read_commentary = cat.format("mail.read_commentary", args);
  for (const auto& t : in.topics) {
    auto url = absolute(in.site.base_url, t.url, "topic URL");
    if (!url) return url.error();
    View row = View::object();
    row["topic"] = t.topic;
    row["assessment"] = std::string(to_string(t.assessment));
    row["colour"] = colour(t.assessment);
    row["icon"] = icon(t.assessment);
    row["words"] = cat.format("marker." + std::string(to_string(t.assessment)), {});
    if (t.outlook != Outlook::none) {
      row["has_outlook"] = true;
      row["outlook"] = cat.format("outlook." + std::string(to_string(t.outlook)), {});
      row["outlook_colour"] = t.outlook == Outlook::risk ? "#8a4b00" : "#1d5e52";
    }
    row["title"] = t.title;
    row["lead"] = t.lead;
    row["url"] = *url;
    row["read_commentary"] = read_commentary;
    topics.push(std::move(row));
  }
  v["topics"] = std::move(topics);

  auto html = templates.html("digest", v);
  if (!html) return html.error();
  auto text = templates.text("digest", v);
  if (!text) return text.error();

  const std::string host = url_host(in.site.base_url);
  mail::OutgoingMessage m;
  m.from = in.site.from;
  m.to = {"", in.to};
  m.subject = v["subject_line"].as_string();
  m.text = std::move(*text);
  m.html = std::move(*html);
  m.message_id = in.message_id.empty() ? mail::make_message_id(host, in.message_key) : in.message_id;
  m.date = in.date;
  std::string list_unsubscribe = "<" + in.unsubscribe_url + ">";
  if (!in.unsubscribe_mailto.empty()) list_unsubscribe += ", <mailto:" + in.unsubscribe_mailto + ">";
  m.headers = {{"List-Id", "<digest." + host + ">"},
               {"List-Unsubscribe", list_unsubscribe},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  return m;
}

Result<mail::OutgoingMessage> compose_confirmation(const MailTemplates& templates, const Catalogue& cat,
                                                   const ConfirmationInput& in) {
  if (auto st = check_site(in.site); !st) return st.error();
  if (in.lang.empty()) return invalid("confirmation: no language");
  if (in.to.empty()) return invalid("confirmation: no recipient");
  if (in.message_key.empty()) return invalid("confirmation: no message key");
  if (!templates.has("confirmation")) return invalid("confirmation: the theme has no mail/confirmation.{html,txt}.mustache");
  auto confirm = absolute(in.site.base_url, in.confirm_url, "confirm URL");
  if (!confirm) return confirm.error();

  if (in.list_unsubscribe.find_first_of("\r\n") != std::string::npos) return invalid("confirmation: bad List-Unsubscribe");
  const std::map<std::string, std::string> args = {{"site", in.site.name},
                                                   {"email", in.display_to.empty() ? in.to : in.display_to}};
  View v = base_view(in.site, in.lang);
  v["subject_line"] = cat.format("mail.confirm_subject", args);
  v["heading"] = cat.format("mail.confirm_heading", args);
  v["text"] = cat.format("mail.confirm_text", args);
  v["button"] = cat.format("mail.confirm_button", args);
  v["ignore"] = cat.format("mail.confirm_ignore", args);
  v["confirm_url"] = *confirm;
  auto html = templates.html("confirmation", v);
  if (!html) return html.error();
  auto text = templates.text("confirmation", v);
  if (!text) return text.error();

  mail::OutgoingMessage m;
  m.from = in.site.from;
  m.to = {"", in.to};
  m.subject = v["subject_line"].as_string();
  m.text = std::move(*text);
  m.html = std::move(*html);
  m.message_id = mail::make_message_id(url_host(in.site.base_url), in.message_key);
  m.date = in.date;
  if (!in.list_unsubscribe.empty()) {
    m.headers.push_back({"List-Unsubscribe", in.list_unsubscribe});
    if (in.list_unsubscribe.starts_with("<https://"))  // RFC 8058 one-click needs an https URI
      m.headers.push_back({"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"});
  }
  return m;
}

}  // namespace barometer::newsletter
