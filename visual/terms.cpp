// Chinese for the words trace records use (sim/trace.hpp, docs/faults.md, docs/trace.md),
// including mailbox actions (store changes, and what an IMAP device does and sees).
#include "visual/terms.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace visual {

namespace {
using Pair = std::pair<std::string_view, std::string_view>;
// Sorted by the English word (checked below), looked up by binary search.
constexpr std::array kTerms = {
    Pair{"aborted", "已中止"},
    Pair{"answer", "应答"},
    Pair{"append", "追加"},
    Pair{"attempt", "投递尝试"},
    Pair{"bounced", "已退信"},
    Pair{"closed", "已关闭"},
    Pair{"command", "命令"},
    Pair{"conn", "连接"},
    Pair{"connect", "发起连接"},
    Pair{"copy", "复制"},
    Pair{"create", "新建"},
    Pair{"data", "数据"},
    Pair{"deferred", "推迟"},
    Pair{"delayed-dsn", "延迟通知"},
    Pair{"delete", "删除"},
    Pair{"deleted", "已删除"},
    Pair{"delivered", "已投递"},
    Pair{"disk-full", "磁盘已满"},
    Pair{"disk-ok", "磁盘恢复"},
    Pair{"dns", "DNS"},
    Pair{"download", "下载"},
    Pair{"dropped", "丢弃"},
    Pair{"established", "已建立"},
    Pair{"expired", "已过期"},
    Pair{"expunge", "清除"},
    Pair{"expunged", "已清除"},
    Pair{"failed", "失败"},
    Pair{"fault", "故障"},
    Pair{"flags", "标志"},
    Pair{"folders", "文件夹"},
    Pair{"from", "来自"},
    Pair{"greylist", "灰名单"},
    Pair{"hang", "挂起"},
    Pair{"host off", "主机已断电"},
    Pair{"latency", "时延"},
    Pair{"link down", "链路断开"},
    Pair{"link-down", "断开链路"},
    Pair{"link-up", "恢复链路"},
    Pair{"loss", "丢包"},
    Pair{"mailbox", "邮箱"},
    Pair{"move", "移动"},
    Pair{"next", "下次"},
    Pair{"no route", "无路由"},
    Pair{"note", "备注"},
    Pair{"power-off", "断电"},
    Pair{"power-on", "通电"},
    Pair{"query", "查询"},
    Pair{"queue", "队列"},
    Pair{"queued", "入队"},
    Pair{"read text part", "读取正文部分"},
    Pair{"refused", "被拒绝"},
    Pair{"rename", "重命名"},
    Pair{"reply", "回复"},
    Pair{"reset", "被重置"},
    Pair{"reset by peer", "被对端重置"},
    Pair{"retransmission", "重传"},
    Pair{"retry", "重试"},
    Pair{"sees expunge", "看到邮件被清除"},
    Pair{"sees flags", "看到标志变化"},
    Pair{"sees folder gone", "看到文件夹已删除"},
    Pair{"sees new folder", "看到新文件夹"},
    Pair{"sees new mail", "看到新邮件"},
    Pair{"segment", "报文段"},
    Pair{"sent", "发送"},
    Pair{"start-service", "启动服务"},
    Pair{"state", "状态"},
    Pair{"stop-service", "停止服务"},
    Pair{"subscribe", "订阅"},
    Pair{"timeout", "超时"},
    Pair{"ttl expired", "TTL 耗尽"},
    Pair{"user action", "用户操作"},
};

constexpr bool sorted() {
  for (std::size_t i = 1; i < kTerms.size(); ++i)
    if (!(kTerms[i - 1].first < kTerms[i].first)) return false;
  return true;
}
static_assert(sorted(), "kTerms is sorted by the English word");
}  // namespace

std::string_view term(Lang lang, std::string_view word) {
  if (lang == Lang::En) return word;
  auto it = std::lower_bound(kTerms.begin(), kTerms.end(), word, [](const Pair& p, std::string_view w) { return p.first < w; });
  return it != kTerms.end() && it->first == word ? it->second : word;
}

}  // namespace visual
