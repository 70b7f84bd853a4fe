// Email addresses as subscribers type them: checked, and normalized for storage.
//
// Accepted: `local@domain` where
//  - local is an RFC 5322 dot-atom of ASCII characters (letters, digits, !#$%&'*+-/=?^_`{|}~ and
//    single dots, not first or last), at most 64 bytes. Quoted local parts and non-ASCII local
//    parts (SMTPUTF8) are refused: most relays and mailbox providers cannot deliver to them.
//  - domain is a host name, possibly internationalized: converted to A-labels with ICU UTS #46
//    (non-transitional, STD3 rules, Bidi and CONTEXTJ checks), then at least two labels of 1..63
//    bytes, at most 253 bytes, and a top-level label that is not all digits. Address literals
//    ("[192.0.2.1]") are refused.
//  - the whole stored form is at most 254 bytes; surrounding ASCII spaces are ignored, any other
//    space or control character is refused.
// Thread-safe; never throws.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer {

struct EmailAddress {
  std::string ascii;    // stored and used on the wire: lower-case, domain in A-labels ("a@xn--80ak6aa92e.com")
  std::string display;  // shown to people: the domain in U-labels ("a@пример.com")
};

// invalid (message says what is wrong, for logs) when `text` is not an acceptable address.
Result<EmailAddress> parse_email_address(std::string_view text);

// The display form of a stored (A-label) address; the input unchanged when it cannot be converted.
std::string email_for_display(std::string_view ascii);

// What an admin typed to find subscribers, as the text to look for in stored (A-label, lower-case)
// addresses (docs/decisions/0017-search.md, "The back office's searches"): spaces around it
// dropped (also no-break and zero-width ones, as pasted from mail clients and spreadsheets); of
// "Name <a@b.by>" or "mailto:a@b.by" only the address; ASCII letters lowered; a part with
// non-ASCII letters taken as a domain (or its end, after the last @) and converted to A-labels
// with UTS #46 (which also folds case), so "ПРИМЕР.by" or "@пример.by" finds "a@xn--e1afmkfd.by".
// Only whole labels convert (Punycode encodes a label as a whole): "приме" finds nothing. Text
// that cannot be converted is returned lowered and will simply match nothing. Idempotent; never
// fails; the result is at most a few times longer than the input.
std::string email_search_text(std::string_view typed);

}  // namespace barometer
