#include "domain/digest.hpp"

#include <array>
#include <utility>

namespace barometer {

namespace {

constexpr std::array<std::pair<DigestState, std::string_view>, 4> kDigestStates{{
    {DigestState::draft, "draft"},
    {DigestState::ready, "ready"},
    {DigestState::sending, "sending"},
    {DigestState::done, "done"},
}};

constexpr std::array<std::pair<DeliveryState, std::string_view>, 5> kDeliveryStates{{
    {DeliveryState::queued, "queued"},
    {DeliveryState::sending, "sending"},
    {DeliveryState::sent, "sent"},
    {DeliveryState::failed, "failed"},
    {DeliveryState::uncertain, "uncertain"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [e, n] : names)
    if (e == value) return n;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view s) {
  for (const auto& [e, n] : names)
    if (n == s) return e;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(DigestState s) { return name_of(kDigestStates, s); }
std::optional<DigestState> parse_digest_state(std::string_view s) { return value_of(kDigestStates, s); }
std::string_view to_string(DeliveryState s) { return name_of(kDeliveryStates, s); }
std::optional<DeliveryState> parse_delivery_state(std::string_view s) { return value_of(kDeliveryStates, s); }

}  // namespace barometer
