// One progress bar per stage of a multi-stage job (the attack's sampling, optimisation and
// selection), fed with (stage, done, total) reports: a new bar starts when the stage changes or
// reports 0 done, and the bar advances by the difference to the previous report.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "tools/render/progress.h"

namespace phantom::render {

class StageBars {
 public:
  StageBars(std::string label_prefix, std::string unit)
      : prefix_(std::move(label_prefix)), unit_(std::move(unit)) {}
  void operator()(const std::string& stage, int64_t done, int64_t total);
  void finish() { bar_.reset(); }  // ends the current bar's line

 private:
  std::string prefix_, unit_, stage_;
  int64_t done_ = 0;
  std::unique_ptr<ProgressBar> bar_;
};

}  // namespace phantom::render
