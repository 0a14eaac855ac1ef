// A move-only void() callable that keeps callables of up to kInlineBytes inside itself
// instead of on the heap: the scheduler's event callbacks. std::function allocates for
// anything over 16 bytes, and nearly every event (a packet in flight on a link, a host
// timer wrapping its own std::function) is bigger, which made malloc/free a tenth of a
// mail benchmark's time. Larger callables still work; they go to the heap.
// The scheduler's slots hold 128 bytes (a link's closure: network, node, Packet; a host
// timer's guard closure with the caller's lambda inside), and callables are built in them.
#pragma once
#include <cstddef>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

namespace sim {

template <std::size_t kInlineBytes>
class InlineFunction {
 public:
  InlineFunction() noexcept = default;
  InlineFunction(std::nullptr_t) noexcept {}
  template <class F, class T = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same_v<T, InlineFunction> && std::is_invocable_r_v<void, T&>>>
  InlineFunction(F&& f) {  // NOLINT: implicit, like std::function
    construct(std::forward<F>(f));
  }
  InlineFunction(InlineFunction&& o) noexcept { take(o); }
  InlineFunction& operator=(InlineFunction&& o) noexcept {
    if (this != &o) {
      reset();
      take(o);
    }
    return *this;
  }
  InlineFunction& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }
  InlineFunction(const InlineFunction&) = delete;
  InlineFunction& operator=(const InlineFunction&) = delete;
  ~InlineFunction() { reset(); }

  // Replaces the held callable by f, built in place.
  template <class F, class T = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same_v<T, InlineFunction> && std::is_invocable_r_v<void, T&>>>
  void emplace(F&& f) {
    reset();
    construct(std::forward<F>(f));
  }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  void operator()() { ops_->invoke(buf_); }

 private:
  struct Ops {
    void (*invoke)(void*);
    void (*relocate)(void* from, void* to) noexcept;  // move-construct into `to`, destroy `from`
    void (*destroy)(void*) noexcept;
  };
  template <class T>
  static constexpr bool fits() {
    return sizeof(T) <= kInlineBytes && alignof(T) <= alignof(std::max_align_t) &&
           std::is_nothrow_move_constructible_v<T>;
  }
  template <class T>
  static constexpr Ops kInlineOps{
      [](void* p) { (*static_cast<T*>(p))(); },
      [](void* from, void* to) noexcept {
        ::new (to) T(std::move(*static_cast<T*>(from)));
        static_cast<T*>(from)->~T();
      },
      [](void* p) noexcept { static_cast<T*>(p)->~T(); }};
  template <class T>
  static constexpr Ops kHeapOps{
      [](void* p) { (**static_cast<T**>(p))(); },
      [](void* from, void* to) noexcept { ::new (to) T*(*static_cast<T**>(from)); },
      [](void* p) noexcept { delete *static_cast<T**>(p); }};

  template <class F>
  void construct(F&& f) {
    using T = std::decay_t<F>;
    if constexpr (std::is_same_v<T, std::function<void()>>) {
      if (!f) return;  // an empty std::function stays empty
    }
    if constexpr (fits<T>()) {
      ::new (static_cast<void*>(buf_)) T(std::forward<F>(f));
      ops_ = &kInlineOps<T>;
    } else {
      ::new (static_cast<void*>(buf_)) T*(new T(std::forward<F>(f)));
      ops_ = &kHeapOps<T>;
    }
  }
  void take(InlineFunction& o) noexcept {
    if (!o.ops_) return;
    o.ops_->relocate(o.buf_, buf_);
    ops_ = o.ops_;
    o.ops_ = nullptr;
  }
  void reset() noexcept {
    if (ops_) ops_->destroy(buf_);
    ops_ = nullptr;
  }

  const Ops* ops_ = nullptr;
  alignas(std::max_align_t) unsigned char buf_[kInlineBytes];
};

using EventCallback = InlineFunction<128>;

}  // namespace sim
