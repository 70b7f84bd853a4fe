#include "render/view.hpp"

namespace barometer::render {

View& View::operator[](const std::string& key) {
  if (!is_object()) value_ = Object{};
  return std::get<Object>(value_)[key];
}

const View* View::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  const auto& obj = std::get<Object>(value_);
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &it->second;
}

View& View::push(View item) {
  if (!is_list()) value_ = List{};
  auto& list = std::get<List>(value_);
  list.push_back(std::move(item));
  return list.back();
}

}  // namespace barometer::render
