// Knowledge extraction: a student trained on attack images alone, scored on real private images.
#include <doctest/doctest.h>

#include "attacks/metrics/knowledge_extraction.h"
#include "engine/core/random.h"
#include "temp_dir.h"

using namespace phantom;
using namespace phantom::attacks;

namespace {

// Two classes of 1x8x8 images: bright top half or bright bottom half, plus noise.
data::Dataset halves(int64_t n, uint64_t seed) {
  Generator gen(seed);
  data::Dataset ds{gen.uniform({n, 1, 8, 8}, 0.0, 0.3), {}, {"top", "bottom"}, "halves"};
  float* p = ds.images.data<float>();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t label = i % 2;
    ds.labels.push_back(label);
    for (int64_t y = label ? 4 : 0; y < (label ? 8 : 4); ++y)
      for (int64_t x = 0; x < 8; ++x) p[i * 64 + y * 8 + x] += 0.6f;
  }
  return ds;
}

KnowledgeExtractionConfig tiny_student() {
  KnowledgeExtractionConfig c;
  c.arch = "resnet18-cifar";
  c.width = 4;
  c.epochs = 4;
  c.batch_size = 8;
  c.lr = 1e-2;
  c.seed = 5;
  return c;
}

}  // namespace

TEST_CASE("knowledge extraction on a separable task scores high, the same for the same seed") {
  TempDir dir("knowledge_extraction");
  const data::Dataset attack = halves(32, 1), train = halves(24, 2), test = halves(24, 3);
  KnowledgeExtractionScore a = knowledge_extraction_score(attack.images, attack.labels, train, test,
                                                          tiny_student(), dir.file("a"));
  MESSAGE("student accuracy: private train ", a.train_accuracy, ", private test ", a.test_accuracy);
  CHECK(a.train_accuracy >= 0.9);
  CHECK(a.test_accuracy >= 0.9);
  KnowledgeExtractionScore b = knowledge_extraction_score(attack.images, attack.labels, train, test,
                                                          tiny_student(), dir.file("b"));
  CHECK(a.train_accuracy == b.train_accuracy);
  CHECK(a.test_accuracy == b.test_accuracy);
  CHECK(std::filesystem::exists(dir.file("a/model.safetensors")));
}

TEST_CASE("knowledge extraction: attack images with wrong labels teach nothing useful") {
  TempDir dir("knowledge_extraction_swapped");
  data::Dataset attack = halves(32, 1);
  for (int64_t& label : attack.labels) label = 1 - label;  // every image under the wrong class
  KnowledgeExtractionScore s =
      knowledge_extraction_score(attack.images, attack.labels, halves(24, 2), halves(24, 3),
                                 tiny_student(), dir.path.string());
  CHECK(s.test_accuracy <= 0.1);
}

TEST_CASE("knowledge extraction rejects attack images of another shape") {
  TempDir dir("knowledge_extraction_shape");
  CHECK_THROWS_AS(
      knowledge_extraction_score(Tensor::zeros({4, 1, 6, 6}), {0, 1, 0, 1}, halves(8, 2),
                                 halves(8, 3), tiny_student(), dir.path.string()),
      UserError);
}
