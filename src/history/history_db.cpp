// SPDX-License-Identifier: MIT
// HistoryDb: the only file that includes sqlite3.h. Schema, migrations, transactions, and the
// conversion of SQLite result codes into InputErrors naming the database file.
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "lysisq/errors.hpp"
#include "lysisq/history.hpp"

namespace lysisq::history {

namespace {

/// A second process waits this long for the write lock before giving up (the longest
/// transaction is one run's few dozen rows, so only a stuck process would exceed it).
constexpr int kBusyTimeoutMs = 30'000;

/// The open connection; HistoryDb::Impl is one (the helpers below see only this type).
struct Connection {
  std::filesystem::path path;
  sqlite3* db = nullptr;
  int version = 0;

  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close_v2(db); }  // never throws; NULL is a no-op

  /// InputError "history database <path>: <what>: <SQLite message> (SQLite code <extended code>)".
  [[noreturn]] void fail(const std::string& what) const {
    std::string why = "out of memory";  // sqlite3_open_v2 leaves no handle only then
    if (db)
      why = std::string(sqlite3_errmsg(db)) + " (SQLite code " + std::to_string(sqlite3_extended_errcode(db)) + ")";
    throw InputError("history database " + path.string() + ": " + what + ": " + why);
  }
  void exec(const char* sql) const {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(std::string("cannot run `") + sql + "`");
  }
};

/// A prepared statement (RAII); binds are 1-based, columns 0-based, as in the SQLite API.
class Statement {
 public:
  Statement(const Connection& impl, const char* sql) : impl_(impl) {
    if (sqlite3_prepare_v2(impl.db, sql, -1, &stmt_, nullptr) != SQLITE_OK) impl.fail("cannot prepare a query");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, const std::string& s) {
    check(sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int i, double v) {
    check(sqlite3_bind_double(stmt_, i, v));
    return *this;
  }
  Statement& bind(int i, std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  /// true while rows come; false when done.
  bool step(const std::string& doing) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    impl_.fail(doing);
  }
  /// Steps to the end, then resets so the statement can be bound and run again.
  void run(const std::string& doing) {
    while (step(doing)) {
    }
    sqlite3_reset(stmt_);
  }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) impl_.fail("cannot bind a query parameter");
  }
  const Connection& impl_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN ... COMMIT; rolled back if destroyed before commit() (an exception on the way).
/// IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so a writer never
/// meets SQLITE_BUSY half-way, where the busy handler cannot help.
class Transaction {
 public:
  Transaction(const Connection& impl, bool write) : impl_(impl) { impl.exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(impl_.db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    impl_.exec("COMMIT");
    done_ = true;
  }

 private:
  const Connection& impl_;
  bool done_ = false;
};

/// Version 1: runs, their control values and their QC verdicts. `seq` is the insertion order,
/// the tie-break of run order for runs with the same time.
void migrate_to_v1(const Connection& impl) {
  impl.exec(
      "CREATE TABLE runs("
      "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
      "  run_id TEXT NOT NULL UNIQUE CHECK (run_id <> ''),"
      "  plate TEXT NOT NULL,"
      "  time_utc TEXT NOT NULL,"
      "  tool_version TEXT NOT NULL,"
      "  assay TEXT NOT NULL);"
      "CREATE INDEX runs_by_time ON runs(time_utc, seq);"
      "CREATE TABLE control_values("
      "  run_seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,"
      "  control TEXT NOT NULL CHECK (control <> ''),"
      "  value REAL NOT NULL,"
      "  unit TEXT NOT NULL,"
      "  PRIMARY KEY (run_seq, control));"
      "CREATE INDEX control_values_by_control ON control_values(control);"
      "CREATE TABLE qc_verdicts("
      "  run_seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,"
      "  check_name TEXT NOT NULL,"
      "  verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'warn', 'fail')),"
      "  PRIMARY KEY (run_seq, check_name));");
}

/// kMigrations[i] takes a file from version i to i + 1 (CellProfiler upgrade_settings style).
using Migration = void (*)(const Connection&);
constexpr Migration kMigrations[] = {&migrate_to_v1};
constexpr int kLatestVersion = static_cast<int>(std::size(kMigrations));

/// The file's schema version; 0 for a new, empty file; InputError for someone else's database.
int read_version(const Connection& impl) {
  Statement tables(impl, "SELECT count(*), sum(name = 'schema_version') FROM sqlite_master WHERE type = 'table'");
  tables.step("cannot read the schema");
  const std::int64_t n_tables = tables.integer(0);
  if (n_tables == 0) return 0;
  if (tables.is_null(1) || tables.integer(1) == 0)
    throw InputError("history database " + impl.path.string() + ": not a lysisq run history (no schema_version table)");
  Statement v(impl, "SELECT max(version) FROM schema_version");
  v.step("cannot read the schema version");
  return v.is_null(0) ? 0 : static_cast<int>(v.integer(0));
}

/// Brings the schema to kLatestVersion in one write transaction, so two processes opening a new
/// file at once create it once (the second sees the first's version once it gets the lock).
void migrate(Connection& impl) {
  if (read_version(impl) == kLatestVersion) {  // the usual case: no write lock needed
    impl.version = kLatestVersion;
    return;
  }
  Transaction t(impl, /*write=*/true);
  const int from = read_version(impl);
  if (from > kLatestVersion)
    throw InputError("history database " + impl.path.string() + ": schema version " + std::to_string(from) +
                     " is newer than this lysisq understands (" + std::to_string(kLatestVersion) +
                     "); use a newer lysisq");
  if (from == kLatestVersion) {
    impl.version = from;
    return;  // nothing written: the rollback in ~Transaction just releases the lock
  }
  if (from == 0) impl.exec("CREATE TABLE schema_version(version INTEGER NOT NULL)");
  for (int v = from; v < kLatestVersion; ++v) kMigrations[v](impl);
  impl.exec("DELETE FROM schema_version");
  Statement(impl, "INSERT INTO schema_version(version) VALUES (?)")
      .bind(1, std::int64_t{kLatestVersion})
      .run("cannot write the schema version");
  t.commit();
  impl.version = kLatestVersion;
}

/// "YYYY-MM-DDTHH:MM:SSZ": the only form whose text order is time order.
bool is_utc_timestamp(const std::string& s) {
  static constexpr char kPattern[] = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != sizeof kPattern - 1) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool ok = kPattern[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') : s[i] == kPattern[i];
    if (!ok) return false;
  }
  return true;
}

void validate(const Connection& impl, const RunRecord& run) {
  const std::string where = "history database " + impl.path.string() + ": run '" + run.run_id + "': ";
  if (run.run_id.empty()) throw InputError(where + "empty run id");
  if (run.plate.empty()) throw InputError(where + "empty plate name");
  if (!is_utc_timestamp(run.time_utc))
    throw InputError(where + "time must be UTC as YYYY-MM-DDTHH:MM:SSZ, got '" + run.time_utc + "'");
  for (const auto& c : run.controls) {
    if (c.control.empty()) throw InputError(where + "empty control name");
    if (!std::isfinite(c.value)) throw InputError(where + "control '" + c.control + "' has no finite value");
  }
}

std::string journal_mode(const Connection& conn) {
  Statement mode(conn, "PRAGMA journal_mode");
  return mode.step("cannot read the journal mode") ? mode.text(0) : std::string();
}

/// Opens `file` for `conn` (whose path names the database in messages).
void open(Connection& conn, const std::filesystem::path& file) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(file.c_str(), &conn.db, flags, nullptr) != SQLITE_OK) conn.fail("cannot open");
  sqlite3_extended_result_codes(conn.db, 1);
  sqlite3_busy_timeout(conn.db, kBusyTimeoutMs);
  conn.exec("PRAGMA foreign_keys = ON");
}

/// Builds a new history under a temporary name and links it into place, so no process ever
/// sees a half-made file. Two processes switching one new file to WAL at once fail
/// (SQLITE_BUSY, or SQLITE_IOERR_DELETE_NOENT when both delete the rollback journal): seen in
/// the fork test of test_history_db.cpp. The journal mode is stored in the file, so the linked
/// file is WAL from its first byte. Losing the race (the link exists) is fine: use the winner's.
void create_atomically(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  static std::atomic<int> counter{0};  // unique temporary names for threads of one process
  fs::path tmp = path;
  tmp += ".new-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  auto remove_tmp = [&] {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(fs::path(tmp) += suffix, ignored);
  };
  try {
    // Closed at the end of this block, before the link: closing the last connection
    // checkpoints the WAL into the file and removes the -wal and -shm files.
    Connection c;
    c.path = path;
    open(c, tmp);
    // WAL: readers never block the writer, and a crash mid-write keeps the last commit.
    c.exec("PRAGMA journal_mode = WAL");
    migrate(c);
  } catch (...) {
    remove_tmp();
    throw;
  }
  std::error_code ec;
  fs::create_hard_link(tmp, path, ec);
  if (ec && ec != std::errc::file_exists && !fs::exists(path)) {
    fs::rename(tmp, path, ec);  // a file system without hard links: not atomic, still whole
  }
  remove_tmp();
  if (ec && ec != std::errc::file_exists && !fs::exists(path))
    throw InputError("history database " + path.string() + ": cannot create: " + ec.message());
}

}  // namespace

struct HistoryDb::Impl : Connection {};

HistoryDb::HistoryDb(const std::filesystem::path& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) create_atomically(path);
  open(*impl_, path);
  if (journal_mode(*impl_) != "wal") impl_->exec("PRAGMA journal_mode = WAL");  // a file made elsewhere
  migrate(*impl_);
}

HistoryDb::~HistoryDb() = default;
HistoryDb::HistoryDb(HistoryDb&&) noexcept = default;
HistoryDb& HistoryDb::operator=(HistoryDb&&) noexcept = default;

const std::filesystem::path& HistoryDb::path() const { return impl_->path; }
int HistoryDb::schema_version() const { return impl_->version; }
int HistoryDb::latest_schema_version() { return kLatestVersion; }

void HistoryDb::record_run(const RunRecord& run) {
  validate(*impl_, run);
  const std::string doing = "cannot record run '" + run.run_id + "'";
  Transaction t(*impl_, /*write=*/true);
  Statement(*impl_, "INSERT INTO runs(run_id, plate, time_utc, tool_version, assay) VALUES (?, ?, ?, ?, ?)")
      .bind(1, run.run_id)
      .bind(2, run.plate)
      .bind(3, run.time_utc)
      .bind(4, run.tool_version)
      .bind(5, run.assay)
      .run(doing);
  const std::int64_t seq = sqlite3_last_insert_rowid(impl_->db);
  Statement ctl(*impl_, "INSERT INTO control_values(run_seq, control, value, unit) VALUES (?, ?, ?, ?)");
  for (const auto& c : run.controls) {
    ctl.bind(1, seq).bind(2, c.control).bind(3, c.value).bind(4, c.unit).run(doing);
  }
  Statement qc(*impl_, "INSERT INTO qc_verdicts(run_seq, check_name, verdict) VALUES (?, ?, ?)");
  for (const auto& q : run.qc)
    qc.bind(1, seq).bind(2, q.check).bind(3, std::string(verdict_name(q.verdict))).run(doing);
  t.commit();
}

std::vector<RunRecord> HistoryDb::runs() const {
  const std::string doing = "cannot read the runs";
  Transaction t(*impl_, /*write=*/false);  // one snapshot for the three queries
  std::vector<RunRecord> out;
  std::unordered_map<std::int64_t, std::size_t> index_of_seq;
  Statement r(*impl_, "SELECT seq, run_id, plate, time_utc, tool_version, assay FROM runs ORDER BY time_utc, seq");
  while (r.step(doing)) {
    index_of_seq[r.integer(0)] = out.size();
    out.push_back({r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), {}, {}});
  }
  Statement c(*impl_, "SELECT run_seq, control, value, unit FROM control_values ORDER BY rowid");
  while (c.step(doing)) out[index_of_seq.at(c.integer(0))].controls.push_back({c.text(1), c.real(2), c.text(3)});
  Statement q(*impl_, "SELECT run_seq, check_name, verdict FROM qc_verdicts ORDER BY rowid");
  while (q.step(doing)) {
    const auto v = parse_verdict(q.text(2));
    if (!v) throw InputError("history database " + impl_->path.string() + ": unknown verdict '" + q.text(2) + "'");
    out[index_of_seq.at(q.integer(0))].qc.push_back({q.text(1), *v});
  }
  t.commit();
  return out;
}

std::vector<SeriesPoint> HistoryDb::series(const std::string& control) const {
  Statement s(*impl_,
              "SELECT r.run_id, r.plate, r.time_utc, c.value, c.unit, "
              "EXISTS(SELECT 1 FROM qc_verdicts q WHERE q.run_seq = r.seq AND q.verdict = 'fail') "
              "FROM control_values c JOIN runs r ON r.seq = c.run_seq WHERE c.control = ? ORDER BY r.time_utc, r.seq");
  s.bind(1, control);
  std::vector<SeriesPoint> out;
  while (s.step("cannot read control '" + control + "'"))
    out.push_back({s.text(0), s.text(1), s.text(2), s.real(3), s.text(4), s.integer(5) != 0});
  return out;
}

std::vector<std::string> HistoryDb::controls() const {
  Statement s(*impl_, "SELECT DISTINCT control FROM control_values ORDER BY control");
  std::vector<std::string> out;
  while (s.step("cannot read the control names")) out.push_back(s.text(0));
  return out;
}

std::string HistoryDb::integrity_check() const {
  Statement s(*impl_, "PRAGMA integrity_check");
  std::string out;
  while (s.step("cannot check integrity")) out += (out.empty() ? "" : "; ") + s.text(0);
  return out;
}

}  // namespace lysisq::history
