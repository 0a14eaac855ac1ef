// The string table of the front end: one row per Id, English and Simplified Chinese. The
// Chinese terms are those of the course (SYLLABUS.md): 用户代理, 邮件服务器, 连接建立...
#include "visual/i18n.hpp"

#include <array>
#include <cassert>

namespace visual {

namespace {
struct Row {
  Id id;
  const char* en;
  const char* zh;
};

constexpr Row kRows[] = {
    {Id::AppTitle, "MailSim", "MailSim 邮件网络模拟"},
    {Id::Language, "Language", "语言"},
    {Id::Presenter, "Presenter", "演示模式"},
    {Id::Hosts, "Hosts", "主机"},
    {Id::Topology, "Topology", "拓扑"},
    {Id::Inspector, "Inspector", "详情"},
    {Id::Ladder, "Ladder diagram", "时序图"},
    {Id::Transcript, "Transcript", "会话记录"},
    {Id::Timeline, "Timeline", "时间轴"},
    {Id::Play, "Play", "播放"},
    {Id::Pause, "Pause", "暂停"},
    {Id::StepEventBack, "Previous event", "上一事件"},
    {Id::StepEvent, "Next event", "下一事件"},
    {Id::StepCommandBack, "Previous command/reply", "上一条命令/回复"},
    {Id::StepCommand, "Next command/reply", "下一条命令/回复"},
    {Id::NextKeyEvent, "Jump to next key event", "跳到下一个关键事件"},
    {Id::Speed, "Speed", "速度"},
    {Id::SkipIdle, "Skip idle", "跳过空闲"},
    {Id::FoldTcp, "Fold TCP", "折叠 TCP"},
    {Id::ShowSegments, "Show segments", "显示报文段"},
    {Id::FilterHost, "Host", "主机"},
    {Id::FilterProto, "Protocol", "协议"},
    {Id::FilterConn, "Connection", "连接"},
    {Id::All, "All", "全部"},
    {Id::NothingSelected, "Click a packet, an arrow or a line to inspect it.",
     "点击报文、箭头或记录行查看详情。"},
    {Id::Queue, "Queue", "发送队列"},
    {Id::QueueEmpty, "queue empty", "队列为空"},
    {Id::NextTry, "next try", "下次重试"},
    {Id::LastError, "last error", "最近错误"},
    {Id::Mailboxes, "Mailboxes", "邮箱"},
    {Id::NoMailboxes, "no changes yet", "尚无变化"},
    {Id::Faults, "Break it", "故障注入"},
    {Id::Apply, "Apply", "应用"},
    {Id::HostUp, "up", "运行中"},
    {Id::HostDown, "powered off", "已断电"},
    {Id::PowerOff, "Power off", "断电"},
    {Id::PowerOn, "Power on", "通电"},
    {Id::StopService, "Stop service", "停止服务"},
    {Id::StartService, "Start service", "启动服务"},
    {Id::LinkDown, "Link down", "断开链路"},
    {Id::LinkUp, "Link up", "恢复链路"},
    {Id::Loss, "Loss", "丢包率"},
    {Id::Latency, "Latency", "时延"},
    {Id::Reply421, "Reply 421 (service not available)", "回复 421（服务不可用）"},
    {Id::Reply451, "Reply 451 (local error)", "回复 451（本地错误）"},
    {Id::Reply452, "Reply 452 (insufficient storage)", "回复 452（存储空间不足）"},
    {Id::Reply550, "Reply 550 (no such user)", "回复 550（用户不存在）"},
    {Id::Reply552, "Reply 552 after the message (too big)", "邮件发完后回复 552（超出存储分配）"},
    {Id::ReplyOff, "Reply normally again", "恢复正常回复"},
    {Id::Greylist, "Greylist (451 on first try)", "灰名单（首次尝试回复 451）"},
    {Id::Hang, "Hang (stop replying)", "挂起（不再回复）"},
    {Id::DiskFull, "Disk full", "磁盘已满"},
    {Id::DiskOk, "Disk has space again", "磁盘恢复可用"},
    {Id::RawText, "Raw text", "原始文本"},
    {Id::MimeTree, "Message on this connection (MIME tree)", "本连接传送的邮件（MIME 结构）"},
    {Id::Subject, "Subject", "主题"},
    {Id::TcpFields, "TCP fields", "TCP 字段"},
    {Id::Meaning, "Meaning", "含义"},
    {Id::Labels, "Carries", "携带"},
    {Id::Retransmission, "retransmission", "重传"},
    {Id::Dropped, "dropped", "丢弃"},
    {Id::Reason, "reason", "原因"},
    {Id::Time, "Time", "时间"},
    {Id::From, "From", "源"},
    {Id::To, "To", "目的"},
    {Id::Conn, "Conn", "连接"},
    {Id::PhaseConnect, "connection establishment", "连接建立"},
    {Id::PhaseTransfer, "mail transfer", "邮件传送"},
    {Id::PhaseRelease, "connection release", "连接释放"},
    {Id::ReplyClass2, "2xx: positive completion, the action was done.", "2xx：肯定完成，请求的操作已完成。"},
    {Id::ReplyClass3, "3xx: positive intermediate, send the rest (e.g. the message after DATA).",
     "3xx：肯定中间回复，请继续发送（如 DATA 之后的邮件内容）。"},
    {Id::ReplyClass4, "4xx: transient failure, the sender keeps the mail and tries again later.",
     "4xx：暂时性失败，发送方保留邮件，稍后重试。"},
    {Id::ReplyClass5, "5xx: permanent failure, the sender gives up and the mail bounces.",
     "5xx：永久性失败，发送方放弃，邮件被退回。"},
    {Id::FaultsApplied, "faults clicked", "已注入故障"},
    {Id::Rerunning, "re-running the simulation", "正在重新运行模拟"},
    {Id::InFlight, "in flight", "传输中"},
    {Id::Legend, "Legend", "图例"},
    {Id::KindUserAgent, "user agent", "用户代理"},
    {Id::KindMailServer, "mail server", "邮件服务器"},
    {Id::KindDns, "DNS server", "DNS 服务器"},
    {Id::KindRouter, "router", "路由器"},
    {Id::KindOther, "host", "主机"},
    {Id::RetryPolicy, "retry policy", "重试策略"},
    {Id::Messages, "messages", "封邮件"},
    {Id::Message, "message", "封邮件"},
    {Id::NoRecords, "nothing has happened yet", "尚无记录"},
    {Id::Delivered, "delivered", "已投递"},
    {Id::Deferred, "deferred / retry", "推迟 / 重试"},
    {Id::Bounced, "bounced", "退信"},
    {Id::FaultMarker, "fault", "故障"},
    {Id::EndOfRun, "end of run", "运行结束"},
    {Id::Scenario, "Scenario", "场景"},
    {Id::TelnetConsole, "Telnet console", "Telnet 控制台"},
    {Id::TelnetHint, "type a command, Enter sends it at the playback time (e.g. HELO me)",
     "输入一条命令，回车后在当前播放时刻发出（例如 HELO me）"},
    {Id::Lesson, "Lesson", "课程"},
    {Id::Step, "Step", "步骤"},
    {Id::Next, "Next", "下一步"},
    {Id::Back, "Back", "上一步"},
    {Id::Restart, "Restart", "从头开始"},
    {Id::YourTurn, "What to do", "需要你做的操作"},
    {Id::DoItForMe, "Do it for me", "替我操作"},
    {Id::Watching, "Watch the animation: the step's events are still playing",
     "请观看动画：本步骤的事件还在播放"},
    {Id::PressNext, "Press Next (or Page Down) to go on", "按“下一步”（或 Page Down）继续"},
    {Id::LessonComplete, "Lesson complete. Pick another lesson above, or Restart.",
     "本课完成。可以在上方选择其他课程，或从头开始。"},
    {Id::CheckYourself, "Check yourself", "自测"},
    {Id::Correct, "Correct.", "回答正确。"},
    {Id::Incorrect, "Not quite. The answer is:", "不对。正确答案是："},
    {Id::StepStuck, "This step cannot finish:", "本步骤无法完成："},
    {Id::OpenLesson, "Open a lesson", "打开课程"},
    {Id::HintFault, "Use \"Break it\" on the host in the Hosts panel.", "在“主机”面板中点该主机的“故障注入”。"},
    {Id::HintTelnet, "Type it in the telnet console at the bottom of the Hosts panel.",
     "在“主机”面板底部的 Telnet 控制台中输入。"},
    {Id::NoLesson, "No lesson is open.", "没有打开的课程。"},
    {Id::Exercise, "Exercise", "练习"},
    {Id::Question, "Question", "题目"},
    {Id::Score, "Score", "得分"},
    {Id::Submit, "Submit", "提交"},
    {Id::Continue, "Continue", "继续"},
    {Id::GoToQuestion, "Go to the question", "跳到题目"},
    {Id::WatchToQuestion, "Watch the run: it pauses at the next question.", "请观看运行过程：到下一题时会暂停。"},
    {Id::YourAnswer, "Your answer", "你的答案"},
    {Id::ExpectedAnswer, "Answer", "正确答案"},
    {Id::StudentName, "Name", "姓名"},
    {Id::SaveResult, "Save result", "保存成绩"},
    {Id::Saved, "Saved to", "已保存到"},
    {Id::NotSaved, "Could not write", "无法写入"},
    {Id::ExerciseDone, "All questions answered.", "全部题目已作答。"},
    {Id::NotAnswered, "(no answer)", "（未作答）"},
    {Id::QueueRunEvery, "queue run every", "队列扫描间隔"},
    {Id::GiveUpAfter, "give up after", "放弃时限"},
    {Id::DelayNoticeAfter, "delay notice after", "延迟通知时间"},
    {Id::NoDelayNotice, "no delay notice", "不发延迟通知"},
    {Id::MaxMessageSize, "largest message", "邮件大小上限"},
    {Id::MaxRecipients, "recipients per message", "每封收件人上限"},
    {Id::Offered, "offered", "支持"},
    {Id::NotOffered, "not offered", "不支持"},
    // IMAP's system flags (RFC 3501 §2.3.2) with what they mean to the reader; the flag
    // itself is protocol text and stays as on the wire.
    {Id::FlagSeen, "\\Seen (read)", "\\Seen（已读）"},
    {Id::FlagAnswered, "\\Answered (replied)", "\\Answered（已回复）"},
    {Id::FlagFlagged, "\\Flagged (for attention)", "\\Flagged（已加旗标）"},
    {Id::FlagDeleted, "\\Deleted (marked for deletion)", "\\Deleted（已标记删除）"},
    {Id::FlagDraft, "\\Draft (unfinished)", "\\Draft（草稿）"},
    {Id::NoFlags, "no flags (unread)", "无标志（未读）"},
    {Id::MoreMessages, "more, with lower UIDs", "封未列出（UID 较小）"},
    {Id::ReplyClass5Syntax,
     "5xx with 0 as the second digit: the command was refused as a syntax error; the session goes on and the client may send another command.",
     "第二位为 0 的 5xx：命令有语法错误，被拒绝；会话继续，客户端可以再发别的命令。"},
    {Id::HttpClass2, "HTTP 2xx: success, the request was carried out.", "HTTP 2xx：成功，请求已完成。"},
    {Id::HttpClass3, "HTTP 3xx: redirection, the browser goes on to the address in the Location header (303 See Other: with GET).",
     "HTTP 3xx：重定向，浏览器接着去访问 Location 头给出的地址（303 See Other：用 GET 访问）。"},
    {Id::HttpClass4, "HTTP 4xx: client error, the request was wrong (a bad form, no such page, not logged in).",
     "HTTP 4xx：客户端错误，请求本身有问题（表单不对、页面不存在、未登录）。"},
    {Id::HttpClass5, "HTTP 5xx: server error, the server failed to carry out a valid request.",
     "HTTP 5xx：服务器错误，请求没问题，但服务器未能完成。"},
    {Id::DnsHeader, "DNS message", "DNS 报文"},
    {Id::DnsQuestion, "question", "问题"},
    {Id::DnsAnswers, "answers", "回答"},
    {Id::DnsQuery, "query", "查询"},
    {Id::DnsResponse, "response (answer)", "响应（回答）"},
    {Id::DnsNoAnswer, "no answer records", "没有回答记录"},
    {Id::LayerNetwork, "network layer (IP)", "网络层（IP）"},
    {Id::LayerLink, "link layer (each hop)", "链路层（逐跳）"},
    {Id::LayerApplication, "application layer", "应用层"},
    {Id::Route, "route", "路径"},
    {Id::FlightTime, "sent to arrival", "发出到到达"},
    {Id::PresetTextbook, "textbook", "教科书"},
    {Id::KeysTitle, "Keys", "快捷键"},
    {Id::KeysHelp,
     "Space  play / pause\nLeft / Right  one event\nShift+Left / Right  one command or reply\n"
     "+ / -  faster / slower\nHome / End  start / end\nPage Down / Page Up  next / previous step\n"
     "F  fault menu of the host in view\nEsc  clear the selection\nF1  this list",
     "空格  播放 / 暂停\n左 / 右方向键  一个事件\nShift+左 / 右  一条命令或回复\n"
     "+ / -  加快 / 减慢\nHome / End  开头 / 结尾\nPage Down / Page Up  下一步 / 上一步\n"
     "F  当前主机的故障菜单\nEsc  取消选择\nF1  本列表"},
    {Id::KeysHint, "F1 keys", "F1 快捷键"},
    // The event list (event_list.hpp)
    {Id::EventList, "Event list", "事件列表"},
    {Id::EventLastDevice, "last device", "上一设备"},
    {Id::EventAtDevice, "at device", "所在设备"},
    {Id::EventTypeColumn, "type", "类型"},
    {Id::EventInfo, "information", "信息"},
    {Id::EventOther, "other", "其他"},
    {Id::EventQueue, "queue", "队列"},
    {Id::EventMailbox, "mailbox", "邮箱"},
    {Id::EventFault, "fault", "故障"},
    // A dropped segment, said as a sentence: "%s" the host, then the reason; "%u" bytes and
    // the sequence number of the first (the TCP header's seq).
    {Id::DroppedAtPhrase, "dropped at %s (%s)", "丢弃于 %s（%s）"},
    {Id::SegmentBytesFrom, "%u bytes from seq %u", "%u 字节，序号 %u 起"},
};

constexpr auto kTable = [] {
  std::array<const Row*, static_cast<std::size_t>(Id::Count)> t{};
  for (const Row& r : kRows) t[static_cast<std::size_t>(r.id)] = &r;
  return t;
}();

static_assert(std::size(kRows) == static_cast<std::size_t>(Id::Count), "one row per Id");
}  // namespace

const char* tr(Lang lang, Id id) {
  const Row* r = kTable[static_cast<std::size_t>(id)];
  assert(r && "every Id has a row");
  return lang == Lang::Zh ? r->zh : r->en;
}

Lang lang_from_string(std::string_view s) { return s.starts_with("zh") ? Lang::Zh : Lang::En; }

}  // namespace visual
