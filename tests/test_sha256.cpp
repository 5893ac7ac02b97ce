// SHA-256 against the FIPS 180-4 example vectors and a file hashed in several chunks.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "engine/core/error.h"
#include "engine/io/sha256.h"
#include "tests/temp_dir.h"

using namespace phantom;

TEST_CASE("sha256 matches the standard's test vectors") {
  CHECK(io::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(io::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(io::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 of a file equals sha256 of its bytes, across read chunks") {
  TempDir tmp("sha256");
  std::string bytes(200000, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 + i / 300);
  std::ofstream(tmp.file("blob"), std::ios::binary) << bytes;
  CHECK(io::sha256_file_hex(tmp.file("blob")) == io::sha256_hex(bytes));
  CHECK(io::sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK_THROWS_AS(io::sha256_file_hex(tmp.file("missing")), UserError);
}
