#include "tools/render/stage_bars.h"

namespace phantom::render {

void StageBars::operator()(const std::string& stage, int64_t done, int64_t total) {
  if (!bar_ || stage != stage_ || done == 0) {
    bar_.reset();  // finish the previous line first
    bar_ = std::make_unique<ProgressBar>(prefix_ + stage, total, unit_);
    stage_ = stage;
    done_ = 0;
  }
  bar_->advance(done - done_);
  done_ = done;
}

}  // namespace phantom::render
