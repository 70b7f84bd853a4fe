#include "services/wordpress/php_unserialize.hpp"

#include <charconv>
#include <cstdlib>

namespace barometer::wordpress {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool value(PhpValue& out, int depth) {
    if (depth > kMaxPhpDepth) return fail("arrays nested too deep");
    if (pos_ >= in_.size()) return fail("unexpected end");
    const char type = in_[pos_];
    switch (type) {
      case 'N':
        ++pos_;
        out.kind = PhpValue::Kind::null;
        return expect(';');
      case 'b': {
        std::string_view lit;
        if (!header('b') || !until(';', lit)) return false;
        if (lit != "0" && lit != "1") return fail("boolean must be 0 or 1");
        out.kind = PhpValue::Kind::boolean;
        out.integer = lit == "1";
        out.text = std::string(lit);
        return true;
      }
      case 'i': {
        std::string_view lit;
        if (!header('i') || !until(';', lit)) return false;
        std::int64_t n = 0;
        auto [end, ec] = std::from_chars(lit.data(), lit.data() + lit.size(), n);
        if (ec != std::errc() || end != lit.data() + lit.size()) return fail("bad integer");
        out.kind = PhpValue::Kind::integer;
        out.integer = n;
        out.text = std::string(lit);
        return true;
      }
      case 'd': {
        std::string_view lit;
        if (!header('d') || !until(';', lit)) return false;
        if (lit.empty() || lit.size() > 64) return fail("bad float");
        std::string copy(lit);
        char* end = nullptr;
        out.floating = std::strtod(copy.c_str(), &end);
        if (end != copy.c_str() + copy.size()) return fail("bad float");
        out.kind = PhpValue::Kind::floating;
        out.text = std::move(copy);
        return true;
      }
      case 's': return string(out);
      case 'a': return array(out, depth);
      default: return fail(std::string("unsupported type '") + type + "'");
    }
  }

  bool at_end() const { return pos_ == in_.size(); }
  std::size_t pos() const { return pos_; }
  const std::string& error() const { return error_; }
  bool repaired() const { return repaired_; }
  bool fail(std::string why) {
    if (error_.empty()) error_ = why + " at byte " + std::to_string(pos_);
    return false;
  }

 private:
  // "X:" of a value of type X.
  bool header(char type) {
    if (pos_ + 1 >= in_.size() || in_[pos_] != type || in_[pos_ + 1] != ':') return fail("bad value header");
    pos_ += 2;
    return true;
  }
  bool expect(char c) {
    if (pos_ >= in_.size() || in_[pos_] != c) return fail(std::string("expected '") + c + "'");
    ++pos_;
    return true;
  }
  // The text up to `stop` (consumed).
  bool until(char stop, std::string_view& out) {
    const auto end = in_.find(stop, pos_);
    if (end == std::string_view::npos) return fail(std::string("missing '") + stop + "'");
    out = in_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return true;
  }
  bool length(std::size_t& n) {
    std::string_view lit;
    if (!until(':', lit)) return false;
    auto [end, ec] = std::from_chars(lit.data(), lit.data() + lit.size(), n);
    if (ec != std::errc() || end != lit.data() + lit.size() || lit.empty()) return fail("bad length");
    return true;
  }

  // Whether serialized data could go on at `p`: the end, an array's '}', or a value's header.
  bool continues_at(std::size_t p) const {
    if (p >= in_.size()) return true;
    const char c = in_[p];
    if (c == '}' || c == 'N') return true;
    return (c == 's' || c == 'i' || c == 'b' || c == 'd' || c == 'a') && p + 1 < in_.size() && in_[p + 1] == ':';
  }

  bool string(PhpValue& out) {
    std::size_t declared = 0;
    if (!header('s') || !length(declared) || !expect('"')) return false;
    const std::size_t start = pos_;
    std::size_t end = std::string_view::npos;
    // The declared length, when it lands on `";`, is right (the string may itself hold `";`).
    if (declared <= in_.size() - start && in_.substr(start + declared).starts_with("\";")) {
      end = start + declared;
    } else {
      for (auto p = in_.find("\";", start); p != std::string_view::npos; p = in_.find("\";", p + 1)) {
        if (continues_at(p + 2)) {
          end = p;
          break;
        }
      }
      if (end == std::string_view::npos) return fail("unterminated string");
      repaired_ = true;
    }
    out.kind = PhpValue::Kind::string;
    out.text = std::string(in_.substr(start, end - start));
    pos_ = end + 2;
    return true;
  }

  bool array(PhpValue& out, int depth) {
    std::size_t count = 0;
    if (!header('a') || !length(count) || !expect('{')) return false;
    out.kind = PhpValue::Kind::array;
    while (pos_ < in_.size() && in_[pos_] != '}') {
      PhpValue key;
      PhpValue val;
      if (!value(key, depth + 1)) return false;
      if (key.kind != PhpValue::Kind::integer && key.kind != PhpValue::Kind::string)
        return fail("array key must be an integer or a string");
      if (!value(val, depth + 1)) return false;
      out.items.emplace_back(std::move(key), std::move(val));
    }
    if (!expect('}')) return false;
    if (out.items.size() != count) repaired_ = true;
    return true;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string error_;
  bool repaired_ = false;
};

}  // namespace

std::string PhpValue::scalar() const {
  switch (kind) {
    case Kind::null:
    case Kind::array: return {};
    default: return text;
  }
}

PhpParsed php_unserialize(std::string_view input) {
  PhpParsed parsed;
  if (input.size() > kMaxPhpInput) {
    parsed.error = "serialized value larger than " + std::to_string(kMaxPhpInput) + " bytes";
    return parsed;
  }
  Reader reader(input);
  PhpValue value;
  if (!reader.value(value, 0)) {
    parsed.error = reader.error();
    return parsed;
  }
  if (!reader.at_end()) {
    parsed.error = "trailing bytes at byte " + std::to_string(reader.pos());
    return parsed;
  }
  parsed.value = std::move(value);
  parsed.repaired = reader.repaired();
  return parsed;
}

std::optional<std::vector<std::pair<std::string, std::string>>> php_string_pairs(std::string_view input) {
  auto parsed = php_unserialize(input);
  if (!parsed.value || parsed.value->kind != PhpValue::Kind::array) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : parsed.value->items)
    if (v.kind != PhpValue::Kind::array) out.emplace_back(k.scalar(), v.scalar());
  return out;
}

}  // namespace barometer::wordpress
