// parse_email_address: dot-atom local parts, IDN domains through UTS #46, limits, and
// big-list-of-naughty-strings-like input that must be refused without crashing.
#include <gtest/gtest.h>

#include <string>

#include "i18n/email_address.hpp"

namespace barometer {
namespace {

std::string ascii_of(std::string_view text) {
  auto a = parse_email_address(text);
  EXPECT_TRUE(a.ok()) << text << ": " << (a.ok() ? "" : a.error().message);
  return a.ok() ? a->ascii : "";
}

TEST(EmailAddress, PlainAddressesAreLowerCasedAndTrimmed) {
  EXPECT_EQ(ascii_of("Reader@Example.ORG"), "reader@example.org");
  EXPECT_EQ(ascii_of("  a.b+news@mail.example.com\t"), "a.b+news@mail.example.com");
  EXPECT_EQ(ascii_of("o'brien!#$%&*/=?^_`{|}~-@example.org"), "o'brien!#$%&*/=?^_`{|}~-@example.org");
}

TEST(EmailAddress, InternationalDomainsAreStoredAsALabelsAndShownAsULabels) {
  auto a = parse_email_address("Ivan@Пример.Испытание");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->ascii, "ivan@xn--e1afmkfd.xn--80akhbyknj4f");
  EXPECT_EQ(a->display, "ivan@пример.испытание");
  auto b = parse_email_address("user@bücher.de");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->ascii, "user@xn--bcher-kva.de");
  // Non-transitional: ß is kept (xn--fa-hia), not mapped to "ss".
  EXPECT_EQ(ascii_of("x@faß.de"), "x@xn--fa-hia.de");
  // Full-width dots and letters are mapped by UTS #46.
  EXPECT_EQ(ascii_of("x@ＥＸＡＭＰＬＥ。com"), "x@example.com");
  EXPECT_EQ(email_for_display("x@xn--bcher-kva.de"), "x@bücher.de");
}

TEST(EmailAddress, LimitsOf64And254Bytes) {
  const std::string local64(64, 'a');
  EXPECT_TRUE(parse_email_address(local64 + "@example.org").ok());
  EXPECT_FALSE(parse_email_address(local64 + "a@example.org").ok());
  std::string domain;
  while (domain.size() < 240) domain += std::string(9, 'd') + ".";
  domain += "org";  // > 254 with the local part
  EXPECT_FALSE(parse_email_address(local64 + "@" + domain).ok());
  EXPECT_FALSE(parse_email_address("a@" + std::string(64, 'l') + ".org").ok());  // label > 63
  EXPECT_TRUE(parse_email_address("a@" + std::string(63, 'l') + ".org").ok());
}

TEST(EmailAddress, RefusesWhatIsNotAnAddress) {
  for (const char* bad : {"", " ", "plainaddress", "@example.org", "a@", "a@@example.org", "a@b@example.org",
                          ".a@example.org", "a.@example.org", "a..b@example.org", "a b@example.org",
                          "a@exa mple.org", "a@example", "a@example.", "a@.example.org", "a@example..org",
                          "a@-example.org", "a@example-.org", "a@192.168.0.1", "a@[192.168.0.1]",
                          "\"quoted\"@example.org", "a(comment)@example.org", "a,b@example.org",
                          "a@example.org\n", "a\r\n@example.org", "a\t b@example.org", "Name <a@example.org>",
                          "a@exa_mple.org", "a@example.org;DROP TABLE subscribers", "ñ@example.org",
                          "a@\xff\xfe.org", "a@example.org\xc0", "<script>@example.org", "a@ex<ample>.org",
                          "a@xn--zz.org", "a@\u0661\u0662.\u05d0\u05d1"})
    EXPECT_FALSE(parse_email_address(bad).ok()) << "accepted: " << bad;
  std::string nul = "a@exa";
  nul.push_back('\0');
  nul += "mple.org";
  EXPECT_FALSE(parse_email_address(nul).ok());
  EXPECT_FALSE(parse_email_address(std::string(100'000, 'a') + "@example.org").ok());
}

}  // namespace
}  // namespace barometer

namespace barometer {
namespace {

// email_search_text: what an admin types, as the substring to look for in stored addresses.
TEST(EmailSearchText, LowersTrimsAndKeepsOnlyThePastedAddress) {
  EXPECT_EQ(email_search_text("  READER@Example.org \t"), "reader@example.org");
  EXPECT_EQ(email_search_text("\xC2\xA0reader\xE2\x80\x8B"), "reader");  // no-break and zero-width spaces
  EXPECT_EQ(email_search_text("Ivan Petrov <Ivan@Example.ORG>"), "ivan@example.org");
  EXPECT_EQ(email_search_text("MAILTO:ivan@example.org"), "ivan@example.org");
  EXPECT_EQ(email_search_text("100%_off"), "100%_off");  // wildcards are the store's to escape
  EXPECT_EQ(email_search_text(""), "");
}

TEST(EmailSearchText, InternationalDomainsBecomeALabelsAsStored) {
  EXPECT_EQ(email_search_text("Ivan@ПРИМЕР.Испытание"), "ivan@xn--e1afmkfd.xn--80akhbyknj4f");
  EXPECT_EQ(email_search_text("@пример.испытание"), "@xn--e1afmkfd.xn--80akhbyknj4f");
  EXPECT_EQ(email_search_text("bücher.de"), "xn--bcher-kva.de");
  EXPECT_EQ(email_search_text("пример"), "xn--e1afmkfd");  // a whole label converts
  // Idempotent: the stored form searches for itself.
  EXPECT_EQ(email_search_text(email_search_text("Ivan@ПРИМЕР.Испытание")), "ivan@xn--e1afmkfd.xn--80akhbyknj4f");
}

TEST(EmailSearchText, AnyInputGivesSomeTextWithoutFailing) {
  for (std::string s : {std::string("\xff\xfe"), std::string("<>"), std::string("a@\xD0"), std::string(300, '@'),
                        std::string("ü@ü@ü"), std::string("<script>alert(1)</script>"), std::string("\0x", 2)})
    EXPECT_LE(email_search_text(s).size(), 4 * s.size() + 64) << s;
}

}  // namespace
}  // namespace barometer
