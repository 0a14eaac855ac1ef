// The transcript: one line per thing that happened (command, reply, connection event, DNS,
// queue decision, mailbox change, fault, note, and optionally each segment), with the
// filters the transcript panel offers (host, protocol, connection).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trace.hpp"
#include "visual/i18n.hpp"

namespace visual {

struct TranscriptRow {
  std::size_t entry = 0;
  protocols::Instant t{};
  sim::HostId from = sim::kNoHost, to = sim::kNoHost;  // hosts the row concerns
  std::optional<protocols::Proto> proto;
  std::optional<sim::ConnId> conn;
  bool segment = false;
  std::string prefix;  // "C:", "S:", "TCP", "DNS", "Q", "MB", "!", "#"
  std::string text;
};

struct TranscriptFilter {
  sim::HostId host = sim::kNoHost;  // kNoHost: every host
  std::optional<protocols::Proto> proto;
  std::optional<sim::ConnId> conn;
  bool segments = false;
  bool operator==(const TranscriptFilter&) const = default;
};

// A dropped segment said as a sentence: "dropped at router (loss)", "丢弃于 router（丢包）";
// and what it carried: "29 bytes from seq 101", "29 字节，序号 101 起".
std::string drop_phrase(Lang lang, const std::string& host, std::string_view reason);
std::string segment_bytes(Lang lang, std::uint32_t len, std::uint32_t seq);

// Every row of the trace, in trace order (segments included; the filter hides them), with
// the trace's words in `lang` (protocol text stays as sent).
std::vector<TranscriptRow> transcript_rows(const sim::Trace& trace, Lang lang = Lang::En);
// Indices into `rows` that pass the filter and happened at or before `until`; `candidates`
// (ascending row indices) narrows the search, e.g. to the rows that are not segments.
std::vector<std::size_t> filter_rows(const std::vector<TranscriptRow>& rows, const TranscriptFilter& f,
                                     protocols::Instant until);
std::vector<std::size_t> filter_rows(const std::vector<TranscriptRow>& rows, const std::vector<std::size_t>& candidates,
                                     const TranscriptFilter& f, protocols::Instant until);
// Connection ids seen in the rows, ascending, for the filter's drop-down.
// filter_rows() kept up to date as the playback moves, for the transcript's every frame: it
// extends when time moves forward and trims when it moves back, and starts over when the
// rows (`generation`), the candidates or the filter change. The result is filter_rows()'s.
class RowFilter {
 public:
  const std::vector<std::size_t>& update(const std::vector<TranscriptRow>& rows, const std::vector<std::size_t>* candidates,
                                         const TranscriptFilter& f, protocols::Instant until, std::uint64_t generation);

 private:
  std::vector<std::size_t> shown_;
  std::size_t scanned_ = 0;  // positions of the source (candidates or all rows) looked at
  std::optional<std::uint64_t> generation_;
  const std::vector<std::size_t>* candidates_ = nullptr;
  TranscriptFilter filter_;
  protocols::Instant until_{};
};

std::vector<sim::ConnId> connections_of(const std::vector<TranscriptRow>& rows);

}  // namespace visual
