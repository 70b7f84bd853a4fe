#include "mail/smtp_reply.hpp"

#include <cctype>

namespace barometer::mail {

namespace {

bool is_reply_line(std::string_view line) {
  return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
         std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2])) &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

SmtpCapabilities parse_capabilities(std::string_view ehlo_reply) {
  SmtpCapabilities caps;
  std::size_t start = 0;
  bool first = true;
  while (start <= ehlo_reply.size()) {
    std::size_t end = ehlo_reply.find('\n', start);
    if (end == std::string_view::npos) end = ehlo_reply.size();
    const std::string line = upper(ehlo_reply.substr(start, end - start));
    start = end + 1;
    if (first || line.size() < 4) {
      first = false;
      continue;
    }
    const std::string keyword = line.substr(4);
    if (keyword == "PIPELINING") caps.pipelining = true;
    if (keyword == "STARTTLS") caps.starttls = true;
    if (keyword.rfind("AUTH ", 0) == 0 || keyword.rfind("AUTH=", 0) == 0) {
      caps.auth = true;
      std::string mechanisms(" ");  // appended, not `" " + x + " "`: g++ 12 -O3 misreports that (-Wrestrict)
      mechanisms.append(keyword, 5).push_back(' ');
      if (mechanisms.find(" PLAIN ") != std::string::npos) caps.auth_plain = true;
      if (mechanisms.find(" LOGIN ") != std::string::npos) caps.auth_login = true;
    }
  }
  return caps;
}

void SmtpReplyReader::clear() {
  input_.clear();
  scanned_ = 0;
  partial_ = {};
  lines_ = 0;
}

Result<std::optional<SmtpReply>> SmtpReplyReader::next() {
  for (;;) {
    const std::size_t eol = input_.find('\n', scanned_);
    if (eol == std::string::npos) {
      scanned_ = input_.size();
      if (input_.size() > kMaxLine + 1) {  // + 1: the CR of a CRLF not received yet
        clear();
        return io_error("protocol: a reply line longer than 4096 bytes");
      }
      return std::optional<SmtpReply>();
    }
    std::string_view line(input_.data(), eol);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool well_formed = is_reply_line(line) && line.size() <= kMaxLine;
    const int code = well_formed ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0') : 0;
    if (!well_formed || (lines_ > 0 && code != partial_.code) || ++lines_ > kMaxLines) {
      std::string shown(line.substr(0, 80));
      clear();
      return io_error("protocol: not an SMTP reply: '" + shown + "'");
    }
    partial_.code = code;
    if (!partial_.text.empty()) partial_.text += '\n';
    partial_.text += line;
    const bool last = line.size() == 3 || line[3] == ' ';
    input_.erase(0, eol + 1);
    scanned_ = 0;
    if (last) {
      SmtpReply reply = std::move(partial_);
      partial_ = {};
      lines_ = 0;
      return std::optional<SmtpReply>(std::move(reply));
    }
  }
}

}  // namespace barometer::mail
