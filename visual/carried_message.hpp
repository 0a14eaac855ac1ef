// The messages carried by SMTP connections (sim/carried_message.hpp), under the names the
// inspector and the model use; exercises read the same messages for their computed answers.
#pragma once
#include "sim/carried_message.hpp"

namespace visual {

using sim::CarriedMessage;
using sim::carried_messages;
using sim::delivered_stream;
using sim::message_in_smtp_stream;
using sim::envelope_from_in_smtp_stream;

}  // namespace visual
