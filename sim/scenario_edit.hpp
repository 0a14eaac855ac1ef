// A world being built by hand (design mode, issue 16), without any UI: the scenario as the
// JSON document a file holds, plus where each host stands on the canvas. Every edit is an
// operation on that document (add, remove, move, rename a host; add, remove a link; set,
// erase or append a field by JSON pointer), one undo step each; undo and redo give back the
// exact previous document. The document may be half-built: validation is the scenario
// loader's own, run on the document, so each problem carries the loader's words and the JSON
// pointer of the field it is about, and nothing here assumes a reference resolves.
// Leaves out: where hosts stand is not part of the scenario format (format version 1 has no
// place for it); a saved file gets the automatic layout when it is opened again.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario_loader.hpp"
#include "sim/scenario_writer.hpp"

namespace sim {

// A host's place on the canvas, in normalised canvas units (0..1 across and down).
struct Place {
  float x = 0.5f, y = 0.5f;
  bool operator==(const Place&) const = default;
};

// One state of the world being edited: what undo and redo step between.
struct Draft {
  ScenarioJson doc;           // shaped like a scenario file
  std::vector<Place> places;  // one per element of doc["hosts"], in order
  bool operator==(const Draft&) const = default;
};

// The host kinds design mode offers, in palette order.
const std::vector<std::string>& design_host_kinds();

class ScenarioEditor {
 public:
  // An empty world: no hosts, named "untitled".
  ScenarioEditor();
  // A loaded scenario (its canonical JSON); places default to a grid when not given.
  explicit ScenarioEditor(const ScenarioSpec& scenario, std::vector<Place> places = {});
  // A file's JSON as it is, even when the loader finds problems in it (they show as
  // validation); nullopt with a message when it cannot be read or is not a JSON object.
  static std::optional<ScenarioEditor> open(const std::string& path, std::string* error);

  const Draft& draft() const { return history_[at_]; }
  const ScenarioJson& doc() const { return draft().doc; }
  const std::vector<Place>& places() const { return draft().places; }
  // Where the world was opened from or saved to: relative mailbox paths resolve against it.
  const std::string& file() const { return file_; }
  void set_file(std::string file);
  // Changes with every edit, undo and redo.
  std::uint64_t revision() const { return revision_; }

  // ---- validation (the loader's, cached per revision) ----
  const std::vector<Problem>& problems() const;
  // Problems at this JSON pointer (exactly, or with `beneath` also inside it).
  std::vector<Problem> problems_at(const std::string& pointer, bool beneath = false) const;
  // The world as a ScenarioSpec, when the loader accepts it.
  std::optional<ScenarioSpec> scenario() const;

  // ---- reading ----
  std::size_t host_count() const;
  std::optional<std::size_t> host_index(const std::string& name) const;
  std::string host_name(std::size_t index) const;
  std::string host_kind(std::size_t index) const;
  std::optional<std::size_t> link_index(const std::string& a, const std::string& b) const;
  // The value at a pointer, or nullptr when there is none.
  const ScenarioJson* at(const std::string& pointer) const;

  // ---- operations: each is one undo step; false (and no change) when it does not apply ----
  // A host of `kind` with a fresh name and IP address and the fields its kind requires
  // (a user agent submits to the first mail server, ...); returns its name, or "" for an
  // unknown kind.
  std::string add_host(const std::string& kind, Place at);
  // Removes the host and its links (references to it elsewhere stay, and validation names them).
  bool remove_host(const std::string& name);
  // A run of moves of one host (a drag) is one undo step.
  bool move_host(const std::string& name, Place at);
  // Renames the host and every reference to it: links, servers, resolvers, dns_server, DNS
  // records, fault targets. False when `to` is taken or empty.
  bool rename_host(const std::string& from, const std::string& to);
  bool add_link(const std::string& a, const std::string& b);
  bool remove_link(std::size_t index);
  // Sets the value at a JSON pointer, creating objects on the way; a run of sets of one
  // pointer (typing in one field) is one undo step. A null value erases the key.
  bool set(const std::string& pointer, ScenarioJson value);
  // Erases an object member or an array element.
  bool erase(const std::string& pointer);
  // Appends to the array at pointer (created when missing).
  bool append(const std::string& pointer, ScenarioJson value);
  // Replaces the whole world (a template, a file opened): one undo step.
  void replace(Draft draft);

  bool can_undo() const { return at_ > 0; }
  bool can_redo() const { return at_ + 1 < history_.size(); }
  bool undo();
  bool redo();

  // The text Save writes: the canonical form when the loader accepts the world, else the
  // document in the same layout (a half-built world can be saved and opened again).
  std::string save_text() const;
  bool save(const std::string& path, std::string* error);

 private:
  // Commits `next` as a new state (or, when `merge` is the last step's key, replaces it).
  bool commit(Draft next, const std::string& merge = "");
  std::string fresh_name(const std::string& kind) const;
  std::string fresh_ip() const;

  std::vector<Draft> history_;
  std::size_t at_ = 0;
  std::string last_merge_;  // the merge key of the newest step ("" = none)
  std::string file_ = "untitled.json";
  std::uint64_t revision_ = 0;
  mutable std::optional<std::uint64_t> checked_;  // the revision problems_ belong to
  mutable LoadResult loaded_;
};

}  // namespace sim
