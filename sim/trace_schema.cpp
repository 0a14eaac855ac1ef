// The field tables of every record kind (trace_schema.hpp). Order is JSONL order; changing
// it changes every trace file, so docs/trace.md and the determinism check follow it.
#include "sim/trace_schema.hpp"

#include <algorithm>
#include <array>

namespace sim {

namespace {

template <class K>
const K& as(const void* p) {
  return *static_cast<const K*>(p);
}

using S = FieldSink;
using T = const Trace&;
constexpr auto Text = FieldType::Text;
constexpr auto Num = FieldType::Number;
constexpr auto Bool = FieldType::Bool;
constexpr auto Host = FieldType::Host;
constexpr auto List = FieldType::TextList;

void str_if(S& s, std::string_view v) {
  if (!v.empty()) s.str(v);
}

std::string_view seg_event(SegmentEvent e) {
  return e == SegmentEvent::Sent ? "sent" : e == SegmentEvent::Delivered ? "delivered" : "dropped";
}

using Seg = SegmentRecord;
const FieldDef kSegment[] = {
    {"event", Text, kInBoth, [](const void* p, T, S& s) { s.str(seg_event(as<Seg>(p).event)); }},
    {"from", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Seg>(p).from)); }},
    {"to", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Seg>(p).to)); }},
    {"proto", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Seg>(p).udp ? "UDP" : "TCP"); }},
    {"conn", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Seg>(p).conn); }},
    {"sport", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Seg>(p).sport); }},
    {"dport", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Seg>(p).dport); }},
    {"flags", Text, kInBoth, [](const void* p, T, S& s) { if (!as<Seg>(p).udp) s.str(tcp_flags_string(as<Seg>(p).flags)); }},
    {"tcp_seq", Num, kInBoth, [](const void* p, T, S& s) { if (!as<Seg>(p).udp) s.num(as<Seg>(p).seq); }},
    {"tcp_ack", Num, kInBoth, [](const void* p, T, S& s) { if (!as<Seg>(p).udp) s.num(as<Seg>(p).ack); }},
    {"window", Num, kInBoth, [](const void* p, T, S& s) { if (!as<Seg>(p).udp) s.num(as<Seg>(p).window); }},
    {"len", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Seg>(p).len); }},
    {"retransmission", Bool, kInBoth, [](const void* p, T, S& s) { s.boolean(as<Seg>(p).retransmission); }},
    {"labels", FieldType::Labels, kInJsonl, [](const void* p, T, S& s) { s.labels(as<Seg>(p).labels); }},
    {"at", Host, kInBoth, [](const void* p, T t, S& s) {
       if (as<Seg>(p).event == SegmentEvent::Dropped) s.str(t.host_name(as<Seg>(p).at));
     }},
    {"reason", Text, kInBoth, [](const void* p, T, S& s) {
       if (as<Seg>(p).event == SegmentEvent::Dropped) s.str(as<Seg>(p).reason);
     }},
    // Conditions: each label's text, and the payload bytes ({"contains": "multipart/mixed"}).
    {"label", List, kInQuery, [](const void* p, T, S& s) {
       for (const Label& l : as<Seg>(p).labels) s.str(l.text);
     }},
    {"payload", Text, kInQuery, [](const void* p, T, S& s) { if (as<Seg>(p).payload) s.str(*as<Seg>(p).payload); }},
};

using Conn = ConnRecord;
const FieldDef kConn[] = {
    {"event", Text, kInBoth, [](const void* p, T, S& s) { s.str(to_string(as<Conn>(p).event)); }},
    {"from", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Conn>(p).from)); }},
    {"to", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Conn>(p).to)); }},
    {"conn", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Conn>(p).conn); }},
    {"port", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Conn>(p).port); }},
    {"detail", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, conn_detail_code(as<Conn>(p))); }},
};

using Dns = DnsRecord;
const FieldDef kDns[] = {
    {"event", Text, kInBoth, [](const void* p, T, S& s) { s.str(to_string(as<Dns>(p).event)); }},
    {"from", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Dns>(p).from)); }},
    {"to", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Dns>(p).to)); }},
    {"id", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Dns>(p).id); }},
    {"qname", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Dns>(p).qname); }},
    {"qtype", Text, kInBoth, [](const void* p, T, S& s) { s.str(protocols::dns::to_string(as<Dns>(p).qtype)); }},
    {"rcode", Text, kInBoth, [](const void* p, T, S& s) {
       if (as<Dns>(p).event == DnsEvent::Answer) s.str(protocols::dns::to_string(as<Dns>(p).rcode));
     }},
    {"answers", List, kInBoth, [](const void* p, T, S& s) {
       if (as<Dns>(p).event == DnsEvent::Answer) s.strs(as<Dns>(p).answers);
     }},
};

using Fault = FaultRecord;
const FieldDef kFault[] = {
    {"action", Text, kInBoth, [](const void* p, T, S& s) { s.str(to_string(as<Fault>(p).action)); }},
    {"target", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Fault>(p).target); }},
    {"value", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Fault>(p).value); }},
    {"source", Text, kInBoth, [](const void* p, T, S& s) { s.str(to_string(as<Fault>(p).source)); }},
    // Written only for a refused fault (applied faults keep their old lines); conditions see
    // it on every fault.
    {"applied", Bool, kInQuery, [](const void* p, T, S& s) { s.boolean(as<Fault>(p).applied); }},
    {"applied", Bool, kInJsonl, [](const void* p, T, S& s) { if (!as<Fault>(p).applied) s.boolean(false); }},
    {"reason", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, to_string(as<Fault>(p).reason)); }},
    {"reason_text", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, fault_refusal_text(as<Fault>(p))); }},
};

using Cmd = CommandRecord;
const FieldDef kCommand[] = {
    {"proto", Text, kInBoth, [](const void* p, T, S& s) { s.str(protocols::to_string(as<Cmd>(p).proto)); }},
    {"from", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Cmd>(p).from)); }},
    {"to", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Cmd>(p).to)); }},
    {"conn", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Cmd>(p).conn); }},
    {"verb", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Cmd>(p).verb); }},
    {"line", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Cmd>(p).line); }},
    {"tag", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, as<Cmd>(p).tag); }},
    // Written only inside TLS, so traces without TLS keep their bytes; conditions see it always.
    {"tls", Bool, kInJsonl, [](const void* p, T, S& s) { if (as<Cmd>(p).tls) s.boolean(true); }},
    {"tls", Bool, kInQuery, [](const void* p, T, S& s) { s.boolean(as<Cmd>(p).tls); }},
};

using Rep = ReplyRecord;
const FieldDef kReply[] = {
    {"proto", Text, kInBoth, [](const void* p, T, S& s) { s.str(protocols::to_string(as<Rep>(p).proto)); }},
    {"from", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Rep>(p).from)); }},
    {"to", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Rep>(p).to)); }},
    {"conn", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<Rep>(p).conn); }},
    {"code", Num, kInBoth, [](const void* p, T, S& s) { if (as<Rep>(p).code) s.num(as<Rep>(p).code); }},
    {"class", Text, kInQuery, [](const void* p, T, S& s) {
       if (int c = as<Rep>(p).code) s.str(std::to_string(c / 100) + "xx");
     }},
    {"enhanced", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, as<Rep>(p).enhanced); }},
    {"status", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, as<Rep>(p).status); }},
    {"tag", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, as<Rep>(p).tag); }},
    {"lines", List, kInBoth, [](const void* p, T, S& s) { s.strs(as<Rep>(p).lines); }},
    {"tls", Bool, kInJsonl, [](const void* p, T, S& s) { if (as<Rep>(p).tls) s.boolean(true); }},
    {"tls", Bool, kInQuery, [](const void* p, T, S& s) { s.boolean(as<Rep>(p).tls); }},
};

using St = StateRecord;
const FieldDef kState[] = {
    {"proto", Text, kInBoth, [](const void* p, T, S& s) { s.str(protocols::to_string(as<St>(p).proto)); }},
    {"host", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<St>(p).host)); }},
    {"conn", Num, kInBoth, [](const void* p, T, S& s) { s.num(as<St>(p).conn); }},
    {"from_state", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<St>(p).from); }},
    {"to_state", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<St>(p).to); }},
};

using Q = QueueRecord;
const FieldDef kQueue[] = {
    {"host", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Q>(p).host)); }},
    {"msg", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Q>(p).msg); }},
    {"rcpt", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Q>(p).rcpt); }},
    {"action", Text, kInBoth, [](const void* p, T, S& s) { s.str(to_string(as<Q>(p).action)); }},
    {"reason", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, queue_reason_code(as<Q>(p))); }},
    {"next_attempt", Num, kInBoth, [](const void* p, T, S& s) {
       if (as<Q>(p).next_attempt) s.num(protocols::ns_of(*as<Q>(p).next_attempt));
     }},
};

using Mb = MailboxRecord;
const FieldDef kMailbox[] = {
    {"host", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Mb>(p).host)); }},
    {"user", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Mb>(p).user); }},
    {"folder", Text, kInBoth, [](const void* p, T, S& s) { s.str(as<Mb>(p).folder); }},
    {"action", Text, kInBoth, [](const void* p, T, S& s) { s.str(to_string(as<Mb>(p).action)); }},
    {"msg", Text, kInBoth, [](const void* p, T, S& s) { s.str(mailbox_msg_code(as<Mb>(p))); }},
    {"flags", FieldType::Flags, kInBoth, [](const void* p, T, S& s) {
       if (!as<Mb>(p).flags().empty()) s.flags(as<Mb>(p).flags());
     }},
    {"source_folder", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, as<Mb>(p).source_folder()); }},
    {"source_msg", Text, kInBoth, [](const void* p, T, S& s) { str_if(s, uid_list_text(as<Mb>(p).source_uids())); }},
};

using Note = NoteRecord;
const FieldDef kNote[] = {
    {"host", Host, kInBoth, [](const void* p, T t, S& s) { s.str(t.host_name(as<Note>(p).host)); }},
    {"code", Text, kInBoth, [](const void* p, T, S& s) { s.str(to_string(as<Note>(p).code)); }},
    {"text", Text, kInBoth, [](const void* p, T, S& s) { s.str(note_text_code(as<Note>(p))); }},
};

constexpr std::string_view kKindNames[] = {"segment", "conn", "dns", "fault", "command",
                                           "reply", "state", "queue", "mailbox", "note"};
static_assert(std::size(kKindNames) == kRecordKinds);

const std::array<std::span<const FieldDef>, kRecordKinds> kSchema = {
    kSegment, kConn, kDns, kFault, kCommand, kReply, kState, kQueue, kMailbox, kNote};

}  // namespace

std::string_view kind_name(std::size_t kind) { return kind < kRecordKinds ? kKindNames[kind] : ""; }

std::size_t kind_index(std::string_view name) {
  return static_cast<std::size_t>(std::find(std::begin(kKindNames), std::end(kKindNames), name) - std::begin(kKindNames));
}

std::span<const FieldDef> schema_of(std::size_t kind) { return kind < kRecordKinds ? kSchema[kind] : std::span<const FieldDef>(); }

const FieldDef* find_field(std::size_t kind, std::string_view name) {
  for (const FieldDef& f : schema_of(kind))
    if (f.name == name && (f.use & kInQuery)) return &f;
  return nullptr;
}

const void* record_ptr(const Record& r) {
  return std::visit([](const auto& x) { return static_cast<const void*>(&x); }, r);
}

}  // namespace sim
