// RFC 5322 §3.4 address parsing: a small tokenizer (atoms, quoted strings, domain literals,
// specials; comments and whitespace skipped) and a recursive-descent parser over it.
#include "protocols/message/address.hpp"

#include <cstring>

#include "protocols/message/ascii.hpp"
#include "protocols/message/encoded_word.hpp"

namespace protocols::message {

namespace {

// §3.2.3 atext, plus "." so that dot-atoms and obs-phrase words come as one token, plus
// non-ASCII bytes (RFC 6532 §3.2).
bool is_atext(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr && c != '\0';
}

enum class Tok { Atom, Quoted, DomainLiteral, Special, End, Bad };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // atom text, unescaped quoted content, "[literal]", or the special
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Token next() {
    skip_cfws();
    if (pos_ >= s_.size()) return {Tok::End, {}};
    char c = s_[pos_];
    if (c == '"') return quoted();
    if (c == '[') return literal();
    if (std::strchr("<>@,;:", c) && c != '\0') {
      ++pos_;
      return {Tok::Special, std::string(1, c)};
    }
    if (is_atext(c) || c == '.') {
      std::size_t b = pos_;
      while (pos_ < s_.size() && (is_atext(s_[pos_]) || s_[pos_] == '.')) ++pos_;
      return {Tok::Atom, std::string(s_.substr(b, pos_ - b))};
    }
    ++pos_;
    return {Tok::Bad, std::string(1, c)};
  }

  Token peek() {
    std::size_t save = pos_;
    Token t = next();
    pos_ = save;
    return t;
  }

 private:
  // §3.2.2: CFWS — whitespace and (possibly nested) comments with quoted-pairs.
  void skip_cfws() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos_;
      } else if (c == '(') {
        int depth = 0;
        while (pos_ < s_.size()) {
          char d = s_[pos_++];
          if (d == '\\') ++pos_;
          else if (d == '(') ++depth;
          else if (d == ')' && --depth == 0) break;
        }
      } else {
        break;
      }
    }
    if (pos_ > s_.size()) pos_ = s_.size();  // a comment ending in "\\" stepped past the end
  }

  Token quoted() {  // §3.2.4
    std::string out;
    ++pos_;
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return {Tok::Quoted, out};
      if (c == '\\' && pos_ < s_.size()) c = s_[pos_++];
      if (c == '\r' || c == '\n') continue;  // unfold
      out += c;
    }
    return {Tok::Bad, out};  // unterminated
  }

  Token literal() {  // §3.4.1 domain-literal
    std::size_t b = pos_;
    std::size_t e = s_.find(']', pos_);
    if (e == std::string_view::npos) {
      pos_ = s_.size();
      return {Tok::Bad, {}};
    }
    pos_ = e + 1;
    return {Tok::DomainLiteral, std::string(s_.substr(b, e + 1 - b))};
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool is_special(const Token& t, char c) { return t.kind == Tok::Special && t.text[0] == c; }
bool is_word(const Token& t) { return t.kind == Tok::Atom || t.kind == Tok::Quoted; }

class Parser {
 public:
  explicit Parser(std::string_view s) : lex_(s) {}

  // domain = dot-atom / domain-literal (§3.4.1)
  std::optional<std::string> domain() {
    Token t = lex_.next();
    if (t.kind == Tok::DomainLiteral) return t.text;
    if (t.kind != Tok::Atom || t.text.front() == '.' || t.text.back() == '.') return std::nullopt;
    return t.text;
  }

  // addr-spec after the local-part words were read.
  std::optional<Mailbox> finish_addr_spec(const std::vector<Token>& local, std::string name) {
    if (local.empty()) return std::nullopt;
    Mailbox m;
    m.display_name = std::move(name);
    for (const auto& w : local) m.local_part += w.text;  // obs-local-part: words and dots
    auto d = domain();
    if (!d) return std::nullopt;
    m.domain = *d;
    return m;
  }

  // angle-addr = "<" [obs-route] addr-spec ">" (§3.4, §4.4)
  std::optional<Mailbox> angle_addr(std::string name) {
    if (is_special(lex_.peek(), '@')) {  // obs-route: skip "@a,@b:"
      while (true) {
        Token t = lex_.next();
        if (is_special(t, ':')) break;
        if (t.kind == Tok::End) return std::nullopt;
      }
    }
    std::vector<Token> local;
    while (is_word(lex_.peek())) local.push_back(lex_.next());
    if (!is_special(lex_.next(), '@')) return std::nullopt;
    auto m = finish_addr_spec(local, std::move(name));
    if (!m || !is_special(lex_.next(), '>')) return std::nullopt;
    return m;
  }

  // phrase words joined by single spaces, then RFC 2047 decoded (RFC 2047 §5 (3)).
  static std::string phrase_text(const std::vector<Token>& words) {
    std::string s;
    for (const auto& w : words) {
      if (!s.empty()) s += ' ';
      s += w.text;
    }
    return decode_encoded_words(s);
  }

  // mailbox = name-addr / addr-spec; `words` holds the phrase or local part already read.
  std::optional<Mailbox> mailbox_after(std::vector<Token> words) {
    Token t = lex_.next();
    if (is_special(t, '<')) return angle_addr(phrase_text(words));
    if (is_special(t, '@')) return finish_addr_spec(words, {});
    return std::nullopt;
  }

  std::optional<Address> address() {
    std::vector<Token> words;
    while (is_word(lex_.peek())) words.push_back(lex_.next());
    if (is_special(lex_.peek(), ':')) {  // group = display-name ":" [group-list] ";" (§3.4)
      lex_.next();
      Group g;
      g.display_name = phrase_text(words);
      while (true) {
        Token p = lex_.peek();
        if (is_special(p, ';')) {
          lex_.next();
          break;
        }
        if (p.kind == Tok::End) break;  // lenient: unterminated group at the end
        if (is_special(p, ',')) {       // obs-mbox-list empty elements
          lex_.next();
          continue;
        }
        std::vector<Token> w;
        while (is_word(lex_.peek())) w.push_back(lex_.next());
        auto m = mailbox_after(std::move(w));
        if (!m) return std::nullopt;
        g.members.push_back(std::move(*m));
      }
      return g;
    }
    auto m = mailbox_after(std::move(words));
    if (!m) return std::nullopt;
    return *m;
  }

  std::optional<std::vector<Address>> list() {
    std::vector<Address> out;
    while (true) {
      Token p = lex_.peek();
      if (p.kind == Tok::End) break;
      if (is_special(p, ',')) {  // §4.4 obs-addr-list: empty elements
        lex_.next();
        continue;
      }
      auto a = address();
      if (!a) return std::nullopt;
      out.push_back(std::move(*a));
      Token sep = lex_.peek();
      if (sep.kind == Tok::End) break;
      if (!is_special(sep, ',')) return std::nullopt;
    }
    return out;
  }

 private:
  Lexer lex_;
};

bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!is_atext(s[i])) {
      return false;
    }
  }
  return true;
}

std::string quote_string(std::string_view s) {  // §3.2.4
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

std::string Mailbox::addr_spec() const {
  std::string lp = is_dot_atom(local_part) ? local_part : quote_string(local_part);
  return lp + "@" + domain;
}

std::optional<std::vector<Address>> parse_address_list(std::string_view value) {
  return Parser(value).list();
}

std::optional<Mailbox> parse_mailbox(std::string_view value) {
  Parser p(value);
  auto list = p.list();
  if (!list || list->size() != 1) return std::nullopt;
  if (auto* m = std::get_if<Mailbox>(&list->front())) return *m;
  return std::nullopt;
}

std::optional<Mailbox> parse_addr_spec(std::string_view value) {
  auto m = parse_mailbox(value);
  if (!m || !m->display_name.empty()) return std::nullopt;
  return m;
}

std::vector<Mailbox> mailboxes_of(const std::vector<Address>& list) {
  std::vector<Mailbox> out;
  for (const auto& a : list) {
    if (auto* m = std::get_if<Mailbox>(&a)) out.push_back(*m);
    else
      for (const auto& g : std::get<Group>(a).members) out.push_back(g);
  }
  return out;
}

namespace {
std::string format_phrase(std::string_view name) {
  if (needs_encoding(name)) return encode_header_text(name);  // RFC 2047 §5 (3)
  bool plain = !name.empty();
  for (char c : name)
    if (!is_atext(c) || c == '.') plain = false;
  return plain ? std::string(name) : quote_string(name);
}
}  // namespace

std::string format_mailbox(const Mailbox& m) {
  if (m.display_name.empty()) return m.addr_spec();
  return format_phrase(m.display_name) + " <" + m.addr_spec() + ">";
}

std::string format_address(const Address& a) {
  if (auto* m = std::get_if<Mailbox>(&a)) return format_mailbox(*m);
  const Group& g = std::get<Group>(a);
  std::string out = format_phrase(g.display_name) + ":";
  for (std::size_t i = 0; i < g.members.size(); ++i)
    out += (i ? ", " : " ") + format_mailbox(g.members[i]);
  return out + ";";
}

std::string format_address_list(const std::vector<Address>& list) {
  std::string out;
  for (const auto& a : list) {
    if (!out.empty()) out += ", ";
    out += format_address(a);
  }
  return out;
}

}  // namespace protocols::message
