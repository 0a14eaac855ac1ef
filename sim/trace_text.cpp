// The record-text catalogue (trace_text.hpp). English is the text trace's wording since the
// first release; Chinese uses the course's terms (visual/terms.cpp, SYLLABUS.md): 连接,
// 应答, 队列, 投递尝试, 推迟, 退信, 邮箱, 标志.
#include "sim/trace_text.hpp"

#include <cstdlib>

namespace sim {

std::optional<TextLang> parse_text_lang(std::string_view s) {
  if (s == "zh") return TextLang::Zh;
  if (s == "en") return TextLang::En;
  return std::nullopt;
}

TextLang text_lang_from_locale() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v && *v) return std::string_view(v).starts_with("zh") ? TextLang::Zh : TextLang::En;
  }
  return TextLang::En;
}

namespace text {

namespace {
struct Pair {
  std::string_view en, zh;
};
std::string_view pick(TextLang l, const Pair& p) { return l == TextLang::Zh ? p.zh : p.en; }
template <class E, std::size_t N>
std::string_view pick(TextLang l, const Pair (&table)[N], E e) {
  return pick(l, table[static_cast<std::size_t>(e)]);
}
std::string num(std::int64_t n) { return std::to_string(n); }
bool zh(TextLang l) { return l == TextLang::Zh; }
}  // namespace

std::string_view word(TextLang l, Word w) {
  static constexpr Pair t[] = {{"retransmission", "重传"}, {"LOST", "丢失"},     {"dropped at", "丢弃于"},
                               {"next attempt", "下次尝试"}, {"from", "来自"},  {"state", "状态"},
                               {"not applied", "未生效"},   {"queue", "队列"}};
  return pick(l, t, w);
}

std::string_view column(TextLang l, Column c) {
  static constexpr Pair t[] = {{"FAULT", "故障"}, {"QUEUE", "队列"}, {"MBOX", "邮箱"}, {"NOTE", "备注"}};
  return pick(l, t, c);
}

std::string_view segment_event(TextLang l, SegmentEvent e) {
  static constexpr Pair t[] = {{"sent", "发送"}, {"delivered", "送达"}, {"dropped", "丢弃"}};
  return pick(l, t, e);
}

std::string_view drop_reason(TextLang l, std::string_view reason) {
  static constexpr Pair t[] = {{"loss", "丢包"},           {"link down", "链路断开"}, {"host off", "主机已关机"},
                               {"no route", "无路由"},     {"exceeds MTU", "超过 MTU"}, {"ttl expired", "TTL 耗尽"}};
  for (const Pair& p : t)
    if (p.en == reason) return pick(l, p);
  return zh(l) ? "其他原因" : reason;
}

std::string_view conn_event(TextLang l, ConnEvent e) {
  static constexpr Pair t[] = {{"connect", "发起连接"}, {"established", "已建立"}, {"refused", "被拒绝"},
                               {"timeout", "超时"},     {"reset", "被重置"},       {"closed", "已关闭"}};
  return pick(l, t, e);
}

std::string conn_phrase(TextLang l, const ConnRecord& r) {
  switch (r.event) {
    case ConnEvent::Connect: return zh(l) ? "连接端口 " + num(r.port) : "connects to port " + num(r.port);
    case ConnEvent::Established: return zh(l) ? "连接已建立" : "connection established";
    case ConnEvent::Refused: return zh(l) ? "连接被拒绝（RST）" : "connection refused (RST)";
    case ConnEvent::Timeout: return zh(l) ? "连接超时" : "connection timed out";
    case ConnEvent::Reset: return zh(l) ? "连接被重置" : "connection reset";
    case ConnEvent::Closed: return zh(l) ? "连接已关闭" : "connection closed";
  }
  return "";
}

std::string conn_detail(TextLang l, const ConnRecord& r) {
  if (!zh(l)) return conn_detail_code(r);
  switch (r.detail) {
    case ConnDetail::None: return "";
    case ConnDetail::Aborted: return "已中止";
    case ConnDetail::RstToSyn: return "对 SYN 的应答是 RST";
    case ConnDetail::ResetByPeer: return "被对端重置";
    case ConnDetail::SynUnanswered: return "SYN 重发 " + num(r.syn_retries) + " 次仍无应答";
    case ConnDetail::RetransmissionsUnanswered: return "重传始终没有确认";
  }
  return "";
}

std::string_view dns_event(TextLang l, DnsEvent e) {
  static constexpr Pair t[] = {{"query", "查询"}, {"retry", "重试"}, {"answer", "应答"}, {"timeout", "超时"}};
  return pick(l, t, e);
}

std::string_view fault_action(TextLang l, FaultAction a) {
  static constexpr Pair t[] = {
      {"power-off", "关机"},       {"power-on", "开机"},          {"stop-service", "停止服务"},
      {"start-service", "启动服务"}, {"link-down", "断开链路"},     {"link-up", "恢复链路"},
      {"loss", "丢包"},            {"latency", "时延"},           {"hang", "挂起"},
      {"reply", "应答"},           {"greylist", "灰名单"},        {"disk-full", "磁盘已满"},
      {"disk-ok", "磁盘恢复"},     {"max-sessions", "会话数上限"}, {"max-commands", "命令数上限"},
      {"drop-after", "命令后断开"},  {"invalid", "无效故障"}};
  return pick(l, t, a);
}

std::string_view fault_source(TextLang l, FaultSource s) {
  static constexpr Pair t[] = {{"scenario", "场景"}, {"cli", "命令行"}, {"input", "输入"},
                               {"chaos", "混沌测试"}, {"bench", "基准测试"}, {"test", "测试"}};
  return pick(l, t, s);
}

std::string fault_refusal(TextLang l, const FaultRecord& r) {
  if (!zh(l)) return fault_refusal_text(r);
  std::size_t colon = r.target.rfind(':');
  std::string target = r.target.substr(0, colon);
  switch (r.reason) {
    case FaultRefusal::None: return "";
    case FaultRefusal::Unparsed: return "无法识别的故障“" + r.target + "”";
    case FaultRefusal::UnknownHost: return "没有名为 " + target + " 的主机";
    case FaultRefusal::UnknownTarget: return "没有名为 " + target + " 的主机或链路";
    case FaultRefusal::NoLink: return target + " 两端之间没有链路";
    case FaultRefusal::NoLinks: return target + " 没有任何链路";
    case FaultRefusal::BadValue: return "取值“" + r.value + "”无效";
    case FaultRefusal::NoService:
      return target + " 的端口 " + (colon == std::string::npos ? "0" : r.target.substr(colon + 1)) + " 上没有服务";
    case FaultRefusal::NotApplicable: return "“" + std::string(fault_action(l, r.action)) + "”不适用于 " + target;
  }
  return "";
}

std::string_view queue_action(TextLang l, QueueAction a) {
  static constexpr Pair t[] = {{"queued", "入队"},       {"attempt", "投递尝试"},      {"deferred", "推迟"},
                               {"delivered", "已送达"},  {"failed", "失败"},           {"delayed-dsn", "延迟通知"},
                               {"bounced", "已退信"},    {"expired", "已过期"},        {"removed", "移出队列"}};
  return pick(l, t, a);
}

std::string queue_reason(TextLang l, const QueueRecord& r) {
  if (!zh(l)) return queue_reason_code(r);
  switch (r.why) {
    case QueueReason::None: return "";
    case QueueReason::Diagnostic: return r.text;
    case QueueReason::From: return "发件人 <" + r.arg + ">";
    case QueueReason::FromNull: return "发件人 <>（这是一封通知）";
    case QueueReason::ToMx: return "投递到 " + r.arg + " 的邮件交换服务器（MX）";
    case QueueReason::Local: return "本地投递";
    case QueueReason::Relayed: return "已转交 " + r.arg + "：" + r.text;
    case QueueReason::ToMailbox: return "已存入邮箱 " + r.arg + "/INBOX";
    case QueueReason::Notification: return "通知 " + r.arg + " 发往 <" + r.text + ">";
    case QueueReason::Postmaster: return "无法投递的通知交给 postmaster，到此为止";
    case QueueReason::GaveUp: return "在队列中等了 " + duration(l, r.waited) + " 后放弃；最近错误：" + r.text;
    case QueueReason::AllDone: return "所有收件人都已送达或失败";
  }
  return "";
}

std::string_view mailbox_action(TextLang l, MailboxAction a) {
  static constexpr Pair t[] = {
      {"append", "追加"},           {"expunge", "清除"},              {"flags", "标志"},
      {"copy", "复制"},             {"move", "移动"},                 {"create", "新建"},
      {"delete", "删除"},           {"rename", "重命名"},             {"subscribe", "订阅"},
      {"download", "下载"},         {"read text part", "读取正文部分"}, {"user action", "用户操作"},
      {"sees flags", "看到标志变化"}, {"sees expunge", "看到邮件被清除"}, {"sees new mail", "看到新邮件"},
      {"folders", "文件夹"},        {"sees new folder", "看到新文件夹"}, {"sees folder gone", "看到文件夹已删除"}};
  return pick(l, t, a);
}

namespace {
// "uid 3 (\Seen), uid 4 ()" when the record has flags; otherwise its UIDs.
std::string uids_text(TextLang l, const MailboxRecord& r) {
  const std::string uid = zh(l) ? "UID " : "uid ";
  if (r.flags().empty()) return zh(l) ? (r.uids.empty() ? "" : "UID " + uid_list_text(r.uids).substr(4)) : uid_list_text(r.uids);
  std::string s;
  for (const MessageFlags& f : r.flags()) s += (s.empty() ? uid : ", " + uid) + num(f.uid) + " (" + f.flags + ")";
  return s;
}

std::string device_text(TextLang l, const MailboxRecord& r) {
  const std::string n = num(r.number);
  const std::string uid = r.uids.empty() ? "?" : num(r.uids[0]);
  switch (r.action) {
    case MailboxAction::ReadTextPart: return "UID " + uid + "，" + n + " 字节";
    case MailboxAction::SeesFlags: return "第 " + n + " 封：(" + r.text + ")";
    case MailboxAction::SeesExpunge: return "第 " + n + " 封";
    case MailboxAction::SeesNewMail: return "共 " + n + " 封";
    case MailboxAction::UserAction: {
      std::size_t sp = r.text.find(' ');
      std::string verb = r.text.substr(0, sp), what = sp == std::string::npos ? "" : r.text.substr(sp + 1);
      if (verb == "create") return "新建文件夹 " + what;
      if (verb == "move") return "把 UID " + uid + " 移动到 " + what;
      if (verb == "copy") return "把 UID " + uid + " 复制到 " + what;
      if (verb == "unflag") return "去掉 UID " + uid + " 的标志 " + what;
      return "给 UID " + uid + " 加上标志 " + what;
    }
    default: return mailbox_msg_code(r);  // Download ("UIDL ..."), Folders: protocol names only
  }
}
}  // namespace

std::string mailbox_what(TextLang l, const MailboxRecord& r) {
  std::string s = is_store_change(r.action) ? uids_text(l, r) : zh(l) ? device_text(l, r) : mailbox_msg_code(r);
  if (!r.source_folder().empty()) s += (s.empty() ? "" : " ") + std::string(word(l, Word::From)) + " " + r.source_folder();
  if (std::string src = uid_list_text(r.source_uids()); !src.empty()) s += " " + (zh(l) ? "UID " + src.substr(4) : src);
  return s;
}

namespace {
std::string pop3_check_zh(const NoteRecord& r) {
  const auto end = static_cast<Pop3End>(r.n[3]);
  std::string s = std::string(end == Pop3End::Done ? "POP3 收信完成" : "POP3 收信失败") + "：下载 " + num(r.n[1]) + " 封，";
  if (end == Pop3End::Done) s += "服务器上删除 " + num(r.n[2]) + " 封";
  else if (r.n[2]) s += num(r.n[2]) + " 封已标记删除但仍留在服务器上（没有 QUIT）";
  else s += "没有删除邮件";
  switch (end) {
    case Pop3End::Done: break;
    case Pop3End::ServerClosed: s += "（服务器关闭了连接）"; break;
    case Pop3End::TimedOut: s += "（连接超时）"; break;
    case Pop3End::Reset: s += "（连接被重置）"; break;
    case Pop3End::Refused: s += "（连接被拒绝）"; break;
    case Pop3End::Failed: s += "（" + r.text + "）"; break;
  }
  return s;
}
}  // namespace

namespace {
// The stage's reasons (protocols/tls/stage.cpp) in Chinese; mbedTLS's own texts stay as they are.
std::string tls_failure_zh(const std::string& why) {
  if (why == "certificate expired") return "证书已过期";
  if (why == "certificate not yet valid") return "证书尚未生效";
  if (why == "certificate name mismatch") return "证书上的名字与服务器不符";
  if (why == "certificate not trusted") return "证书不受信任";
  if (why == "certificate verification failed") return "证书验证失败";
  if (why == "fatal alert from the peer") return "对方发来致命警报";
  return why;
}
}  // namespace

std::string note(TextLang l, const NoteRecord& r) {
  if (!zh(l)) return note_text_code(r);
  switch (r.code) {
    case NoteCode::Echoed: return "回显：" + r.text;
    case NoteCode::Page: return "网页 " + r.text + " -> " + num(r.n[0]) + " " + r.arg + (r.more.empty() ? "" : " “" + r.more + "”");
    case NoteCode::Converted8Bit: {
      std::string how;
      if (r.n[0]) how += num(r.n[0]) + " 个部分改用 quoted-printable";
      if (r.n[1]) how += (how.empty() ? "" : "，") + num(r.n[1]) + " 个部分改用 base64";
      return r.arg + "：" + r.text + " 不支持 8BITMIME，8 位邮件已转换为 7 位（" + how + "，" + num(r.n[2]) + " -> " +
             num(r.n[3]) + " 字节）";
    }
    case NoteCode::Pop3Check: return pop3_check_zh(r);
    case NoteCode::Composes: return "撰写“" + r.text + "”，收件人 " + num(r.n[0]) + " 位，" + num(r.n[1]) + " 字节";
    case NoteCode::OutboxAccepted: return "发件箱：邮件已被 " + r.arg + " 接受";
    case NoteCode::OutboxRejected: return "发件箱：邮件被 " + r.arg + " 拒绝：" + r.text;
    case NoteCode::OutboxRetry:
      return "发件箱：" + duration(l, Duration(r.n[0])) + "后重试" + (r.text.empty() ? "" : "（" + r.text + "）");
    case NoteCode::TelnetFailed: return "telnet " + r.arg + "：" + r.text;
    case NoteCode::TlsEstablished: return "连接 " + num(r.n[0]) + " 上的 TLS 已建立：" + r.arg + "，" + r.text;
    case NoteCode::TlsFailed: return "连接 " + num(r.n[0]) + " 上的 TLS 失败：" + tls_failure_zh(r.text);
  }
  return "";
}

std::string duration(TextLang l, Duration d) {
  if (!zh(l)) return protocols::format_duration(d);
  using namespace std::chrono;
  std::int64_t ms = duration_cast<milliseconds>(d).count();
  if (ms == 0) return "0 秒";
  std::string s;
  auto part = [&](std::int64_t unit, const char* name) {
    if (ms >= unit) {
      s += (s.empty() ? "" : " ") + num(ms / unit) + " " + name;
      ms %= unit;
    }
  };
  part(86400000, "天");
  part(3600000, "小时");
  part(60000, "分钟");
  part(1000, "秒");
  part(1, "毫秒");
  return s;
}

}  // namespace text
}  // namespace sim
