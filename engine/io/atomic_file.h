// Atomic file output: readers see either the previous file or the complete new one, never a part,
// and a failed or interrupted write leaves nothing behind. Every output and checkpoint goes
// through here.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace phantom {

// Bytes go to a temporary file in the same directory as `path` (so the final rename cannot cross
// file systems); commit() fsyncs it and renames it over `path`. Destroying an uncommitted
// AtomicFile (an error, an exception in the caller) removes the temporary file. Every failure
// throws UserError naming `path`.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t bytes);
  void write(std::string_view text) { write(text.data(), text.size()); }
  void commit();

 private:
  [[noreturn]] void fail(const char* action);  // removes the temp file, throws with errno's text
  void discard();

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  bool committed_ = false;
};

// Writes `contents` to `path` atomically.
void write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace phantom
