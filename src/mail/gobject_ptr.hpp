// GPtr<T>: a GObject reference (GMime's objects) released with g_object_unref on scope exit.
#pragma once

#include <glib-object.h>

#include <memory>

namespace barometer::mail {

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

}  // namespace barometer::mail
