#include "domain/staff.hpp"

#include <algorithm>

namespace barometer {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::analyst: return "analyst";
    case Role::editor: return "editor";
    case Role::admin: return "admin";
  }
  return "analyst";
}

std::string_view to_string(SessionStage stage) {
  switch (stage) {
    case SessionStage::signed_in: return "signed_in";
    case SessionStage::code: return "code";
    case SessionStage::enrol: return "enrol";
  }
  return "signed_in";
}

std::optional<SessionStage> parse_session_stage(std::string_view text) {
  if (text == "signed_in") return SessionStage::signed_in;
  if (text == "code") return SessionStage::code;
  if (text == "enrol") return SessionStage::enrol;
  return std::nullopt;
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "analyst") return Role::analyst;
  if (text == "editor") return Role::editor;
  if (text == "admin") return Role::admin;
  return std::nullopt;
}

std::optional<std::string> normalize_email(std::string_view text) {
  constexpr std::size_t kMaxEmail = 254;  // RFC 5321 path limit minus the brackets
  if (text.empty() || text.size() > kMaxEmail) return std::nullopt;
  auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos)
    return std::nullopt;
  std::string_view domain = text.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return std::nullopt;
  std::string out;
  out.reserve(text.size());
  for (unsigned char ch : text) {
    if (ch <= 0x20 || ch == 0x7f || ch == '<' || ch == '>' || ch == '"' || ch == ',' || ch == ';') return std::nullopt;
    out.push_back(ch >= 'A' && ch <= 'Z' ? char(ch - 'A' + 'a') : char(ch));
  }
  return out;
}

}  // namespace barometer
