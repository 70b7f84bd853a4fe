// Small text helpers that several layers need, kept once here (domain depends on std only, so
// storage, render, mail, services and web can all use them). Pure functions: no allocation
// beyond their results, no locale, thread-safe, never throw on any input (std::bad_alloc aside).
//
// Text is UTF-8 as everywhere in barometer; none of these functions validates it. Where input
// may be invalid UTF-8 the contract below says what happens to it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace barometer {

// `text` with & < > " ' replaced by &amp; &lt; &gt; &quot; &#39;: safe in HTML and XML text and
// in quoted attribute values. Other bytes (invalid UTF-8 included) are copied unchanged.
std::string html_escape(std::string_view text);

// What '+' means to percent_decode: a literal plus (paths, RFC 3986) or a space (form bodies
// and query strings, application/x-www-form-urlencoded).
enum class PlusSign { literal, space };

// Decodes %XX escapes (either case of hex digit). nullopt when a '%' is not followed by two hex
// digits, or when the input or the result contains a NUL byte (no caller wants one, and C APIs
// further on would cut the text there). Decoded bytes are not checked for UTF-8.
std::optional<std::string> percent_decode(std::string_view text, PlusSign plus = PlusSign::literal);

// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a UTF-8
// sequence: valid UTF-8 in, valid UTF-8 out (PostgreSQL refuses text with a broken sequence).
// `text` itself when it fits. On invalid input it backs up over at most three continuation
// bytes (the most a sequence has), so the prefix is never shorter than max_bytes - 3.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// Code points in `text`, counted as the bytes that are not UTF-8 continuation bytes, which is how
// SQLite's length() and substr() count them. On invalid input a stray continuation byte counts
// as nothing and any other broken byte as one.
std::size_t utf8_length(std::string_view text);

}  // namespace barometer
