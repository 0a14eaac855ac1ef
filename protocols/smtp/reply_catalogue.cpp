// Data tables of the SMTP catalogue (see reply_catalogue.hpp). English texts follow the RFCs'
// wording; the Chinese is written for students, with the textbook's terms (谢希仁《计算机网络》).
#include "protocols/smtp/reply_catalogue.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace protocols::smtp {
namespace {

constexpr std::array kReplyCodes{
    ReplyCodeInfo{211, "System status, or system help reply", "系统状态或系统帮助应答", "RFC 5321 §4.2.3", true, "2.0.0"},
    ReplyCodeInfo{214, "Help message", "帮助信息（说明如何使用本服务器或某条非标准命令的含义）", "RFC 5321 §4.2.3", true, "2.0.0"},
    ReplyCodeInfo{220, "<domain> Service ready", "服务就绪", "RFC 5321 §4.2.3", true, ""},
    ReplyCodeInfo{221, "<domain> Service closing transmission channel", "服务关闭传输信道", "RFC 5321 §4.2.3", true, "2.0.0"},
    ReplyCodeInfo{235, "Authentication successful", "认证成功", "RFC 4954 §6", false, "2.7.0"},
    ReplyCodeInfo{250, "Requested mail action okay, completed", "请求的邮件操作已完成", "RFC 5321 §4.2.3", true, "2.0.0"},
    ReplyCodeInfo{251, "User not local; will forward to <forward-path>", "用户不在本地，将转发到 <forward-path>", "RFC 5321 §4.2.3", true, "2.1.5"},
    ReplyCodeInfo{252, "Cannot VRFY user, but will accept message and attempt delivery", "无法验证该用户，但会接收邮件并尝试投递", "RFC 5321 §3.5.3", false, "2.0.0"},
    ReplyCodeInfo{334, "Server challenge (AUTH continues; text is base64)", "服务器质询（认证继续进行，其后文本为 Base64 编码）", "RFC 4954 §4", false, ""},
    ReplyCodeInfo{354, "Start mail input; end with <CRLF>.<CRLF>", "开始邮件输入，以 <CRLF>.<CRLF> 结束", "RFC 5321 §4.2.3", true, ""},
    ReplyCodeInfo{421, "<domain> Service not available, closing transmission channel", "服务不可用，关闭传输信道", "RFC 5321 §4.2.3", true, "4.3.2"},
    ReplyCodeInfo{432, "A password transition is needed", "需要更换密码", "RFC 4954 §6", false, "4.7.12"},
    ReplyCodeInfo{450, "Requested mail action not taken: mailbox unavailable (e.g., mailbox busy or temporarily blocked)", "邮箱暂时不可用（如邮箱忙或被临时阻止），未执行请求的操作", "RFC 5321 §4.2.3", true, "4.2.0"},
    ReplyCodeInfo{451, "Requested action aborted: local error in processing", "本地处理出错，请求的操作已中止", "RFC 5321 §4.2.3", true, "4.3.0"},
    ReplyCodeInfo{452, "Requested action not taken: insufficient system storage", "系统存储空间不足，未执行请求的操作", "RFC 5321 §4.2.3", true, "4.3.1"},
    ReplyCodeInfo{454, "Temporary authentication failure", "认证暂时失败", "RFC 4954 §6", false, "4.7.0"},
    ReplyCodeInfo{455, "Server unable to accommodate parameters", "服务器暂时无法接受这些参数", "RFC 5321 §4.2.3", false, "4.5.4"},
    ReplyCodeInfo{500, "Syntax error, command unrecognized (also: command line too long)", "语法错误，命令无法识别（命令行过长时也用此码）", "RFC 5321 §4.2.3", true, "5.5.2"},
    ReplyCodeInfo{501, "Syntax error in parameters or arguments", "参数或变元语法错误", "RFC 5321 §4.2.3", true, "5.5.4"},
    ReplyCodeInfo{502, "Command not implemented", "命令未实现", "RFC 5321 §4.2.3", true, "5.5.1"},
    ReplyCodeInfo{503, "Bad sequence of commands", "命令顺序错误", "RFC 5321 §4.2.3", true, "5.5.1"},
    ReplyCodeInfo{504, "Command parameter not implemented", "命令参数未实现", "RFC 5321 §4.2.3", true, "5.5.4"},
    ReplyCodeInfo{530, "Authentication required", "需要先进行认证", "RFC 4954 §6", false, "5.7.0"},
    ReplyCodeInfo{534, "Authentication mechanism is too weak", "认证机制强度不够", "RFC 4954 §6", false, "5.7.9"},
    ReplyCodeInfo{535, "Authentication credentials invalid", "认证凭据无效（用户名或密码错误）", "RFC 4954 §6", false, "5.7.8"},
    ReplyCodeInfo{538, "Encryption required for requested authentication mechanism", "所请求的认证机制要求加密连接", "RFC 4954 §6", false, "5.7.11"},
    ReplyCodeInfo{550, "Requested action not taken: mailbox unavailable (e.g., mailbox not found, no access, or command rejected for policy reasons)", "邮箱不可用（如邮箱不存在、无权访问或因策略被拒绝），未执行请求的操作", "RFC 5321 §4.2.3", true, "5.1.1"},
    ReplyCodeInfo{551, "User not local; please try <forward-path>", "用户不在本地，请尝试 <forward-path>", "RFC 5321 §4.2.3", true, "5.1.6"},
    ReplyCodeInfo{552, "Requested mail action aborted: exceeded storage allocation", "超出存储分配，请求的邮件操作已中止", "RFC 5321 §4.2.3", true, "5.3.4"},
    ReplyCodeInfo{553, "Requested action not taken: mailbox name not allowed (e.g., mailbox syntax incorrect)", "邮箱名不允许（如邮箱地址语法不正确），未执行请求的操作", "RFC 5321 §4.2.3", true, "5.1.3"},
    ReplyCodeInfo{554, "Transaction failed (or, as the greeting: No SMTP service here)", "事务失败（若作为连接建立时的问候，表示“此处无 SMTP 服务”）", "RFC 5321 §4.2.3", true, "5.0.0"},
    ReplyCodeInfo{555, "MAIL FROM/RCPT TO parameters not recognized or not implemented", "MAIL FROM/RCPT TO 的参数无法识别或未实现", "RFC 5321 §4.2.3", false, "5.5.4"},
};

constexpr std::array kEnhancedCodes{
    EnhancedCodeInfo{"0.0", "Other undefined status", "其他或未定义的状态", "RFC 3463 §3.1"},
    EnhancedCodeInfo{"1.0", "Other address status", "其他地址状态", "RFC 3463 §3.2"},
    EnhancedCodeInfo{"1.1", "Bad destination mailbox address (no such user)", "目的邮箱地址错误（用户不存在）", "RFC 3463 §3.2"},
    EnhancedCodeInfo{"1.2", "Bad destination system address", "目的系统地址错误", "RFC 3463 §3.2"},
    EnhancedCodeInfo{"1.3", "Bad destination mailbox address syntax", "目的邮箱地址语法错误", "RFC 3463 §3.2"},
    EnhancedCodeInfo{"1.5", "Destination address valid", "目的地址有效", "RFC 3463 §3.2"},
    EnhancedCodeInfo{"1.6", "Destination mailbox has moved, no forwarding address", "目的邮箱已迁移，且无转发地址", "RFC 3463 §3.2"},
    EnhancedCodeInfo{"1.7", "Bad sender's mailbox address syntax", "发件人邮箱地址语法错误", "RFC 3463 §3.2"},
    EnhancedCodeInfo{"1.8", "Bad sender's system address", "发件人系统地址错误", "RFC 3463 §3.2"},
    EnhancedCodeInfo{"2.0", "Other or undefined mailbox status", "其他或未定义的邮箱状态", "RFC 3463 §3.3"},
    EnhancedCodeInfo{"2.1", "Mailbox disabled, not accepting messages", "邮箱已停用，不接收邮件", "RFC 3463 §3.3"},
    EnhancedCodeInfo{"2.2", "Mailbox full", "邮箱已满", "RFC 3463 §3.3"},
    EnhancedCodeInfo{"2.3", "Message length exceeds administrative limit", "邮件长度超过管理限制", "RFC 3463 §3.3"},
    EnhancedCodeInfo{"3.0", "Other or undefined mail system status", "其他或未定义的邮件系统状态", "RFC 3463 §3.4"},
    EnhancedCodeInfo{"3.1", "Mail system full", "邮件系统存储已满", "RFC 3463 §3.4"},
    EnhancedCodeInfo{"3.2", "System not accepting network messages", "系统暂不接收网络邮件", "RFC 3463 §3.4"},
    EnhancedCodeInfo{"3.4", "Message too big for system", "邮件对本系统而言过大", "RFC 3463 §3.4"},
    EnhancedCodeInfo{"4.0", "Other or undefined network or routing status", "其他或未定义的网络或路由状态", "RFC 3463 §3.5"},
    EnhancedCodeInfo{"4.1", "No answer from host", "主机无应答", "RFC 3463 §3.5"},
    EnhancedCodeInfo{"4.2", "Bad connection", "连接不良（连接中断或超时）", "RFC 3463 §3.5"},
    EnhancedCodeInfo{"4.3", "Directory server failure (e.g. DNS)", "目录服务器（如 DNS）故障", "RFC 3463 §3.5"},
    EnhancedCodeInfo{"4.4", "Unable to route", "无法路由", "RFC 3463 §3.5"},
    EnhancedCodeInfo{"4.7", "Delivery time expired", "投递时间已过期", "RFC 3463 §3.5"},
    EnhancedCodeInfo{"5.0", "Other or undefined protocol status", "其他或未定义的协议状态", "RFC 3463 §3.6"},
    EnhancedCodeInfo{"5.1", "Invalid command (or bad sequence)", "无效命令（或命令顺序错误）", "RFC 3463 §3.6"},
    EnhancedCodeInfo{"5.2", "Syntax error", "语法错误", "RFC 3463 §3.6"},
    EnhancedCodeInfo{"5.3", "Too many recipients", "收件人过多", "RFC 3463 §3.6"},
    EnhancedCodeInfo{"5.4", "Invalid command arguments", "命令参数无效", "RFC 3463 §3.6"},
    EnhancedCodeInfo{"6.0", "Other or undefined media error", "其他或未定义的内容（媒体）错误", "RFC 3463 §3.7"},
    EnhancedCodeInfo{"6.7", "Non-ASCII addresses not permitted (SMTPUTF8 needed)", "不允许非 ASCII 地址（需要 SMTPUTF8）", "RFC 6531 §3.5"},
    EnhancedCodeInfo{"7.0", "Other or undefined security status (e.g. authentication required or succeeded)", "其他或未定义的安全或策略状态（如需要认证、认证成功）", "RFC 3463 §3.8"},
    EnhancedCodeInfo{"7.1", "Delivery not authorized, message refused (e.g. relay denied, greylisted)", "未授权投递，邮件被拒（如拒绝中继、灰名单暂拒）", "RFC 3463 §3.8"},
    EnhancedCodeInfo{"7.8", "Authentication credentials invalid", "认证凭据无效", "RFC 4954 §6"},
    EnhancedCodeInfo{"7.9", "Authentication mechanism is too weak", "认证机制强度不够", "RFC 4954 §6"},
    EnhancedCodeInfo{"7.11", "Encryption required for requested authentication mechanism", "所请求的认证机制要求加密", "RFC 4954 §6"},
    EnhancedCodeInfo{"7.12", "A password transition is needed", "需要更换密码", "RFC 4954 §6"},
};

constexpr std::array kCommands{
    CommandInfo{"HELO", "HELO <domain>", "Identify the client to the server (open the session)", "客户端向服务器报告自己的主机名，开始会话", "RFC 5321 §4.1.1.1", true},
    CommandInfo{"EHLO", "EHLO <domain>", "Extended HELO: identify and ask for the server's extensions", "扩展的 HELO：报告主机名并询问服务器支持的扩展", "RFC 5321 §4.1.1.1", false},
    CommandInfo{"MAIL", "MAIL FROM:<reverse-path> [SP parameters]", "Start a mail transaction; give the sender (bounce) address", "开始一次邮件事务，给出发件人（退信）地址", "RFC 5321 §4.1.1.2", true},
    CommandInfo{"RCPT", "RCPT TO:<forward-path> [SP parameters]", "Give one recipient; repeat for each recipient", "给出一个收件人；有几个收件人就发几次", "RFC 5321 §4.1.1.3", true},
    CommandInfo{"DATA", "DATA", "Send the message content, ended by a line holding only \".\"", "开始传送邮件内容，以只含“.”的一行结束", "RFC 5321 §4.1.1.4", true},
    CommandInfo{"SEND", "SEND FROM:<reverse-path>", "Deliver to the user's terminal instead of the mailbox (obsolete)", "把邮件送到用户终端而不是邮箱（已废弃）", "RFC 821 §3.4; RFC 5321 App. F.6", true},
    CommandInfo{"SOML", "SOML FROM:<reverse-path>", "Send to terminal or, if not logged in, mail (obsolete)", "用户在线则送终端，否则送邮箱（已废弃）", "RFC 821 §3.4; RFC 5321 App. F.6", true},
    CommandInfo{"SAML", "SAML FROM:<reverse-path>", "Send to terminal and mailbox (obsolete)", "同时送到终端和邮箱（已废弃）", "RFC 821 §3.4; RFC 5321 App. F.6", true},
    CommandInfo{"RSET", "RSET", "Abort the current mail transaction", "中止当前邮件事务，清除已给出的发件人和收件人", "RFC 5321 §4.1.1.5", true},
    CommandInfo{"VRFY", "VRFY <string>", "Ask whether a user or mailbox exists", "询问某用户或邮箱是否存在", "RFC 5321 §4.1.1.6", true},
    CommandInfo{"EXPN", "EXPN <string>", "Ask for the members of a mailing list", "请求展开邮件列表的成员", "RFC 5321 §4.1.1.7", true},
    CommandInfo{"HELP", "HELP [<string>]", "Ask for helpful information", "请求帮助信息", "RFC 5321 §4.1.1.8", true},
    CommandInfo{"NOOP", "NOOP [<string>]", "Do nothing; the server answers 250 (keeps the connection alive)", "空操作，服务器回答 250（可用于保持连接）", "RFC 5321 §4.1.1.9", true},
    CommandInfo{"QUIT", "QUIT", "End the session; the server answers 221 and closes", "结束会话，服务器回答 221 并关闭连接", "RFC 5321 §4.1.1.10", true},
    CommandInfo{"TURN", "TURN", "Swap the client and server roles (obsolete, insecure)", "交换客户端和服务器的角色（已废弃，不安全）", "RFC 821 §3.8; RFC 5321 App. F.1", true},
    CommandInfo{"AUTH", "AUTH <mechanism> [<initial-response>]", "Authenticate the client (SMTP AUTH)", "客户端进行身份认证（SMTP 认证）", "RFC 4954 §4", false},
    CommandInfo{"STARTTLS", "STARTTLS", "Switch the connection to TLS (not implemented in MailSim)", "将连接升级为 TLS 加密（MailSim 未实现）", "RFC 3207 §4", false},
    CommandInfo{"BDAT", "BDAT <size> [LAST]", "Send the message in chunks (CHUNKING; not implemented in MailSim)", "分块发送邮件内容（CHUNKING 扩展；MailSim 未实现）", "RFC 3030 §2", false},
};

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

ReplyClass reply_class(int code) {
  if (code < 200 || code > 599) return ReplyClass::Invalid;
  return static_cast<ReplyClass>(code / 100);
}

std::string_view to_string(ReplyClass c) {
  switch (c) {
    case ReplyClass::PositiveCompletion: return "positive completion";
    case ReplyClass::PositiveIntermediate: return "positive intermediate";
    case ReplyClass::TransientNegative: return "transient negative completion";
    case ReplyClass::PermanentNegative: return "permanent negative completion";
    case ReplyClass::Invalid: return "invalid";
  }
  return "?";
}

std::string_view meaning_zh(ReplyClass c) {
  switch (c) {
    case ReplyClass::PositiveCompletion: return "肯定完成应答（请求已成功完成）";
    case ReplyClass::PositiveIntermediate: return "肯定中间应答（已接受，等待后续信息）";
    case ReplyClass::TransientNegative: return "暂时性否定应答（稍后可重试）";
    case ReplyClass::PermanentNegative: return "永久性否定应答（不应原样重试）";
    case ReplyClass::Invalid: return "无效应答码";
  }
  return "?";
}

std::span<const ReplyCodeInfo> reply_codes() { return kReplyCodes; }
std::span<const EnhancedCodeInfo> enhanced_codes() { return kEnhancedCodes; }
std::span<const CommandInfo> commands() { return kCommands; }

const ReplyCodeInfo* find_reply_code(int code) {
  for (const auto& r : kReplyCodes)
    if (r.code == code) return &r;
  return nullptr;
}

const EnhancedCodeInfo* find_enhanced_code(std::string_view code) {
  // RFC 3463 §2: class "." subject "." detail, class one of 2, 4, 5.
  if (code.size() < 5 || code[1] != '.' || (code[0] != '2' && code[0] != '4' && code[0] != '5'))
    return nullptr;
  std::string_view rest = code.substr(2);
  for (const auto& e : kEnhancedCodes)
    if (e.subject_detail == rest) return &e;
  return nullptr;
}

const CommandInfo* find_command(std::string_view verb) {
  for (const auto& c : kCommands)
    if (iequal(c.verb, verb)) return &c;
  return nullptr;
}

}  // namespace protocols::smtp
