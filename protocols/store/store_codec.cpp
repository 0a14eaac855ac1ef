// Serialises the whole store to bytes and back, so it can live on a host's simulated disk
// and survive a power cycle. Format (version 1), all integers little-endian, strings as a
// u32 length then bytes, maps in key order so the same store always gives the same bytes:
//   "MAILSIM-STORE" u32 version u64 change_seq u32 next_uidvalidity u32 user_count
//   user:    str name, str password, u32 folder_count
//   folder:  str name, u32 uidvalidity, u32 uidnext, u32 recent_uid, u8 subscribed,
//            u64 modseq, u32 message_count
//   message: u32 uid, u8 system_flags, u32 keyword_count, str keyword..., i64 internal_date_ns,
//            u64 modseq, str raw
// Leaves out: the maildrop locks and the change log (a power cycle ends every session).
#include <cstring>

#include "protocols/store/store.hpp"

namespace protocols::store {
namespace {

constexpr std::string_view kMagic = "MAILSIM-STORE";
constexpr std::uint32_t kVersion = 1;

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void raw(std::string_view s) { out_.append(s); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::size_t pos() const { return pos_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::uint64_t uint(int n) {
    if (!need(static_cast<std::size_t>(n))) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(uint(1)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(uint(4)); }
  std::uint64_t u64() { return uint(8); }
  std::string str() {
    std::uint32_t n = u32();
    if (!need(n)) return {};
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::string_view fixed(std::size_t n) {
    if (!need(n)) return {};
    auto s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  // A count must be plausible for the bytes left (each element takes at least `min_each`).
  std::uint32_t count(std::size_t min_each) {
    std::uint32_t n = u32();
    if (ok_ && static_cast<std::uint64_t>(n) * min_each > in_.size() - pos_) ok_ = false;
    return ok_ ? n : 0;
  }

 private:
  bool need(std::size_t n) {
    if (!ok_ || in_.size() - pos_ < n) ok_ = false;
    return ok_;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

struct StoreCodec {
  static std::string write(const Store& s) {
    Writer w;
    w.raw(kMagic);
    w.u32(kVersion);
    w.u64(s.seq_);
    w.u32(s.next_uidvalidity_);
    w.u32(static_cast<std::uint32_t>(s.users_.size()));
    for (const auto& [name, u] : s.users_) {
      w.str(u.name);
      w.str(u.password);
      w.u32(static_cast<std::uint32_t>(u.folders.size()));
      for (const auto& [fname, f] : u.folders) {
        w.str(f.name);
        w.u32(f.uidvalidity);
        w.u32(f.uidnext);
        w.u32(f.recent_uid);
        w.u8(f.subscribed ? 1 : 0);
        w.u64(f.modseq);
        w.u32(static_cast<std::uint32_t>(f.messages.size()));
        for (const auto& m : f.messages) {
          w.u32(m.uid);
          w.u8(m.flags.system);
          w.u32(static_cast<std::uint32_t>(m.flags.keywords.size()));
          for (const auto& k : m.flags.keywords) w.str(k);
          w.u64(static_cast<std::uint64_t>(ns_of(m.internal_date)));
          w.u64(m.modseq);
          w.str(m.bytes());
        }
      }
    }
    return w.take();
  }

  static std::optional<Store> read(std::string_view bytes, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<Store> {
      if (error) *error = std::move(why);
      return std::nullopt;
    };
    Reader r(bytes);
    if (r.fixed(kMagic.size()) != kMagic) return fail("not a MailSim store (bad magic)");
    std::uint32_t version = r.u32();
    if (!r.ok() || version != kVersion) return fail("unsupported store version " + std::to_string(version));
    Store s;
    s.seq_ = r.u64();
    s.next_uidvalidity_ = r.u32();
    std::uint32_t users = r.count(12);
    for (std::uint32_t i = 0; i < users && r.ok(); ++i) {
      User u;
      u.name = r.str();
      u.password = r.str();
      std::uint32_t folders = r.count(29);
      for (std::uint32_t j = 0; j < folders && r.ok(); ++j) {
        Folder f;
        f.name = r.str();
        f.uidvalidity = r.u32();
        f.uidnext = r.u32();
        f.recent_uid = r.u32();
        f.subscribed = r.u8() != 0;
        f.modseq = r.u64();
        std::uint32_t messages = r.count(29);
        for (std::uint32_t k = 0; k < messages && r.ok(); ++k) {
          Message m;
          m.uid = r.u32();
          m.flags.system = static_cast<std::uint8_t>(r.u8() & 0x1f);
          std::uint32_t kws = r.count(4);
          for (std::uint32_t q = 0; q < kws && r.ok(); ++q) m.flags.keywords.push_back(r.str());
          m.internal_date = at_ns(static_cast<std::int64_t>(r.u64()));
          m.modseq = r.u64();
          m.raw = std::make_shared<const std::string>(r.str());
          if (r.ok() && (m.uid == 0 || m.uid >= f.uidnext || (!f.messages.empty() && f.messages.back().uid >= m.uid)))
            return fail("message UIDs out of order in " + u.name + "/" + f.name);
          f.messages.push_back(std::move(m));
        }
        std::string key = f.name;
        if (r.ok() && !u.folders.emplace(key, std::move(f)).second) return fail("duplicate folder " + key);
      }
      std::string key = u.name;
      if (r.ok() && !s.users_.emplace(key, std::move(u)).second) return fail("duplicate user " + key);
    }
    if (!r.ok()) return fail("truncated store at byte " + std::to_string(r.pos()));
    if (!r.at_end()) return fail("trailing bytes after the store at byte " + std::to_string(r.pos()));
    return s;
  }
};

std::string Store::serialize() const { return StoreCodec::write(*this); }

std::optional<Store> Store::deserialize(std::string_view bytes, std::string* error) {
  return StoreCodec::read(bytes, error);
}

bool Store::operator==(const Store& o) const {
  if (seq_ != o.seq_ || next_uidvalidity_ != o.next_uidvalidity_ || users_.size() != o.users_.size()) return false;
  for (auto a = users_.begin(), b = o.users_.begin(); a != users_.end(); ++a, ++b) {
    const User &x = a->second, &y = b->second;
    if (x.name != y.name || x.password != y.password || x.folders.size() != y.folders.size()) return false;
    for (auto f = x.folders.begin(), g = y.folders.begin(); f != x.folders.end(); ++f, ++g) {
      const Folder &p = f->second, &q = g->second;
      if (p.name != q.name || p.uidvalidity != q.uidvalidity || p.uidnext != q.uidnext ||
          p.recent_uid != q.recent_uid || p.subscribed != q.subscribed || p.modseq != q.modseq ||
          p.messages.size() != q.messages.size())
        return false;
      for (std::size_t i = 0; i < p.messages.size(); ++i) {
        const Message &m = p.messages[i], &n = q.messages[i];
        if (m.uid != n.uid || !(m.flags == n.flags) || m.internal_date != n.internal_date || m.modseq != n.modseq ||
            m.bytes() != n.bytes())
          return false;
      }
    }
  }
  return true;
}

}  // namespace protocols::store
