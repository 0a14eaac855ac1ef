// Every string a user reads in the front end, in Simplified Chinese and English, keyed by an
// enum so a missing translation is a compile-time gap in one table rather than a stray literal.
// The language is part of ViewSettings and can change at run time; nothing here is global.
#pragma once
#include <string_view>

namespace visual {

enum class Lang { En, Zh };

enum class Id {
  AppTitle, Language, Presenter, Hosts, Topology, Inspector, Ladder, Transcript, Timeline,
  Play, Pause, StepEventBack, StepEvent, StepCommandBack, StepCommand, NextKeyEvent, Speed, SkipIdle,
  FoldTcp, ShowSegments, FilterHost, FilterProto, FilterConn, All, NothingSelected,
  Queue, QueueEmpty, NextTry, LastError, Mailboxes, NoMailboxes, Faults, Apply, HostUp, HostDown,
  PowerOff, PowerOn, StopService, StartService, LinkDown, LinkUp, Loss, Latency,
  Reply421, Reply451, Reply452, Reply550, Reply552, ReplyOff, Greylist, Hang, DiskFull, DiskOk,
  RawText, MimeTree, Subject, TcpFields, Meaning, Labels, Retransmission, Dropped, Reason, Time, From, To, Conn,
  PhaseConnect, PhaseTransfer, PhaseRelease, ReplyClass2, ReplyClass3, ReplyClass4, ReplyClass5,
  FaultsApplied, Rerunning, InFlight, Legend, KindUserAgent, KindMailServer, KindDns, KindRouter,
  KindOther, RetryPolicy, Messages, Message, NoRecords, Delivered, Deferred, Bounced, FaultMarker, EndOfRun, Scenario,
  TelnetConsole, TelnetHint,
  Lesson, Step, Next, Back, Restart, YourTurn, DoItForMe, Watching, PressNext, LessonComplete,
  CheckYourself, Correct, Incorrect, StepStuck, OpenLesson, HintFault, HintTelnet, NoLesson,
  Exercise, Question, Score, Submit, Continue, GoToQuestion, WatchToQuestion, YourAnswer,
  ExpectedAnswer, StudentName, SaveResult, Saved,
  NotSaved, ExerciseDone, NotAnswered, QueueRunEvery, GiveUpAfter, DelayNoticeAfter, NoDelayNotice,
  MaxMessageSize, MaxRecipients, Offered, NotOffered,
  FlagSeen, FlagAnswered, FlagFlagged, FlagDeleted, FlagDraft, NoFlags, MoreMessages,
  ReplyClass5Syntax, HttpClass2, HttpClass3, HttpClass4, HttpClass5, DnsHeader, DnsQuestion, DnsAnswers,
  DnsQuery, DnsResponse, DnsNoAnswer, LayerNetwork, LayerLink, LayerApplication, Route, FlightTime,
  PresetTextbook, KeysTitle, KeysHelp, KeysHint,
  EnvelopeSender, HeaderSender,
  // The event list (event_list.hpp)
  EventList, EventLastDevice, EventAtDevice, EventTypeColumn, EventInfo, EventOther, EventQueue, EventMailbox,
  EventFault,
  // design mode (issue 16)
  ModeDesign, ModeSimulate, DesignDevices, DesignTemplates, TemplateEmpty, TemplateTextbook, TemplateWebmail,
  TemplateTwoReceivers, KindWebmail, KindBrowser, KindEchoServer, KindEchoClient, DesignHint, Undo, Redo,
  Delete, Save, Open, FilePath, Properties, HostName, IpAddress, Domains, Users, UserName, Password, Add,
  DnsRecords, RecordType, Preference, Value, Link, Bandwidth, Mtu, LinkUpAtStart, MailAddress, Resolver,
  Sends, SendAt, Body, Problems, NoProblems, FixFirst, Port, ConnectsTo, Title, Seed, RunLength,
  DefaultDns, None, Opened, DesignPlacing, DesignLinking, Cc, Reading, Protocol, ScenarioName,
  WebmailDomain, DefaultValue,
  Count
};

const char* tr(Lang lang, Id id);
// Parses "zh", "zh-CN", "en"...; anything else is English.
Lang lang_from_string(std::string_view s);

}  // namespace visual
