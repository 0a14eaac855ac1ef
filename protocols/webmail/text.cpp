// The string table of the webmail pages (zh-CN and en).
#include "protocols/webmail/text.hpp"

#include <array>
#include <cassert>

namespace protocols::webmail {

namespace {
struct Row {
  Msg msg;
  std::string_view zh;
  std::string_view en;
};

constexpr std::array<Row, static_cast<std::size_t>(Msg::kCount)> kTable{{
    {Msg::AppTitle, "MailSim 网页邮件", "MailSim Webmail"},
    {Msg::LoginTitle, "登录", "Sign in"},
    {Msg::User, "用户名", "User name"},
    {Msg::Password, "密码", "Password"},
    {Msg::SignIn, "登录", "Sign in"},
    {Msg::LoginFailed, "用户名或密码错误。", "Wrong user name or password."},
    {Msg::LoggedOut, "您已退出。", "You have signed out."},
    {Msg::SignedInAs, "当前用户", "Signed in as"},
    {Msg::Logout, "退出", "Sign out"},
    {Msg::Folders, "文件夹", "Folders"},
    {Msg::Compose, "写邮件", "Compose"},
    {Msg::From, "发件人", "From"},
    {Msg::To, "收件人", "To"},
    {Msg::Cc, "抄送", "Cc"},
    {Msg::Subject, "主题", "Subject"},
    {Msg::Date, "日期", "Date"},
    {Msg::Size, "大小", "Size"},
    {Msg::NoMessages, "此文件夹中没有邮件。", "This folder has no messages."},
    {Msg::Unread, "未读", "Unread"},
    {Msg::NoSubject, "(无主题)", "(no subject)"},
    {Msg::Attachments, "附件", "Attachments"},
    {Msg::Download, "下载", "Download"},
    {Msg::MoveTo, "移动到", "Move to"},
    {Msg::Move, "移动", "Move"},
    {Msg::Send, "发送", "Send"},
    {Msg::Body, "正文", "Message"},
    {Msg::BackToFolder, "返回文件夹", "Back to folder"},
    {Msg::MessageSent, "邮件已发送。", "Message sent."},
    {Msg::MessageMoved, "邮件已移动。", "Message moved."},
    {Msg::SendFailed, "发送失败", "Sending failed"},
    {Msg::MoveFailed, "移动失败", "Moving failed"},
    {Msg::ErrorTitle, "出错了", "Error"},
    {Msg::BadRequest, "请求无效。", "The request is not valid."},
    {Msg::NotFound, "找不到该页面或邮件。", "No such page or message."},
    {Msg::Unauthorized, "请先登录。", "Please sign in first."},
    {Msg::MethodNotAllowed, "此页面不接受该请求方法。", "This page does not accept that method."},
    {Msg::UnsupportedMediaType, "表单编码不受支持。", "The form encoding is not supported."},
    {Msg::ServerError, "服务器出错。", "The server had a problem."},
    {Msg::Language, "语言", "Language"},
    {Msg::Messages, "封邮件", "messages"},
    {Msg::TextNotShown, "此邮件没有可显示的文本部分。", "This message has no text part to show."},
    {Msg::HtmlAsText, "(HTML 邮件,以纯文本显示)", "(HTML message shown as plain text)"},
    {Msg::Reply, "回复", "Reply"},
    {Msg::BackToLogin, "返回登录页", "Back to sign in"},
    {Msg::OneMessage, "封邮件", "message"},
}};

constexpr bool table_in_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (static_cast<std::size_t>(kTable[i].msg) != i) return false;
  return true;
}
static_assert(table_in_order(), "kTable rows must follow the order of enum Msg");
}  // namespace

std::string_view to_string(Lang l) { return l == Lang::Zh ? "zh" : "en"; }

std::string_view tr(Msg m, Lang l) {
  const Row& r = kTable[static_cast<std::size_t>(m)];
  return l == Lang::Zh ? r.zh : r.en;
}

}  // namespace protocols::webmail
