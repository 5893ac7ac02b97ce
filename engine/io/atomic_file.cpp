#include "engine/io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "engine/core/error.h"

namespace phantom {

namespace {

std::string directory_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A fresh name next to `path`; O_EXCL in the caller guards against the unlikely collision.
std::string temp_name_for(const std::string& path) {
  std::random_device entropy;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".tmp-%d-%08x", static_cast<int>(::getpid()), entropy());
  return path + suffix;
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  PHANTOM_REQUIRE(!path_.empty(), "cannot write a file with an empty path");
  for (int attempt = 0; attempt < 8 && fd_ < 0; ++attempt) {
    temp_path_ = temp_name_for(path_);
    // 0666 minus the umask, like any file the user creates; O_EXCL never reuses an existing file.
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && errno != EEXIST) break;
  }
  if (fd_ < 0) {
    temp_path_.clear();  // nothing was created, so nothing to remove
    fail("create a temporary file for");
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  temp_path_.clear();
}

void AtomicFile::fail(const char* action) {
  std::string reason = std::strerror(errno);
  discard();
  throw UserError("cannot " + std::string(action) + " " + path_ + ": " + reason);
}

void AtomicFile::write(const void* data, size_t bytes) {
  PHANTOM_CHECK(fd_ >= 0 && !committed_, "write to a closed AtomicFile for ", path_);
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    ssize_t n = ::write(fd_, p, bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("write");
    p += n;
    bytes -= static_cast<size_t>(n);
  }
}

void AtomicFile::commit() {
  PHANTOM_CHECK(fd_ >= 0 && !committed_, "commit of a closed AtomicFile for ", path_);
  // The data must be on disk before the rename makes it visible, or a crash could leave a
  // complete-looking name with missing contents.
  if (::fsync(fd_) != 0) fail("flush");
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("close");
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) fail("rename the temporary file onto");
  committed_ = true;
  // Persist the rename itself. The new file is already in place, so a failure here only weakens
  // durability across a power loss; it is not reported.
  int dir = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void write_file_atomically(const std::string& path, std::string_view contents) {
  AtomicFile file(path);
  file.write(contents);
  file.commit();
}

}  // namespace phantom
